// pdfSettings.get/set: a business's PDF choices (pdf/settings.ts), PDF/A-2b and tables tagged for
// screen readers, the same settings the CLI's `template pdfa` and `template tabletags` change.
import { getBusiness } from '../../db/repos/businesses.js';
import { readPdfSettings, setPdfA, setTableTags } from '../../pdf/settings.js';
import type { Core } from '../create-core.js';
import type { PdfSettingsView } from '../../../src-shared/ipc/models.js';
import type { Handler } from './types.js';

function view(core: Core, businessId: string): PdfSettingsView {
  const { pdfA, tableTags } = core.store.read((db) => {
    getBusiness(db, businessId);
    return readPdfSettings(db, core.dataDir, businessId);
  });
  return { pdfA, tableTags };
}

export const pdfSettingsGet: Handler<'pdfSettings.get'> = async (core, input) => view(core, input.businessId);

/** Only what changes is stored and audited. */
export const pdfSettingsSet: Handler<'pdfSettings.set'> = async (core, input, ctx) => {
  const before = view(core, input.businessId);
  if (input.pdfA !== undefined && input.pdfA !== before.pdfA) setPdfA(core.store, input.businessId, input.pdfA, ctx.actor);
  if (input.tableTags !== undefined && input.tableTags !== before.tableTags) setTableTags(core.store, input.businessId, input.tableTags, ctx.actor);
  return view(core, input.businessId);
};
