// `batch` and `demo` (docs/ARCHITECTURE.md CLI contract): thin layers over the engine.
import cliProgress from 'cli-progress';
import { batchConfig } from '../../db/repos/batches.js';
import { mkdirSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { AppError, toAppError } from '../../../src-shared/errors.js';
import type { BatchProgress, BatchReport } from '../../../src-shared/schemas/batch.js';
import type { CliContext, CommandRegistrar } from '../context.js';
import type { Core } from '../../core/create-core.js';
import { retryBatch, runBatch } from '../../engine/pipeline.js';
import { resumeBatch, type ResumeReport } from '../../engine/recovery.js';
import { seedAndRunDemo } from '../../engine/demo.js';
import { openPdfRenderer, exportBatches, exportPeriod, readOrdersSpreadsheet } from '../../core/services.js';

interface BatchOptions {
  business?: string;
  count?: string;
  profile?: string;
  seed?: string;
  from?: string;
  out?: string;
  pdf: boolean;
  start?: string;
  end?: string;
}

/** Progress for people: a bar on a terminal, plain lines otherwise, nothing under --json. */
function progressPrinter(ctx: CliContext): { update(label: string, p: BatchProgress): void; stop(): void } {
  if (ctx.json) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ stream: process.stderr, format: '{label} [{bar}] {value}/{total} {phase} | {rate}/s | ETA {eta_s}s', hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(label, p) {
        if (!started) { bar.start(p.total, 0, { label, phase: p.phase, rate: 0, eta_s: '?' }); started = true; }
        bar.setTotal(p.total);
        bar.update(p.done, { label, phase: p.phase, rate: p.rate, eta_s: p.etaSeconds ?? '?' });
        if (p.phase === 'done') { bar.stop(); started = false; }
      },
      stop: () => { if (started) bar.stop(); },
    };
  }
  return { update: (label, p) => ctx.info(`${label}: ${p.phase} ${p.done}/${p.total} (${p.rate}/s${p.etaSeconds != null ? `, ETA ${p.etaSeconds}s` : ''})`), stop() {} };
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new AppError('BAD_INPUT', `${flag}: expected a whole number ≥ 1, got "${value}"`, { details: { flag } });
  return Number(value);
}

/** Whether a batch was started with PDFs (the writer is not started for a --no-pdf batch). */
function batchWantsPdf(core: Core, batchId: string): boolean {
  const config = core.store.read((db) => batchConfig(db, batchId));
  return config === undefined || (JSON.parse(config) as { pdf?: boolean }).pdf !== false;
}

/** The engine's configuration from the options (exit 2 on a contradiction). */
function batchConfigOf(options: BatchOptions): Record<string, unknown> {
  if (!options.business) throw new AppError('BAD_INPUT', "batch: required option '--business <id>' not specified", { details: { option: '--business' } });
  if (options.from && options.count) throw new AppError('BAD_INPUT', 'use either --count (simulation) or --from ORDERS_FILE, not both');
  if (options.out && !options.pdf) throw new AppError('BAD_INPUT', '--out needs PDFs; drop --no-pdf');
  // Neither --count nor --from: the business's pending imported orders (`import orders`).
  if (!options.count) return { source: 'orders', businessId: options.business, ...(options.from ? { ordersFile: resolve(options.from) } : {}), pdf: options.pdf };
  return { source: 'simulation', businessId: options.business, count: positiveInt(options.count, '--count'), profile: options.profile, seed: options.seed, pdf: options.pdf,
    ...(options.start ? { startDate: options.start } : {}), ...(options.end ? { endDate: options.end } : {}) };
}

interface Exported {
  zip: string | null;
  exportError: AppError | null;
}

/** The new batch's ZIP; the batch stands whatever happens to its export (the error is reported, not thrown). */
async function exportNewBatch(core: Core, batchId: string, out: string): Promise<Exported> {
  try {
    return { zip: (await exportBatches(core, [batchId], resolve(out))).path, exportError: null };
  } catch (error) {
    // The batch stands whatever happens to its export: say which batch, and how to export it again.
    return { zip: null, exportError: toAppError(error) };
  }
}

