// `template check|use|reset FILE --business ID` through the CLI contract (in-process, real data
// folder), on the same functions the app's PDF card calls (pdf/business-template.ts): a broken
// template prints FILE:LINE:COLUMN and exits 2 with nothing changed; the example is used from a
// checked copy (audited with the path given); reset goes back to the built-in template.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, writeJson } from '../../helpers/cli-in-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const EXAMPLE = resolve(import.meta.dirname, '..', '..', '..', 'resources', 'templates', 'example', 'invoice.typ');

function rows(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

describe('template check|use|reset', () => {
  it('refuses a broken template with FILE:LINE:COLUMN (exit 2, nothing stored), uses the example, and resets', async () => {
    const dir = temp.make();
    const dataDir = join(dir, 'data');
    const file = writeJson(dir, {
      name: 'Sahyadri Handloom Traders', address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
      taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
    });
    const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', file);
    expect(added.code, added.stderr).toBe(0);
    const id = (JSON.parse(added.stdout) as { id: string }).id;
    mkdirSync(join(dir, 'broken'));
    const broken = join(dir, 'broken', 'invoice.typ');
    writeFileSync(broken, '#let data = json(bytes(sys.inputs.data))\n\nTotal: #data.document.totals.grandTotal.amount\n');
    const template = (sql: string) => rows(dataDir, `SELECT ${sql} FROM business_pdf_settings WHERE business_id = ?`, id);

    for (const command of ['check', 'use']) {
      const refused = await cli('--data-dir', dataDir, 'template', command, broken, '--business', id);
      expect(refused.code, command).toBe(2);
      expect(refused.stdout.split('\n')[0]).toMatch(/:3:\d+: error: cannot access fields on type string$/);
      expect(refused.stdout.startsWith(`${broken}:3:`)).toBe(true);
      // Not "0 of 1 samples passed": the compile error stopped the check at its first sample.
      expect(refused.stdout).toMatch(/NOT accepted: it does not compile \(stopped at sample invoice 1 of \d+\)\n?$/);
    }
    expect(template('template_path')).toEqual([]);

    const used = await cli('--data-dir', dataDir, '--json', 'template', 'use', EXAMPLE, '--business', id);
    expect(used.code, used.stderr).toBe(0);
    const result = JSON.parse(used.stdout) as { ok: boolean; installed: string };
    expect(result.ok).toBe(true);
    expect(result.installed.startsWith(join(dataDir, 'templates', id))).toBe(true);
    expect(result.installed).toMatch(/invoice\.typ$/);
    expect(rows(dataDir, "SELECT actor, details FROM audit_log WHERE action = 'pdf.template.set'")).toEqual([
      { actor: 'cli', details: JSON.stringify({ template: EXAMPLE, copy: (template('template_path')[0] as { template_path: string }).template_path }) },
    ]);

    const reset = await cli('--data-dir', dataDir, 'template', 'reset', '--business', id);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/built-in template/);
    expect(template('template_path')).toEqual([{ template_path: null }]);
  }, 120_000);
});
