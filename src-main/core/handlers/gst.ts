// The GST workspace over IPC: the same src-main/gst code as `gst gstr1`, `gst einvoice` and
// `gst irn-import`, nothing computed twice. Files go where the user chose in the native save
// dialog (the transport vouches for it with ctx.canWrite) or into the data folder's exports/,
// written atomically; over the browser preview their bytes come back for the page to download.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { countRegistrations, invoiceCustomer } from '../../db/repos/invoices.js';
import { rerenderInvoicePdf } from '../../engine/invoice-actions.js';
import { einvoicesFor } from '../../gst/einvoice-run.js';
import { stringifyExact } from '../../gst/exact-json.js';
import { attachRegistrations } from '../../gst/irn.js';
import { readIrpResponseFile } from '../../gst/irn-file.js';
import { gstr1ForPeriod, periodRange } from '../../gst/period.js';
import { compareWithRegister, registerTotalsForPeriod } from '../../gst/register-check.js';
import { writeFileAtomic } from '../../runtime/atomic-file.js';
import { openPdfRenderer } from '../services.js';
import type { Core } from '../create-core.js';
import type { CallContext, Handler } from './types.js';

export const gstWorkspace: Handler<'gst.workspace'> = async (core, input) => core.store.read((db) => {
  const business = getBusiness(db, input.businessId);
  const gstr1 = gstr1ForPeriod(db, business.id, input.period);
  const register = registerTotalsForPeriod(db, business, input.period);
  const run = einvoicesFor(db, business.id, { period: input.period });
  const { from, to } = periodRange(input.period);
  const registered = countRegistrations(db, business.id, from, to);
  const { placement: _placement, ...summary } = gstr1.summary;
  return {
    gstin: summary.gstin, period: summary.period, from, to, sections: summary.sections, totals: summary.totals, register,
    checks: compareWithRegister(gstr1.summary, register),
    einvoice: {
      ready: run.documents.length, notApplicable: run.notApplicable, registered,
      blocked: run.refused.map((r) => {
        const customer = invoiceCustomer(db, business.id, r.id);
        return { id: r.id, number: r.number, customerId: customer?.customer_id ?? null, customerName: customer?.name ?? '', missing: r.missing, reason: r.reason };
      }),
    },
  };
});

/** Where a filing file goes: the path chosen in the save dialog, or exports/ in the data folder. */
function destination(core: Core, ctx: CallContext, out: string | undefined, defaultName: string): string {
  if (out !== undefined) {
    if (!isAbsolute(out) || !ctx.canWrite?.(out)) {
      throw new AppError('FORBIDDEN', 'choose where to save the file with the Save dialog; a typed path is not accepted', { details: { path: '$input.out' } });
    }
    return out;
  }
  const folder = join(core.dataDir, 'exports');
  mkdirSync(folder, { recursive: true });
  return join(folder, defaultName);
}

async function writeFilingFile(core: Core, ctx: CallContext, path: string, value: unknown, counts: { documents: number; refused: number }) {
  const bytes = new TextEncoder().encode(stringifyExact(value, 2) + '\n');
  await writeFileAtomic(path, bytes);
  return {
    path, fileName: basename(path), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), ...counts,
    ...(ctx.transport === 'preview' ? { base64: Buffer.from(bytes).toString('base64') } : {}),
  };
}

export const gstExportGstr1: Handler<'gst.exportGstr1'> = async (core, input, ctx) => {
  const result = core.store.read((db) => gstr1ForPeriod(db, input.businessId, input.period));
  const path = destination(core, ctx, input.out, `GSTR1-${result.summary.gstin}-${result.summary.period}.json`);
  const file = await writeFilingFile(core, ctx, path, result.json, { documents: result.summary.totals.documents, refused: 0 });
  core.logger.info('GSTR-1 written', { businessId: input.businessId, period: input.period, path });
  return file;
};

export const gstExportEinvoice: Handler<'gst.exportEinvoice'> = async (core, input, ctx) => {
  const { run, gstin } = core.store.read((db) => ({ run: einvoicesFor(db, input.businessId, { period: input.period }), gstin: getBusiness(db, input.businessId).taxId ?? 'GST' }));
  if (run.documents.length === 0) {
    const why = run.refused.length > 0 ? `all ${run.refused.length} that need one lack a mandatory field` : 'none of its documents is a B2B, SEZ or export invoice or credit note';
    throw new AppError('BAD_INPUT', `period ${input.period}: no document is ready for the IRP (${why})`, { details: { field: 'period', refused: run.refused.length } });
  }
  const path = destination(core, ctx, input.out, `EINV-${gstin}-${input.period}.json`);
  const file = await writeFilingFile(core, ctx, path, run.documents, { documents: run.documents.length, refused: run.refused.length });
  core.logger.info('e-invoice JSON written', { businessId: input.businessId, period: input.period, path, documents: run.documents.length, refused: run.refused.length });
  return file;
};

/** 8 MB: an IRP response of thousands of registrations is a few MB. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export const gstImportIrn: Handler<'gst.importIrn'> = async (core, input, ctx) => {
  if (Math.floor((input.content.length * 3) / 4) > MAX_RESPONSE_BYTES + 2) throw new AppError('BAD_INPUT', `${input.fileName}: larger than 8 MB; an IRP response is a few MB at most`, { details: { file: input.fileName } });
  const entries = readIrpResponseFile(new Uint8Array(Buffer.from(input.content, 'base64')), input.fileName);
  const outcome = core.store.write((db) => attachRegistrations(db, getBusiness(db, input.businessId), entries, ctx.actor));
  if (outcome.attached.length > 0) {
    const pdf = await openPdfRenderer(core);
    try {
      for (const attached of outcome.attached) await rerenderInvoicePdf(core, input.businessId, attached.invoiceId, pdf);
    } finally {
      await pdf.close();
    }
  }
  core.logger.info('IRP response imported', { businessId: input.businessId, file: input.fileName, attached: outcome.attached.length, refused: outcome.refused.length });
  return { entries: entries.length, ...outcome };
};
