// Where a seat's connection URL (with its password) is kept. The sync code sees only the
// SecretStore interface: the CLI uses a file readable by its owner alone (or LEDGERFLOW_SYNC_URL),
// the desktop app injects one backed by Electron's safeStorage (src-main/electron), so nothing
// outside src-main/electron imports Electron.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';

export interface SecretStore {
  /** A name for messages (never the secret). */
  readonly kind: string;
  read(): string | undefined;
  write(secret: string): void;
  clear(): void;
}

export const CREDENTIALS_FILE = 'sync-credentials';
export const SYNC_URL_ENV = 'LEDGERFLOW_SYNC_URL';

/** The CLI's store: <data-dir>/sync-credentials, mode 0600; refused when group or others may read it. */
export function fileSecretStore(dataDir: string): SecretStore {
  const path = join(dataDir, CREDENTIALS_FILE);
  return {
    kind: `file ${path}`,
    read() {
      let mode: number;
      try {
        mode = statSync(path).mode;
      } catch {
        return undefined;
      }
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new AppError('FORBIDDEN', `${path} is readable by others (mode ${(mode & 0o777).toString(8)}); it holds the sync password. Run chmod 600 on it (or connect again).`, { details: { file: path } });
      }
      const text = readFileSync(path, 'utf8').trim();
      return text || undefined;
    },
    write(secret) {
      writeFileAtomicSync(path, secret + '\n', { mode: 0o600 });
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}

/** The URL a push uses: LEDGERFLOW_SYNC_URL when set, else the store's. */
export function syncUrlFrom(store: SecretStore, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[SYNC_URL_ENV]?.trim();
  return fromEnv || store.read();
}

/** The secret store the handlers use for a core: the desktop app injects its safeStorage one. */
const injected = new WeakMap<object, SecretStore>();

export function useSecretStore(owner: object, store: SecretStore): void {
  injected.set(owner, store);
}

export function secretStoreOf(owner: object, dataDir: string): SecretStore {
  return injected.get(owner) ?? fileSecretStore(dataDir);
}

/**
 * Adapts a named-secret store (the desktop app's safeStorage-backed one) to the sync URL's
 * SecretStore. Where the OS offers no keychain (`available` false, e.g. Linux without a keyring)
 * the URL is kept in memory for this session only, never written in clear: the seat is asked
 * for it again after a restart.
 */
export function namedSecretStore(store: { readonly available?: boolean; get(name: string): string | null; set(name: string, value: string): void; delete(name: string): void }, name = 'sync.url'): SecretStore {
  let session: string | undefined;
  const sealed = () => store.available !== false;
  return {
    get kind() {
      return sealed() ? `secure storage (${name})` : 'this session only (no OS keychain on this system)';
    },
    read: () => (sealed() ? store.get(name) ?? undefined : session),
    write: (secret) => {
      if (sealed()) store.set(name, secret);
      else session = secret;
    },
    clear: () => {
      session = undefined;
      if (sealed()) store.delete(name);
    },
  };
}
