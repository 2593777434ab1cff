// Per-business PDF settings (table business_pdf_settings): the business's own Typst template, the
// PDF/A-2b archival option and tables tagged for screen readers. A template is accepted only after it compiled against the sample
// invoices (template-check.ts); a checked copy of its folder is kept in the data folder, so later
// edits to the original cannot put an unchecked template into production.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { appendAudit } from '../audit/audit.js';
import { pdfSettingsRow, storePdfA, storePdfTemplate, storeTableTags } from '../db/repos/pdf-settings.js';
import type { Store } from '../db/store.js';

export interface BusinessPdfSettings {
  /** Absolute path of the checked copy's main .typ file, or null for the built-in template. */
  template: string | null;
  /** PDF/A-2b output (default on: +1.8% CPU for compile, export, verification and hash, measured; README). */
  pdfA: boolean;
  /**
   * The built-in template's tables as Typst tables, tagged as tables in the PDF for screen readers,
   * instead of rows of fixed-width blocks (default on: since the one-line rows' fixed heights the
   * blocks save only ~1% of compile + export, measured 3 December; they give 20-65% smaller files).
   */
  tableTags: boolean;
}

/** PDF/A-2b and tables tagged for screen readers are on unless a business turned them off. */
export const DEFAULT_PDF_SETTINGS: BusinessPdfSettings = { template: null, pdfA: true, tableTags: true };

export function templatesDir(dataDir: string, businessId: string): string {
  return path.join(dataDir, 'templates', businessId);
}

export function readPdfSettings(db: Database.Database, dataDir: string, businessId: string): BusinessPdfSettings {
  const row = pdfSettingsRow(db, businessId);
  if (!row) return { ...DEFAULT_PDF_SETTINGS };
  const template = row.template_path ? path.join(templatesDir(dataDir, businessId), row.template_path) : null;
  return { template: template && existsSync(template) ? template : null, pdfA: row.pdf_a === 1, tableTags: row.table_tags === 1 };
}

/**
 * Installs a checked template: copies its folder into the data folder and records it, audited.
 * The copy happens first (into a fresh folder); the setting points at it only once it is complete.
 * `source` names the template in the audit (the app's file is in a temp folder: its name is given).
 */
export function installTemplate(store: Store, dataDir: string, businessId: string, templateFile: string, actor: string, source = path.resolve(templateFile)): string {
  const sourceDir = path.dirname(path.resolve(templateFile));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(templatesDir(dataDir, businessId), stamp);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(sourceDir, target, { recursive: true, dereference: false, filter: (src) => !path.basename(src).startsWith('.') || src === sourceDir });
  const rel = path.join(stamp, path.basename(templateFile));
  try {
    store.write((db) => {
      const now = new Date().toISOString();
      storePdfTemplate(db, businessId, rel, now, now);
      appendAudit(db, { businessId, actor, action: 'pdf.template.set', entity: 'business', entityId: businessId, details: { template: source, copy: rel } });
    });
  } catch (e) {
    rmSync(target, { recursive: true, force: true });
    throw e;
  }
  return path.join(templatesDir(dataDir, businessId), rel);
}

/** Back to the built-in template (the copies stay: PDFs already issued were printed with them). */
export function resetTemplate(store: Store, businessId: string, actor: string): void {
  store.write((db) => {
    storePdfTemplate(db, businessId, null, null, new Date().toISOString());
    appendAudit(db, { businessId, actor, action: 'pdf.template.reset', entity: 'business', entityId: businessId, details: {} });
  });
}

export function setPdfA(store: Store, businessId: string, on: boolean, actor: string): void {
  store.write((db) => {
    storePdfA(db, businessId, on, new Date().toISOString());
    appendAudit(db, { businessId, actor, action: 'pdf.pdfa.set', entity: 'business', entityId: businessId, details: { pdfA: on } });
  });
}

export function setTableTags(store: Store, businessId: string, on: boolean, actor: string): void {
  store.write((db) => {
    storeTableTags(db, businessId, on, new Date().toISOString());
    appendAudit(db, { businessId, actor, action: 'pdf.tabletags.set', entity: 'business', entityId: businessId, details: { tableTags: on } });
  });
}
