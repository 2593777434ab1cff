// `template tabletags on|off --business ID` through the CLI contract (in-process, real data folder):
// a business's tables tagged as tables for screen readers, on by default, stored per business and
// audited; any state but on or off, or an unknown business, is refused with nothing written.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { cli, writeJson } from '../../helpers/cli-in-process.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';
import { openStore } from '../../../src-main/db/store.js';
import { DEFAULT_PDF_SETTINGS, readPdfSettings } from '../../../src-main/pdf/settings.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function rows(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

async function business(dataDir: string, dir: string, name: string): Promise<string> {
  const file = writeJson(dir, {
    name, address: 'Shop 14, Laxmi Road\nPune 411030', stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
    taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
  });
  const added = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', file);
  expect(added.code, added.stderr).toBe(0);
  return (JSON.parse(added.stdout) as { id: string }).id;
}

function settingsOf(dataDir: string, businessId: string) {
  const store = openStore(dataDir);
  try {
    return store.read((db) => readPdfSettings(db, dataDir, businessId));
  } finally {
    store.close();
  }
}

const tagAudits = (dataDir: string) => rows(dataDir, "SELECT business_id, actor, entity, entity_id, details FROM audit_log WHERE action = 'pdf.tabletags.set' ORDER BY seq");

describe('template tabletags', () => {
  it('is on by default, turns off and on for one business only, prints { business, tableTags } and audits each change', async () => {
    const dir = temp.make();
    const dataDir = join(dir, 'data');
    const id = await business(dataDir, dir, 'Sahyadri Handloom Traders');
    const other = await business(dataDir, dir, 'Kaveri Textiles');
    expect(DEFAULT_PDF_SETTINGS.tableTags).toBe(true);
    expect(settingsOf(dataDir, id)).toEqual({ template: null, pdfA: true, tableTags: true });

    const off = await cli('--data-dir', dataDir, '--json', 'template', 'tabletags', 'off', '--business', id);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual({ business: id, tableTags: false });
    expect(rows(dataDir, 'SELECT business_id, pdf_a, table_tags FROM business_pdf_settings')).toEqual([{ business_id: id, pdf_a: 1, table_tags: 0 }]);
    expect(settingsOf(dataDir, id)).toEqual({ template: null, pdfA: true, tableTags: false });
    expect(settingsOf(dataDir, other).tableTags).toBe(true);

    // PDF/A-2b is a separate choice: turning it off leaves the tables as they are.
    expect((await cli('--data-dir', dataDir, 'template', 'pdfa', 'off', '--business', id)).code).toBe(0);
    expect(settingsOf(dataDir, id)).toEqual({ template: null, pdfA: false, tableTags: false });
    // A business whose first PDF choice is PDF/A keeps the default tagged tables.
    expect((await cli('--data-dir', dataDir, 'template', 'pdfa', 'off', '--business', other)).code).toBe(0);
    expect(settingsOf(dataDir, other)).toEqual({ template: null, pdfA: false, tableTags: true });

    const on = await cli('--data-dir', dataDir, 'template', 'tabletags', 'on', '--business', id);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/tables tagged for screen readers on/);
    expect(settingsOf(dataDir, id)).toEqual({ template: null, pdfA: false, tableTags: true });

    expect(tagAudits(dataDir)).toEqual([
      { business_id: id, actor: 'cli', entity: 'business', entity_id: id, details: JSON.stringify({ tableTags: false }) },
      { business_id: id, actor: 'cli', entity: 'business', entity_id: id, details: JSON.stringify({ tableTags: true }) },
    ]);
    const verify = await cli('--data-dir', dataDir, '--json', 'audit', 'verify');
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('refuses a state other than on or off, and an unknown business, changing nothing', async () => {
    const dir = temp.make();
    const dataDir = join(dir, 'data');
    const id = await business(dataDir, dir, 'Sahyadri Handloom Traders');
    for (const state of ['yes', 'ON', '1', '']) {
      const bad = await cli('--data-dir', dataDir, '--json', 'template', 'tabletags', state, '--business', id);
      expect(bad.code, state).toBe(2);
      const doc = JSON.parse(bad.stdout) as { ok: false; error: { code: string; message: string } };
      expect(doc.ok).toBe(false);
      expect(doc.error).toMatchObject({ code: 'BAD_INPUT', message: `STATE: "${state}" is not on or off` });
    }
    const plain = await cli('--data-dir', dataDir, 'template', 'tabletags', 'yes', '--business', id);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('STATE: "yes" is not on or off');
    const unknown = await cli('--data-dir', dataDir, '--json', 'template', 'tabletags', 'off', '--business', 'no-such-business');
    expect(unknown.code).toBe(2);
    expect((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(rows(dataDir, 'SELECT * FROM business_pdf_settings')).toEqual([]);
    expect(tagAudits(dataDir)).toEqual([]);
    expect(settingsOf(dataDir, id).tableTags).toBe(true);
  });
});
