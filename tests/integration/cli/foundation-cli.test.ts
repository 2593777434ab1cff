// The foundation commands of the CLI contract, run in-process through main(argv, io) on real data
// folders: business add/list, check sequence, audit verify; exit codes 0/1/2 and --json.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src-main/cli/main.js';
import { packageRoot } from '../../../src-main/runtime/paths.js';
import { openStore } from '../../../src-main/db/store.js';
import { getSeries } from '../../../src-main/db/repos/businesses.js';
import { issueInvoicesForBench } from '../../helpers/issue.js';
import { TempDirs, databaseFile } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const GST_BUSINESS = {
  name: 'Sharma Electronics', address: '12 Linking Road, Mumbai', countryCode: 'IN', stateCode: '27', taxRegime: 'gst-in',
  taxId: '27AAPFU0939F1ZV', currency: 'INR', sandbox: true,
};

function writeJson(dir: string, value: unknown): string {
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

function countRows(dataDir: string, table: string): number {
  if (!existsSync(databaseFile(dataDir))) return 0;
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function addBusiness(dataDir: string): Promise<string> {
  const result = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', writeJson(temp.make(), GST_BUSINESS));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { id: string }).id;
}

describe('ledgerflow business add --file', () => {
  it('adds a valid business (exit 0), with its series, audit and outbox rows; --json prints exactly one document', async () => {
    const dataDir = temp.make();
    const result = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', writeJson(temp.make(), GST_BUSINESS));
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as { id: string; name: string; taxRegime: string; fiscalYearStartMonth: number };
    expect(created).toMatchObject({ name: 'Sharma Electronics', taxRegime: 'gst-in', fiscalYearStartMonth: 4 });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(countRows(dataDir, 'businesses')).toBe(1);
    expect(countRows(dataDir, 'series')).toBe(3); // tax invoices, credit notes, bills of supply
    expect(countRows(dataDir, 'audit_log')).toBe(1);
    expect(countRows(dataDir, 'outbox')).toBe(1);
  });

  it('prints a human line without --json, and accepts global options after the command', async () => {
    const dataDir = temp.make();
    const result = await cli('business', 'add', '--file', writeJson(temp.make(), GST_BUSINESS), '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^added business Sharma Electronics \(gst-in\) with id [0-9a-f-]{36}\n$/);
  });

  it('refuses an unknown key with exit 2 naming its JSON path, and writes nothing', async () => {
    const dataDir = temp.make();
    const result = await cli('--data-dir', dataDir, 'business', 'add', '--file', writeJson(temp.make(), { ...GST_BUSINESS, colour: 'blue' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('$.colour');
    expect(result.stderr).toContain('unknown key "colour"');
    expect(result.stdout).toBe('');
    expect(countRows(dataDir, 'businesses')).toBe(0);
    expect(countRows(dataDir, 'audit_log')).toBe(0);
    expect(countRows(dataDir, 'outbox')).toBe(0);
  });

  it('refuses a wrong type with exit 2 naming its JSON path, and writes nothing; --json gives the error document', async () => {
    const dataDir = temp.make();
    const result = await cli('--data-dir', dataDir, '--json', 'business', 'add', '--file', writeJson(temp.make(), { ...GST_BUSINESS, fiscalYearStartMonth: 'April' }));
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout) as { ok: false; error: { code: string; message: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('BAD_INPUT');
    expect(doc.error.message).toContain('$.fiscalYearStartMonth');
    expect(countRows(dataDir, 'businesses')).toBe(0);
  });

  it('refuses a nested wrong type, a missing file and invalid JSON with exit 2', async () => {
    const dataDir = temp.make();
    const nested = await cli('--data-dir', dataDir, 'business', 'add', '--file', writeJson(temp.make(), { ...GST_BUSINESS, taxSettings: 'composition' }));
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('$.taxSettings');
    const missing = await cli('--data-dir', dataDir, 'business', 'add', '--file', join(temp.make(), 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the file/);
    const broken = join(temp.make(), 'broken.json');
    writeFileSync(broken, '{"name": ');
    const invalid = await cli('--data-dir', dataDir, 'business', 'add', '--file', broken);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/broken\.json: not valid JSON/);
    expect(countRows(dataDir, 'businesses')).toBe(0);
  });

  it('usage errors exit 2 (missing --file, unknown command)', async () => {
    const dataDir = temp.make();
    expect((await cli('--data-dir', dataDir, 'business', 'add')).code).toBe(2);
    expect((await cli('--data-dir', dataDir, 'no-such-command')).code).toBe(2);
  });
});

describe('ledgerflow business list', () => {
  it('--json lists each business with its id; an empty folder lists none', async () => {
    const dataDir = temp.make();
    const empty = await cli('--data-dir', dataDir, '--json', 'business', 'list');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);
    const first = await addBusiness(dataDir);
    const second = await addBusiness(dataDir);
    const listed = await cli('business', 'list', '--json', '--data-dir', dataDir);
    expect(listed.code).toBe(0);
    const businesses = JSON.parse(listed.stdout) as Array<{ id: string; name: string }>;
    expect(businesses.map((b) => b.id)).toEqual([first, second]);
    expect(businesses[0]).not.toHaveProperty('logo');
    const human = await cli('--data-dir', dataDir, 'business', 'list');
    expect(human.stdout.trim().split('\n')).toHaveLength(2);
    expect(human.stdout).toContain(first);
  });

  it('honours LEDGERFLOW_DATA_DIR when --data-dir is absent', async () => {
    const dataDir = temp.make();
    const previous = process.env.LEDGERFLOW_DATA_DIR;
    process.env.LEDGERFLOW_DATA_DIR = dataDir;
    try {
      const id = await (async () => {
        const result = await cli('--json', 'business', 'add', '--file', writeJson(temp.make(), GST_BUSINESS));
        expect(result.code).toBe(0);
        return (JSON.parse(result.stdout) as { id: string }).id;
      })();
      const listed = JSON.parse((await cli('--json', 'business', 'list')).stdout) as Array<{ id: string }>;
      expect(listed.map((b) => b.id)).toEqual([id]);
    } finally {
      if (previous === undefined) delete process.env.LEDGERFLOW_DATA_DIR;
      else process.env.LEDGERFLOW_DATA_DIR = previous;
    }
  });
});

describe('ledgerflow check sequence --business ID', () => {
  it('exit 0 on an intact ledger; exit 1 naming the first gap after raw SQL removes an invoice; exit 2 for an unknown business', async () => {
    const dataDir = temp.make();
    const businessId = await addBusiness(dataDir);
    const store = openStore(dataDir);
    const series = getSeries(store.db, businessId, 'invoice');
    const issued = issueInvoicesForBench(store, { businessId, series, fiscalYearStartMonth: 4, date: '2026-01-15', count: 5 });
    store.close();

    const ok = await cli('--data-dir', dataDir, 'check', 'sequence', '--business', businessId);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('INV 2025-26: 1..5 (5 issued, 0 void)');
    expect(ok.stdout).toContain('sequence OK');
    const okJson = await cli('--data-dir', dataDir, '--json', 'check', 'sequence', '--business', businessId);
    expect(JSON.parse(okJson.stdout)).toMatchObject({ ok: true, problems: [] });

    const raw = new Database(databaseFile(dataDir));
    raw.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(issued.ids[1]);
    raw.prepare('DELETE FROM invoices WHERE id = ?').run(issued.ids[1]);
    raw.close();
    const broken = await cli('--data-dir', dataDir, 'check', 'sequence', '--business', businessId);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('PROBLEM: series INV, fiscal year 2025-26: numbers 2 are missing before INV/2526/00003');
    const brokenJson = await cli('--data-dir', dataDir, '--json', 'check', 'sequence', '--business', businessId);
    expect(brokenJson.code).toBe(1);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'gap', seriesCode: 'INV', fiscalYear: '2025-26' }] });

    const unknown = await cli('--data-dir', dataDir, 'check', 'sequence', '--business', '0190aaaa-0000-7000-8000-000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no business with id 0190aaaa-0000-7000-8000-000000000000');
  });
});

describe('ledgerflow audit verify', () => {
  it('exit 0 on an intact chain; exit 1 naming the first broken entry after a raw edit', async () => {
    const dataDir = temp.make();
    const businessId = await addBusiness(dataDir);
    await addBusiness(dataDir);
    const store = openStore(dataDir);
    issueInvoicesForBench(store, { businessId, series: getSeries(store.db, businessId, 'invoice'), fiscalYearStartMonth: 4, date: '2026-01-15', count: 3 });
    store.close();

    const ok = await cli('--data-dir', dataDir, 'audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit chain OK: 5 entries, head [0-9a-f]{16}…\ninvoices OK: 3 match their sealed content\n$/);

    const raw = new Database(databaseFile(dataDir));
    raw.exec('DROP TRIGGER audit_log_no_update');
    const target = raw.prepare('SELECT seq, id FROM audit_log ORDER BY seq LIMIT 1 OFFSET 2').get() as { seq: number; id: string };
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?").run(target.seq);
    raw.close();
    const broken = await cli('--data-dir', dataDir, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`audit chain BROKEN at entry ${target.seq} (${target.id})`);
    const json = await cli('--json', '--data-dir', dataDir, 'audit', 'verify');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: target.seq, id: target.id } });
  });
});

describe('bin/ledgerflow.js (the installed command, as a process)', () => {
  const entry = join(packageRoot(), 'dist', 'src-main', 'cli', 'main.js');
  // Needs the build (`npm test` builds first); run alone after `npm run build`.
  it.skipIf(!existsSync(entry))('passes exit codes 0 and 2 to the shell and prints --json on stdout only', () => {
    const dataDir = temp.make();
    const bin = join(packageRoot(), 'bin', 'ledgerflow.js');
    const list = spawnSync(process.execPath, [bin, 'business', 'list', '--json', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    const bad = spawnSync(process.execPath, [bin, '--data-dir', dataDir, 'business', 'add', '--file', writeJson(temp.make(), { ...GST_BUSINESS, colour: 'blue' })], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('$.colour');
    const env = { ...process.env, LEDGERFLOW_DATA_DIR: dataDir };
    const unknown = spawnSync(process.execPath, [bin, 'check', 'sequence', '--business', 'nope'], { encoding: 'utf8', env });
    expect(unknown.status).toBe(2);
  });
});
