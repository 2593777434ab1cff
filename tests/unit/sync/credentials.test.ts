// The seat URL carries a password: the CLI's file must be readable by its owner only (refused
// otherwise), LEDGERFLOW_SYNC_URL wins over it, and no message built from a URL shows the password.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, fileSecretStore, namedSecretStore, syncUrlFrom } from '../../../src-main/sync/credentials.js';
import { describeServer, redact } from '../../../src-main/sync/redact.js';
import { backoffDelay } from '../../../src-main/sync/service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const URL_WITH_PASSWORD = 'postgresql://lf_counter_1:s3cr3t-Pa55@db.example:5433/ledgerflow';

describe('sync credentials', () => {
  it('writes the URL readable by its owner only and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cred-'));
    dirs.push(dir);
    const store = fileSecretStore(dir);
    store.write(URL_WITH_PASSWORD);
    expect(statSync(join(dir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect(store.read()).toBe(URL_WITH_PASSWORD);
  });

  it.skipIf(process.platform === 'win32')('refuses a credentials file that group or others can read, naming it and how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cred-'));
    dirs.push(dir);
    const store = fileSecretStore(dir);
    store.write(URL_WITH_PASSWORD);
    chmodSync(join(dir, CREDENTIALS_FILE), 0o644);
    expect(() => store.read()).toThrow(/sync-credentials is readable by others \(mode 644\).*chmod 600/);
    chmodSync(join(dir, CREDENTIALS_FILE), 0o640);
    expect(() => store.read()).toThrow(/readable by others/);
  });

  it('LEDGERFLOW_SYNC_URL wins over the stored URL', () => {
    const memory = new Map<string, string>();
    const named = namedSecretStore({ get: (n) => memory.get(n) ?? null, set: (n, v) => void memory.set(n, v), delete: (n) => void memory.delete(n) });
    named.write(URL_WITH_PASSWORD);
    expect(syncUrlFrom(named, {})).toBe(URL_WITH_PASSWORD);
    expect(syncUrlFrom(named, { LEDGERFLOW_SYNC_URL: 'postgresql://other:x@h/db' })).toBe('postgresql://other:x@h/db');
    expect(named.kind).toContain('sync.url');
  });

  it('without an OS keychain (safeStorage unavailable) keeps the URL for this session only, never in a file, and says so', () => {
    const memory = new Map<string, string>();
    let available = false;
    const keychain = {
      get available() { return available; },
      get: (n: string) => memory.get(n) ?? null,
      set: (n: string, v: string) => {
        if (!available) throw new Error('this system offers no secure storage (OS keychain); the secret was not saved');
        memory.set(n, v);
      },
      delete: (n: string) => void memory.delete(n),
    };
    const named = namedSecretStore(keychain);
    expect(() => named.write(URL_WITH_PASSWORD)).not.toThrow();
    expect(named.read()).toBe(URL_WITH_PASSWORD);
    expect(memory.size).toBe(0);
    expect(named.kind).toMatch(/this session only/);
    named.clear();
    expect(named.read()).toBeUndefined();
    available = true;
    named.write(URL_WITH_PASSWORD);
    expect(memory.get('sync.url')).toBe(URL_WITH_PASSWORD);
    expect(named.kind).toContain('secure storage');
  });

  it('redacts passwords from URLs and from driver messages', () => {
    expect(redact(`connect ${URL_WITH_PASSWORD} failed`)).toBe('connect postgresql://lf_counter_1:***@db.example:5433/ledgerflow failed');
    expect(redact('password authentication failed: s3cr3t-Pa55', 's3cr3t-Pa55')).not.toContain('s3cr3t');
    expect(describeServer(URL_WITH_PASSWORD)).toBe('lf_counter_1@db.example:5433/ledgerflow');
  });

  it('backs off exponentially, bounded, with jitter', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});
