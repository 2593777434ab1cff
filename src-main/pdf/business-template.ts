// A business's own template, checked against sample invoices of its regime and installed only if
// the check passes: the one path shared by the CLI (`template check|use`) and the app's handlers
// (pdfSettings.checkTemplate / useTemplate), so both accept exactly the same templates.
import { getBusiness } from '../db/repos/businesses.js';
import type { Store } from '../db/store.js';
import { sampleInvoices } from './samples.js';
import { installTemplate, readPdfSettings } from './settings.js';
import { checkTemplate, type TemplateCheck } from './template-check.js';

/** Compiles `file` against the business's sample invoices with its PDF/A and tagged-tables choices. */
export async function checkBusinessTemplate(store: Store, dataDir: string, businessId: string, file: string): Promise<TemplateCheck> {
  const { business, settings } = store.read((db) => ({ business: getBusiness(db, businessId), settings: readPdfSettings(db, dataDir, businessId) }));
  const samples = sampleInvoices(business.taxRegime, {
    name: business.name,
    ...(business.logo ? { logo: business.logo } : {}),
    ...(business.signature ? { signature: business.signature } : {}),
    ...(business.signatoryName ? { signatoryName: business.signatoryName } : {}),
  });
  return checkTemplate(file, samples, { pdfA: settings.pdfA, tableTags: settings.tableTags });
}

/**
 * Checks `file`, and only if every sample passed installs a copy of its folder (settings.ts
 * installTemplate, audited). A refused template changes nothing: the previous one stays in use.
 * `source` names the template in the audit (default: its absolute path).
 */
export async function useBusinessTemplate(store: Store, dataDir: string, businessId: string, file: string, actor: string, source?: string): Promise<{ check: TemplateCheck; installed: string | null }> {
  const check = await checkBusinessTemplate(store, dataDir, businessId, file);
  if (!check.ok) return { check, installed: null };
  return { check, installed: installTemplate(store, dataDir, businessId, file, actor, source) };
}