/** The lines and JSON of a new batch; the exit code (1 when anything failed, the export included). */
function printBatchReport(ctx: CliContext, report: BatchReport, { zip, exportError }: Exported, out: string | undefined): number {
  const doc = { batchId: report.batchId, traceId: report.traceId, status: report.status, created: report.created, failed: report.failed, alreadyInvoiced: report.alreadyInvoiced,
    failures: report.failures, alreadyInvoicedOrders: report.alreadyInvoicedOrders, durationMs: report.durationMs, timings: report.timings, zip,
    ...(exportError ? { exportError: exportError.toJSON() } : {}) };
  ctx.result(doc, [
    `batch ${report.batchId} ${report.status}: ${report.created} created, ${report.failed} failed, ${report.alreadyInvoiced} already invoiced in ${(report.durationMs / 1000).toFixed(1)} s`,
    `trace id ${report.traceId}; timings ms ${JSON.stringify(report.timings)}`,
    ...report.failures.map((f) => `  FAILED ${f.source}: ${f.message}`),
    ...report.alreadyInvoicedOrders.map((a) => `  order ${a.orderId} already invoiced as ${a.invoiceNumber}`),
    ...(zip ? [`ZIP: ${zip}`] : []),
    ...(exportError ? [`EXPORT FAILED: ${exportError.message}`, `  the batch ${report.batchId} stands; export it with \`ledgerflow export --batch ${report.batchId} --out ${out}\``] : []),
  ]);
  if (exportError) return 1;
  return report.status === 'completed' || report.status === 'completed_with_errors' ? (report.failed > 0 ? 1 : 0) : 1;
}

/** The lines and JSON of a resumed or retried batch. */
function printRecovered(ctx: CliContext, verb: string, report: BatchReport & Partial<Pick<ResumeReport, 'issuedNow' | 'pdfsRendered' | 'tempFilesRemoved'>>): number {
  ctx.result(report, [
    `batch ${report.batchId} ${verb}: now ${report.status}, ${report.created} created, ${report.failed} failed, ${report.alreadyInvoiced} already invoiced` +
      (report.issuedNow === undefined ? '' : ` (${report.issuedNow} issued and ${report.pdfsRendered ?? 0} PDFs rendered now)`),
    `trace id ${report.traceId}`,
    ...report.failures.map((f) => `  FAILED ${f.source}: ${f.message}`),
    ...(report.failed > 0 ? [`  then: \`ledgerflow batch retry ${report.batchId}\` once the causes are fixed`] : [`  then: \`ledgerflow export --batch ${report.batchId} --out FILE.zip\``]),
  ]);
  return report.failed > 0 || report.status === 'failed' ? 1 : 0;
}

