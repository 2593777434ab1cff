// Restore from a backup in Settings, in Debian Chromium over the preview bridge: the backup is
// picked from the backup folder's list, a damaged copy cannot be restored (the data untouched), the
// confirmation shows what the backup holds and says the current data moves aside (nothing
// deleted); restoring reloads the page on the restored data and says, over whichever screen the app opens on,
// what was restored and where the replaced data went; the next invoice generated from
// the UI continues after the highest number ever issued here (no number, no PDF reused). axe-core
// finds no WCAG A/AA violation; screenshots go to test-results/screenshots/ (restore-*.png).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { buildForPreview, chromiumMissing, ledgerflow as cli, startPreview, stopPreview, type Preview, noViolations, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-restore.test.ts', 'the restore end-to-end tests');


function pdfNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.pdf')).map((n) => n.split('/').pop()!).sort();
}

describe.skipIf(missingChromium)('restoring a backup from Settings', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';
  let businessId = '';
  const IN_BACKUP = 3;
  const AFTER_BACKUP = 2;

  const run = (...args: string[]): unknown => {
    const r = cli(['--data-dir', dataDir, '--json', ...args]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  const seqs = (): number[] => {
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      return (db.prepare("SELECT seq FROM invoices WHERE business_id = ? AND number IS NOT NULL ORDER BY seq").pluck().all(businessId) as number[]);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-restore-'));
    const file = (name: string, value: unknown) => {
      const path = join(dataDir, name);
      writeFileSync(path, JSON.stringify(value));
      return path;
    };
    businessId = String((run('business', 'add', '--file', file('business.json', { name: 'Restore Traders', address: 'Shop 1, Main Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', sandbox: true })) as { id: string }).id);
    run('product', 'add', '--business', businessId, '--file', file('product.json', { sku: 'TEA-1', name: 'Assam tea 250 g', hsn: '0902', price: '180.00', taxRate: '5' }));
    run('batch', '--business', businessId, '--count', String(IN_BACKUP), '--seed', 'before');
    mkdirSync(join(dataDir, 'backups'));
    run('backup', '--out', join(dataDir, 'backups', 'before.tar.gz'));
    const bytes = readFileSync(join(dataDir, 'backups', 'before.tar.gz'));
    writeFileSync(join(dataDir, 'backups', 'damaged.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    // Issued after the backup, with their PDFs: the restore loses them, their numbers stay used.
    run('batch', '--business', businessId, '--count', String(AFTER_BACKUP), '--seed', 'after');
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a damaged backup in the confirmation: nothing can be restored, nothing changes', async () => {
    await page.goto(preview!.url);
    await page.locator('nav').getByText(/^Settings/).first().click();
    await page.getByTestId('verify-backup').waitFor();
    await page.getByTestId('verify-backup-file').selectOption('damaged.tar.gz');
    await page.getByTestId('restore-backup-start').click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.waitFor();
    await page.getByTestId('restore-not-verified').waitFor();
    await expect(dialog.locator('.problems').textContent()).resolves.toMatch(/damaged\.tar\.gz: (the backup is truncated|cannot read the backup)/);
    await expect(page.getByTestId('restore-confirm').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'restore-refused.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('replaced-'))).toEqual([]);
  }, 120_000);

  it('restores the verified backup after a confirmation, reloads, and the next invoice continues after the highest number', async () => {
    const pdfsBefore = pdfNames(join(dataDir, 'documents'));
    expect(pdfsBefore).toHaveLength(IN_BACKUP + AFTER_BACKUP);
    await page.getByTestId('verify-backup-file').selectOption('before.tar.gz');
    await page.getByTestId('restore-backup-start').click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.waitFor();
    const warning = page.getByTestId('restore-warning');
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain(`moved to a new folder named replaced-<date and time> inside ${dataDir}. Nothing is deleted.`);
    await expect(dialog.getByTestId('verify-backup-invoices').textContent()).resolves.toBe(String(IN_BACKUP));
    await expect(dialog.getByTestId('verify-backup-series').textContent()).resolves.toMatch(/3$/);
    await noViolations(page, 'restore confirmation');
    await page.screenshot({ path: join(SHOTS, 'restore-confirm.png'), fullPage: true });

    await page.getByTestId('restore-confirm').click();
    // The page reloads on the restored data and says what happened, on the screen the app
    // reopens on (Home, not the Settings card the restore started from).
    const done = page.getByTestId('restore-done');
    await done.waitFor({ timeout: 120_000 });
    await expect(page.locator('nav [aria-current="page"]').textContent()).resolves.toMatch(/^Home/);
    await expect(done.textContent()).resolves.toContain(`The data it replaced is kept in ${join(dataDir, 'replaced-')}`);
    await expect(done.textContent()).resolves.toMatch(new RegExp(`Restored from .*before\\.tar\\.gz: numbered invoices ${IN_BACKUP}, PDF documents ${IN_BACKUP}\\..*continues after ${IN_BACKUP + AFTER_BACKUP}`));
    // Home says the restored backup, not "No backup yet" (the backup's own entry is not in its snapshot).
    await expect.poll(() => page.getByTestId('home-last-backup').textContent()).not.toContain('No backup yet');
    await expect(page.getByTestId('home-last-backup').locator('time').count()).resolves.toBe(1);
    await noViolations(page, 'settings after restore');
    await page.screenshot({ path: join(SHOTS, 'restore-done.png'), fullPage: true });
    expect(seqs()).toEqual([1, 2, 3]);
    const aside = readdirSync(dataDir).filter((n) => n.startsWith('replaced-'));
    expect(aside).toHaveLength(1);
    expect(pdfNames(join(dataDir, aside[0]!, 'documents'))).toEqual(pdfsBefore);

    // One more invoice from the Generate screen: number 6, not 4; its PDF is a new name.
    await page.locator('nav').getByText(/^Generate/).first().click();
    await page.locator('#batch_count').fill('1');
    await page.locator('form#batch-form button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('batch-report').isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await page.getByTestId('batch-created').textContent()).toBe('1');
    expect(seqs()).toEqual([1, 2, 3, IN_BACKUP + AFTER_BACKUP + 1]);
    const pdfsAfter = pdfNames(join(dataDir, 'documents'));
    expect(pdfsAfter).toHaveLength(IN_BACKUP + 1);
    const fresh = pdfsAfter.filter((n) => !pdfsBefore.includes(n));
    expect(fresh).toHaveLength(1);
    await noViolations(page, 'generate after restore');
    await page.screenshot({ path: join(SHOTS, 'restore-issued.png'), fullPage: true });
    const check = cli(['--data-dir', dataDir, '--json', 'check', 'sequence', '--business', businessId]);
    expect(check.status, check.stdout + check.stderr).toBe(0);

    // The notice stays over every screen until dismissed, and is shown once: not after another reload.
    await page.getByTestId('restore-done-dismiss').click();
    await done.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect(done.count()).resolves.toBe(0);
  }, 300_000);
});
