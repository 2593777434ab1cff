// Secrets (the sync adapter's PostgreSQL credentials) sealed with the OS keychain through
// Electron's safeStorage, kept in <userData>/secrets.json as base64 ciphertext. When the OS offers
// no encryption (Linux without a keyring), nothing is stored: the user is asked each session.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { writeFileAtomicSync } from '../runtime/atomic-file.js';

/** The subset of Electron's safeStorage used here (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretStore {
  readonly available: boolean;
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

const NAME = /^[a-z][a-z0-9._-]{0,63}$/;

export function createSecretStore(userData: string, safe: SafeStorageLike): SecretStore {
  const file = join(userData, 'secrets.json');
  const read = (): Record<string, string> => {
    try {
      const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const checkName = (name: string) => {
    if (!NAME.test(name)) throw new AppError('BAD_INPUT', `secret name "${name}" must match ${NAME.source}`);
  };
  return {
    get available() {
      return safe.isEncryptionAvailable();
    },
    get(name) {
      checkName(name);
      const sealed = read()[name];
      if (typeof sealed !== 'string' || !safe.isEncryptionAvailable()) return null;
      try {
        return safe.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        return null;
      }
    },
    set(name, value) {
      checkName(name);
      if (!safe.isEncryptionAvailable()) throw new AppError('FORBIDDEN', 'this system offers no secure storage (OS keychain); the secret was not saved');
      const all = read();
      all[name] = safe.encryptString(value).toString('base64');
      writeFileAtomicSync(file, JSON.stringify(all), { mode: 0o600, mkdir: true });
    },
    delete(name) {
      checkName(name);
      const all = read();
      if (!(name in all)) return;
      delete all[name];
      writeFileAtomicSync(file, JSON.stringify(all), { mode: 0o600, mkdir: true });
    },
  };
}
