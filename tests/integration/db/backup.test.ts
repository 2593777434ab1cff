import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupStore, lastBackup } from '../../../src-main/db/backup.js';
import { openStore, type Store } from '../../../src-main/db/store.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
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
  it('writes a consistent, openable copy and records it as the last backup', async () => {
    dir = makeTempDir();
    store = openStore(join(dir, 'data'));
    expect(lastBackup(store)).toBeNull();
    const result = await backupStore(store, join(dir, 'copy.sqlite'), 'test');
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    const copy = new Database(result.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBeGreaterThan(0);
    copy.close();
    expect(lastBackup(store)).toMatchObject({ path: result.path });
    expect(store.read((db) => verifyAudit(db)).ok).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a missing folder and the live database itself, writing nothing', async () => {
    dir = makeTempDir();
    store = openStore(join(dir, 'data'));
    await expect(backupStore(store, join(dir, 'nope', 'copy.sqlite'), 'test')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(backupStore(store, store.path, 'test')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
