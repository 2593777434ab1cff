import { existsSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupStore, lastBackup } from '../../../src-main/db/backup.js';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { appendAudit, verifyAudit } from '../../../src-main/audit/audit.js';
import { makeTempDir, removeDir } from '../../helpers/temp.js';

let store: Store | undefined;
let dir: string | undefined;
afterEach(() => {
  store?.close();
  if (dir) removeDir(dir);
  store = undefined;
  dir = undefined;
});

describe('database backup', () => {
  it('writes one archive with a consistent, openable database copy, every PDF and a manifest, and records it as the last backup', async () => {
    dir = makeTempDir();
    const data = join(dir, 'data');
    store = openStore(data);
    mkdirSync(join(data, 'documents', 'biz', '2026-27'), { recursive: true });
    writeFileSync(join(data, 'documents', 'biz', '2026-27', 'INV-1.pdf'), '%PDF-1.7 one');
    writeFileSync(join(data, 'documents', 'biz', '2026-27', '.INV-2.pdf.abc.tmp'), '');
    expect(lastBackup(store)).toBeNull();
    const result = await backupStore(store, join(dir, 'copy.tar'), 'test');
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.documents).toBe(1);
    const out = join(dir, 'unpacked');
    mkdirSync(out);
    expect(spawnSync('tar', ['xf', result.path, '-C', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['SHA256SUMS', 'audit-anchor.json', 'documents', 'ledgerflow.sqlite', 'manifest.json']);
    expect(spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out }).status).toBe(0);
    const copy = new Database(join(out, 'ledgerflow.sqlite'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBeGreaterThan(0);
    copy.close();
    expect(lastBackup(store)).toMatchObject({ path: result.path });
    expect(store.read((db) => verifyAudit(db)).ok).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('counts a restore as the last backup: a restored copy never holds its own backup entry, and Home said "No backup yet"', async () => {
    dir = makeTempDir();
    const data = join(dir, 'data');
    store = openStore(data);
    const result = await backupStore(store, join(dir, 'copy.tar'), 'test');
    const out = join(dir, 'unpacked');
    mkdirSync(out);
    expect(spawnSync('tar', ['xf', result.path, '-C', out, 'ledgerflow.sqlite']).status).toBe(0);
    store.close();
    // The database as a restore leaves it: the backup's snapshot, then the restore's own entry.
    store = openStore(out);
    expect(lastBackup(store)).toBeNull();
    store.write((db) => appendAudit(db, { businessId: null, actor: 'restore', action: 'backup.restore', entity: 'database', entityId: null, details: { from: result.path, aside: join(data, 'replaced-x'), skipped: [] } }));
    expect(lastBackup(store)).toMatchObject({ path: result.path, at: expect.stringMatching(/^\d{4}-/) });
    // A later backup is the last one again.
    const next = await backupStore(store, join(dir, 'next.tar'), 'test');
    expect(lastBackup(store)).toMatchObject({ path: next.path });
  });

  it('refuses a missing folder and the live database itself, writing nothing', async () => {
    dir = makeTempDir();
    store = openStore(join(dir, 'data'));
    await expect(backupStore(store, join(dir, 'nope', 'copy.sqlite'), 'test')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(backupStore(store, store.path, 'test')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
