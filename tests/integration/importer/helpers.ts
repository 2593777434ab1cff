// Shared setup for importer integration tests: a fresh data folder with one business.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../../../src-shared/ids.js';
import { openStore } from '../../../src-main/db/store.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);

export interface TestData {
  dataDir: string;
  businessId: string;
  cleanup(): void;
}

export function makeDataDir(currency: 'INR' | 'BHD' = 'INR'): TestData {
  const dataDir = mkdtempSync(join(tmpdir(), 'lf-import-'));
  const businessId = newId();
  const store = openStore(dataDir, { synchronous: 'NORMAL' });
  const now = new Date().toISOString();
  store.write((db) =>
    db
      .prepare('INSERT INTO businesses (id, name, country_code, tax_regime, currency, state_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(businessId, currency === 'INR' ? 'Sharma Traders' : 'Manama Dates', currency === 'INR' ? 'IN' : 'BH', currency === 'INR' ? 'gst-in' : 'vat-bh', currency, currency === 'INR' ? '27' : null, now, now),
  );
  store.close();
  return { dataDir, businessId, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export function query<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const store = openStore(dataDir, { readonly: true });
  try {
    return store.db.prepare(sql).all(...params) as T[];
  } finally {
    store.close();
  }
}
