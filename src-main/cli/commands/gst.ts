// `gst gstr1 --business ID --period MMYYYY [--out FILE.json]`: the GSTR-1 JSON of a return period
// in the GSTN offline tool's shape, with a summary per section (counts and tax) that equals the
// register's totals for the period.
import type { CommandRegistrar } from '../context.js';
import { writeFileAtomic } from '../../pdf/atomic-write.js';
import { gstr1ForPeriod } from '../../gst/period.js';
import { stringifyExact } from '../../gst/exact-json.js';
import type { Gstr1Result } from '../../gst/gstr1.js';

function describeSummary(summary: Gstr1Result['summary'], out?: string): string[] {
  const lines = [`GSTR-1 ${summary.gstin} period ${summary.period}: ${summary.totals.documents} document(s), ${summary.totals.voided} voided`];
  lines.push('section  docs  taxable  IGST  CGST  SGST  cess');
  for (const s of summary.sections) {
    if (s.section === 'nil') lines.push(`nil      ${s.documents}  exempt ${s.exempt}  nil-rated ${s.nilRated}  non-GST ${s.nonGst}`);
    else lines.push(`${s.section.padEnd(8)} ${s.documents}  ${s.taxable}  ${s.igst}  ${s.cgst}  ${s.sgst}  ${s.cess}`);
  }
  lines.push(`net of credit notes: taxable ${summary.totals.taxable}, tax ${summary.totals.tax}, invoice value ${summary.totals.invoiceValue}`);
  if (out) lines.push(`written: ${out}`);
  return lines;
}

export const registerGstCommands: CommandRegistrar = (program, action) => {
  const gst = program.command('gst').description('GST filing files: GSTR-1');
  gst
    .command('gstr1')
    .description('the GSTR-1 JSON of a return period (GSTN offline tool format) and its summary per section')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--period <MMYYYY>', 'return period, e.g. 042026')
    .option('--out <file>', 'write the return JSON to this file')
    .action(action(async (ctx, options: { business: string; period: string; out?: string }) => {
      const core = await ctx.core();
      const result = core.store.read((db) => gstr1ForPeriod(db, options.business, options.period));
      if (options.out) await writeFileAtomic(options.out, new TextEncoder().encode(stringifyExact(result.json, 2) + '\n'));
      const { placement: _placement, ...summary } = result.summary;
      ctx.result({ ...summary, ...(options.out ? { out: options.out } : {}) }, describeSummary(result.summary, options.out));
      return 0;
    }));
};