export const registerBatchCommands: CommandRegistrar = (program, action) => {
  const batch = program
    .command('batch')
    .description('run the generation engine: simulated (sandbox businesses) or from an orders file')
    // Checked in the action (not requiredOption): `batch resume ID` and `batch retry ID` take no --business.
    .option('--business <id>', 'business id (required)')
    .option('--count <n>', 'simulated invoices to generate')
    .option('--profile <profile>', 'basic | realistic | advanced', 'realistic')
    .option('--seed <seed>', 'seed: the same seed and inputs give identical invoices', '1')
    .option('--start <date>', 'first invoice date (simulation), YYYY-MM-DD')
    .option('--end <date>', 'last invoice date (simulation), YYYY-MM-DD')
    .option('--from <file>', 'orders file (.json; spreadsheets: .xlsx/.xls/.ods/.csv)')
    .option('--out <file.zip>', 'also export the batch to this ZIP')
    .option('--no-pdf', 'skip PDF rendering')
    .action(action(async (ctx, options: BatchOptions) => {
      const config = batchConfigOf(options);
      const core = await ctx.core();
      const printer = progressPrinter(ctx);
      const controller = new AbortController();
      const onSigint = () => { ctx.info('cancelling after the current chunk…'); controller.abort(); };
      process.once('SIGINT', onSigint);
      const pdf = options.pdf ? await openPdfRenderer(core) : undefined;
      try {
        const report = await runBatch(core, config, { pdf, actor: 'cli', signal: controller.signal, onProgress: (p) => printer.update('batch', p), readOrdersSpreadsheet: (file, businessId) => readOrdersSpreadsheet(core, file, businessId) });
        printer.stop();
        const exported = options.out && report.created > 0 ? await exportNewBatch(core, report.batchId, options.out) : { zip: null, exportError: null };
        return printBatchReport(ctx, report, exported, options.out);
      } finally {
        process.removeListener('SIGINT', onSigint);
        await pdf?.close();
      }
    }));

  batch
    .command('resume <id>')
    .description('finish a batch whose process stopped: issue what it never reached, render missing PDFs, correct its counts')
    .action(action(async (ctx, id: string) => {
      const core = await ctx.core();
      const printer = progressPrinter(ctx);
      const pdf = batchWantsPdf(core, id) ? await openPdfRenderer(core) : undefined;
      try {
        const report = await resumeBatch(core, id, { pdf, actor: 'cli', onProgress: (p) => printer.update('resume', p), readOrdersSpreadsheet: (file, businessId) => readOrdersSpreadsheet(core, file, businessId) });
        printer.stop();
        return printRecovered(ctx, 'resumed', report);
      } finally {
        await pdf?.close();
      }
    }));

  batch
    .command('retry <id>')
    .description("retry a batch's failed invoices and re-render its failed PDFs (a stopped batch is resumed first)")
    .action(action(async (ctx, id: string) => {
      const core = await ctx.core();
      const printer = progressPrinter(ctx);
      const pdf = batchWantsPdf(core, id) ? await openPdfRenderer(core) : undefined;
      try {
        const report = await retryBatch(core, id, { pdf, actor: 'cli', onProgress: (p) => printer.update('retry', p) });
        printer.stop();
        return printRecovered(ctx, 'retried', report);
      } finally {
        await pdf?.close();
      }
    }));

  program
    .command('demo')
    .description('on an empty data folder: sandbox demo businesses, catalogue, one mixed batch and its ZIP')
    .option('--out <file.zip>', 'where to write the ZIP (default: <data-dir>/exports/ledgerflow-demo.zip)')
    .action(action(async (ctx, options: { out?: string }) => {
      const core = await ctx.core();
      const printer = progressPrinter(ctx);
      const pdf = await openPdfRenderer(core);
      try {
        const result = await seedAndRunDemo(core, { pdf, onProgress: (label, p) => printer.update(label, p) });
        printer.stop();
        const out = resolve(options.out ?? join(core.dataDir, 'exports', 'ledgerflow-demo.zip'));
        if (!options.out) mkdirSync(dirname(out), { recursive: true });
        const zip = await exportBatches(core, result.batches.map((b) => b.batchId), out);
        const created = result.batches.reduce((n, b) => n + b.created, 0);
        const failed = result.batches.reduce((n, b) => n + b.failed, 0);
        ctx.result({ businesses: result.businesses.map((b) => ({ id: b.id, name: b.name, regime: b.taxRegime })), batches: result.batches.map(({ batchId, traceId, status, created: c, failed: f }) => ({ batchId, traceId, status, created: c, failed: f })), created, failed, zip: zip.path, sha256: zip.sha256 }, [
          ...result.businesses.map((b) => `business ${b.name} (${b.taxRegime}) ${b.id}`),
          ...result.batches.map((b) => `batch ${b.batchId} ${b.status}: ${b.created} created, ${b.failed} failed`),
          `ZIP with ${zip.invoiceCount} invoices: ${zip.path}`,
        ]);
        return failed > 0 ? 1 : 0;
      } finally {
        await pdf.close();
      }
    }));

  program
    .command('export')
    .description('ZIP of PDFs + manifest.json + SHA256SUMS + register.xlsx: a batch (with the credit notes of its invoices) or a period')
    .option('--batch <id>', 'batch id')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD')
    .option('--business <id>', 'business id for a period (needed when several businesses have invoices in it)')
    .requiredOption('--out <file.zip>', 'destination ZIP')
    .action(action(async (ctx, options: { batch?: string; from?: string; to?: string; business?: string; out: string }) => {
      const period = options.from !== undefined || options.to !== undefined;
      if (options.batch && period) throw new AppError('BAD_INPUT', 'export either --batch ID or a period --from DATE --to DATE, not both', { details: { flag: '--batch' } });
      if (!options.batch && !period) throw new AppError('BAD_INPUT', 'say what to export: --batch ID, or --from DATE --to DATE', { details: { flag: '--batch' } });
      if (period && (!options.from || !options.to)) throw new AppError('BAD_INPUT', `a period needs both --from and --to (missing ${options.from ? '--to' : '--from'})`, { details: { flag: options.from ? '--to' : '--from' } });
      const core = await ctx.core();
      const zip = options.batch
        ? await exportBatches(core, [options.batch], resolve(options.out))
        : await exportPeriod(core, { businessId: options.business, from: options.from!, to: options.to! }, resolve(options.out));
      ctx.result(zip, `exported ${zip.invoiceCount} documents to ${zip.path} (sha256 ${zip.sha256})`);
    }));
};
