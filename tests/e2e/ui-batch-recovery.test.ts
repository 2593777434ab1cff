// A batch whose process was killed, finished from the Home screen in Debian Chromium over the
// preview bridge: the batch is shown as interrupted with a Resume button, the confirmation says
// that invoices will be issued, and resuming issues exactly the invoices the batch never reached
// (gap-free numbers, nothing issued twice). axe-core finds no WCAG A/AA violation with the
// confirmation open; screenshots go to test-results/screenshots/ (recovery-*.png).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { buildForPreview, chromiumMissing, ledgerflow as cli, startPreview, stopPreview, type Preview, noViolations, SHOTS, openBrowser } from './browser-suite.js';

const missingChromium = chromiumMissing('tests/e2e/ui-batch-recovery.test.ts', 'the batch recovery end-to-end tests');


/** A pid that belonged to a process which has exited: the owner of a batch killed mid-run. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('close', resolve));
  return child.pid!;
}

describe.skipIf(missingChromium)('resuming an interrupted batch from the Home screen', () => {
  let browser: Browser;
  let preview: Preview | undefined;
  let page: Page;
  let dataDir = '';
  let businessId = '';
  let batchId = '';
  let backupFile = '';
  const REQUESTED = 20;
  const ISSUED_BEFORE_KILL = 12;

  const run = (...args: string[]): unknown => {
    const r = cli(['--data-dir', dataDir, '--json', ...args]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    buildForPreview();
    dataDir = mkdtempSync(join(tmpdir(), 'lf-ui-recovery-'));
    const file = (name: string, value: unknown) => {
      const path = join(dataDir, name);
      writeFileSync(path, JSON.stringify(value));
      return path;
    };
    businessId = String((run('business', 'add', '--file', file('business.json', { name: 'Resume Traders', address: 'Shop 1, Main Road, Pune', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in', currency: 'INR', sandbox: true })) as { id: string }).id);
    run('product', 'add', '--business', businessId, '--file', file('product.json', { sku: 'TEA-1', name: 'Assam tea 250 g', hsn: '0902', price: '180.00', taxRate: '5' }));
    batchId = (run('batch', '--business', businessId, '--count', String(ISSUED_BEFORE_KILL), '--seed', 'recovery', '--no-pdf') as { batchId: string }).batchId;
    // In the backup folder (Settings lists it there: the preview reads no typed path).
    mkdirSync(join(dataDir, 'backups'));
    backupFile = join(dataDir, 'backups', 'before-kill.tar.gz');
    run('backup', '--out', backupFile);
    // Make the row look as a kill mid-batch leaves it: still running, more asked for, owner gone.
    const pid = await deadPid();
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'));
    try {
      db.prepare("UPDATE batches SET status = 'running', requested = ?, finished_at = NULL, duration_ms = NULL, owner_pid = ?, owner_host = ?, config = json_set(config, '$.count', ?) WHERE id = ?").run(REQUESTED, pid, hostname(), REQUESTED, batchId);
    } finally {
      db.close();
    }
    preview = await startPreview(dataDir);
    ({ browser, page } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopPreview(preview);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the batch as interrupted, asks before issuing, and resumes it to completion', async () => {
    await page.goto(preview!.url);
    await page.getByTestId('business-select').waitFor();
    await page.getByTestId('business-select').selectOption(businessId);
    await page.getByTestId('batch-stale').waitFor();
    const resume = page.getByTestId('batch-resume');
    await expect(resume.textContent()).resolves.toBe('Resume');

    await resume.click();
    const dialog = page.getByTestId('recovery-dialog');
    await dialog.waitFor();
    const warning = await dialog.locator('#recovery-warning').textContent();
    expect(warning).toContain(`issuing ${ISSUED_BEFORE_KILL} of ${REQUESTED} invoices`);
    await noViolations(page, 'resume confirmation');
    await page.screenshot({ path: join(SHOTS, 'recovery-confirm.png'), fullPage: true });

    // Cancelling issues nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM invoices WHERE business_id = ?', businessId)[0]!.n).toBe(ISSUED_BEFORE_KILL);

    await resume.click();
    await page.getByTestId('recovery-confirm').click();
    await page.getByText(`Batch finished: ${REQUESTED} invoices issued`).first().waitFor({ timeout: 120_000 });
    await page.getByTestId('recovery-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('batch-stale').waitFor({ state: 'detached' });
    await expect(page.getByTestId('batch-resume').count()).resolves.toBe(0);
    await noViolations(page, 'home after resume');
    await page.screenshot({ path: join(SHOTS, 'recovery-done.png'), fullPage: true });

    expect(query('SELECT status, created_count AS created, failed_count AS failed FROM batches WHERE id = ?', batchId)).toEqual([{ status: 'completed', created: REQUESTED, failed: 0 }]);
    // Every invoice of the batch exactly once, numbered without a gap.
    const seqs = query<{ seq: number }>("SELECT seq FROM invoices WHERE business_id = ? AND kind = 'tax_invoice' ORDER BY seq", businessId).map((r) => r.seq);
    expect(seqs.length).toBe(REQUESTED);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM invoices WHERE business_id = ? AND batch_id = ?', businessId, batchId)[0]!.n).toBe(REQUESTED);
  }, 300_000);

  it('verifies a backup file in Settings and says what it holds; a damaged copy is refused', async () => {
    const bytes = readFileSync(backupFile);
    writeFileSync(join(dataDir, 'backups', 'damaged.tar.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await page.locator('nav').getByText(/^Settings/).first().click();
    const card = page.getByTestId('verify-backup');
    await card.waitFor();
    await page.getByTestId('verify-backup-file').selectOption('before-kill.tar.gz');
    await page.getByTestId('verify-backup-run').click();
    await page.getByTestId('verify-backup-result').waitFor();
    await expect(card.getByText('The backup is intact').first().isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('verify-backup-invoices').textContent()).resolves.toBe(String(ISSUED_BEFORE_KILL));
    await expect(page.getByTestId('verify-backup-series').textContent()).resolves.toMatch(new RegExp(`${ISSUED_BEFORE_KILL}$`));
    await noViolations(page, 'verify backup');
    await page.screenshot({ path: join(SHOTS, 'recovery-verify-backup.png'), fullPage: true });

    await page.getByTestId('verify-backup-file').selectOption('damaged.tar.gz');
    await page.getByTestId('verify-backup-run').click();
    await page.getByText(/^The backup has \d+ problems?$/).first().waitFor();
    await expect(card.getByText('The backup is intact').count()).resolves.toBe(0);
    await expect(card.locator('.problems').textContent()).resolves.toMatch(/damaged\.tar\.gz: (the backup is truncated|cannot read the backup)/);
  }, 120_000);
  it('retries a batch whose PDFs failed from Home: the missing PDFs are rendered, nothing is issued again', async () => {
    // A batch that finished with two PDFs failed (as a full disk or a killed renderer leaves it).
    const retryBatchId = (run('batch', '--business', businessId, '--count', '3', '--seed', 'retry') as { batchId: string }).batchId;
    const failed = query<{ id: string; number: string }>('SELECT id, number FROM invoices WHERE batch_id = ? ORDER BY seq LIMIT 2', retryBatchId);
    const docs = join(dataDir, 'documents');
    const pdfName = (number: string) => `${number.replace(/[^A-Za-z0-9._-]/g, '-')}.pdf`;
    const pdfOf = (number: string) => (readdirSync(docs, { recursive: true }) as string[]).find((n) => n.split('/').pop() === pdfName(number));
    const db = new Database(join(dataDir, 'ledgerflow.sqlite'));
    try {
      for (const invoice of failed) {
        const file = pdfOf(invoice.number);
        if (file) rmSync(join(docs, file));
        db.prepare('UPDATE invoices SET pdf_sha256 = NULL WHERE id = ?').run(invoice.id);
      }
      db.prepare("UPDATE batches SET status = 'completed_with_errors', failed_count = 2 WHERE id = ?").run(retryBatchId);
    } finally {
      db.close();
    }
    const before = query<{ n: number }>('SELECT COUNT(*) AS n FROM invoices WHERE business_id = ?', businessId)[0]!.n;
    await page.locator('nav').getByText(/^Home/).first().click();
    await page.reload();
    const retry = page.getByTestId('batch-retry').first();
    await retry.waitFor();
    await retry.click();
    const dialog = page.getByTestId('recovery-dialog');
    await dialog.waitFor();
    await expect(dialog.locator('#recovery-warning').textContent()).resolves.toContain('2 invoices or PDFs of this batch failed');
    await noViolations(page, 'retry confirmation');
    await page.screenshot({ path: join(SHOTS, 'recovery-retry-confirm.png'), fullPage: true });
    await page.getByTestId('recovery-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });
    await noViolations(page, 'home after retry');
    await page.screenshot({ path: join(SHOTS, 'recovery-retry-done.png'), fullPage: true });
    // Both PDFs are back, recorded with their hashes; no invoice was issued again.
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM invoices WHERE batch_id = ? AND pdf_sha256 IS NULL', retryBatchId)[0]!.n).toBe(0);
    for (const invoice of failed) expect(pdfOf(invoice.number), invoice.number).toBeTruthy();
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM invoices WHERE business_id = ?', businessId)[0]!.n).toBe(before);
  }, 180_000);
});
