// Integrity checks of the ledger: `check sequence --business ID`, `audit verify`, `metrics`.
import type { CommandRegistrar } from '../context.js';
import { checkSequence } from '../../numbering/numbering.js';
import { describeLedgerVerification, verifyLedger } from '../../audit/verify-ledger.js';
import { readAnchorFile } from '../../audit/anchor.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { backupStore } from '../../db/backup.js';

export const registerLedgerCommands: CommandRegistrar = (program, action) => {
  const check = program.commands.find((c) => c.name() === 'check') ?? program.command('check').description('validate identifiers and sequences');
  check
    .command('sequence')
    .description('prove each series and fiscal year has no gap and no duplicate')
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, options: { business: string }) => {
      const core = await ctx.core();
      const report = core.store.read((db) => {
        getBusiness(db, options.business);
        return checkSequence(db, options.business);
      });
      const lines = report.series.map((s) => `${s.seriesCode} ${s.fiscalYear}: ${s.first || '-'}..${s.last} (${s.issued} issued, ${s.void} void)`);
      if (report.ok) lines.push(`sequence OK: ${report.series.length} series-year(s), no gap, no duplicate`);
      else lines.push(...report.problems.map((p) => `PROBLEM: ${p.message}`));
      ctx.result(report, lines);
      return report.ok ? 0 : 1;
    }));

  const audit = program.command('audit').description('the append-only audit log');
  audit
    .command('verify')
    .description("walk the hash chain and the invoices' content hashes; name the first broken entry or altered invoice")
    .option('--anchor <file>', 'an audit anchor (audit-anchor.json, or a backup or export manifest.json) the chain must still hold')
    .action(action(async (ctx, options: { anchor?: string }) => {
      const anchor = options.anchor ? readAnchorFile(options.anchor) : undefined;
      const core = await ctx.core();
      const result = core.store.read((db) => verifyLedger(db, anchor));
      ctx.result(result, describeLedgerVerification(result));
      return result.ok ? 0 : 1;
    }));

  program
    .command('backup')
    .description('copy the whole database, consistently, to a file')
    .requiredOption('--out <file>', 'destination file (e.g. ledgerflow-2026-11-23.sqlite)')
    .action(action(async (ctx, options: { out: string }) => {
      const core = await ctx.core();
      const result = await backupStore(core.store, options.out, 'cli');
      ctx.result(result, `backup written to ${result.path} (${result.bytes} bytes, sha256 ${result.sha256})`);
    }));

  program
    .command('metrics')
    .description('the in-process metrics in Prometheus text format')
    .action(action(async (ctx) => {
      const core = await ctx.core();
      const text = await core.metrics.text();
      ctx.result({ metrics: text }, text.trimEnd());
    }));
};
