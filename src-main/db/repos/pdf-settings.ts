// A business's PDF settings (table business_pdf_settings, pdf/settings.ts): its own checked
// Typst template, the PDF/A-2b option and tables tagged for screen readers. A business without a row has the defaults.
import type Database from 'better-sqlite3';
import { statement } from '../query.js';
import { selectFirst, sql } from '../sql.js';

export function pdfSettingsRow(db: Database.Database, businessId: string): { template_path: string | null; pdf_a: number; table_tags: number } | undefined {
  return selectFirst(db, sql`SELECT template_path, pdf_a, table_tags FROM business_pdf_settings WHERE business_id = ${businessId}`);
}

/** The business's row, created with the table's defaults when it has none yet. */
function ensureRow(db: Database.Database, businessId: string, now: string): void {
  statement(db, 'INSERT INTO business_pdf_settings (business_id, updated_at) VALUES (?, ?) ON CONFLICT (business_id) DO NOTHING').run(businessId, now);
}

/** Records the template in use (a path under the business's templates folder; null: the built-in one). */
export function storePdfTemplate(db: Database.Database, businessId: string, templatePath: string | null, checkedAt: string | null, now: string): void {
  ensureRow(db, businessId, now);
  statement(db, 'UPDATE business_pdf_settings SET template_path = ?, template_checked_at = ?, updated_at = ? WHERE business_id = ?').run(templatePath, checkedAt, now, businessId);
}

export function storePdfA(db: Database.Database, businessId: string, on: boolean, now: string): void {
  ensureRow(db, businessId, now);
  statement(db, 'UPDATE business_pdf_settings SET pdf_a = ?, updated_at = ? WHERE business_id = ?').run(on ? 1 : 0, now, businessId);
}

export function storeTableTags(db: Database.Database, businessId: string, on: boolean, now: string): void {
  ensureRow(db, businessId, now);
  statement(db, 'UPDATE business_pdf_settings SET table_tags = ?, updated_at = ? WHERE business_id = ?').run(on ? 1 : 0, now, businessId);
}
