// Integrity checks of the ledger: `check sequence --business ID`, `audit verify`, `metrics`.
import type { CommandRegistrar } from '../context.js';
import { checkSequence } from '../../numbering/numbering.js';
import { describeLedgerVerification, verifyLedger } from '../../audit/verify-ledger.js';
import { readAnchorFile } from '../../audit/anchor.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { tmpdir } from 'node:os';
import { backupStore } from '../../backup/backup.js';
import { autoBackupIfDue } from '../../core/auto-backup.js';
import { AppError } from '../../../src-shared/errors.js';
import { restoreBackup, verifyBackupFile } from '../../backup/restore.js';
import { plural } from '../../../src-shared/plural.js';

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
      if (report.ok) lines.push(`sequence OK: ${plural(report.series.length, 'series-year')}, no gap, no duplicate`);
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
    .description('verified backup: the database (consistent copy), documents/ (PDFs) and a manifest with hashes and the audit anchor, in one tar (.tar.gz: gzipped)')
    .option('--out <file>', 'destination file (e.g. ledgerflow-2026-11-23.tar.gz)')
    .option('--auto', 'the automatic backup: into the backup folder of Settings if the last one is older than the interval')
    .action(action(async (ctx, options: { out?: string; auto?: boolean }) => {
      if (!options.out === !options.auto) throw new AppError('BAD_INPUT', 'backup: give either --out FILE or --auto');
      const core = await ctx.core();
      if (options.auto) {
        const auto = await autoBackupIfDue(core);
        ctx.result({ written: auto !== null, ...(auto ?? {}) }, auto ? `automatic backup written to ${auto.path} (${plural(auto.documents, 'document')})` : 'no automatic backup due (or automatic backups are off in Settings)');
        return;
      }
      const result = await backupStore(core.store, options.out!, 'cli');
      ctx.result(result, `backup written to ${result.path} (${result.bytes} bytes, sha256 ${result.sha256}): database, ${plural(result.documents, 'document')}, manifest; audit anchor ${plural(result.anchor.entries, 'entry', 'entries')}, head ${result.anchor.headHash.slice(0, 16)}…`);
    }));

  program
    .command('restore')
    .description('verify a backup, move the current data aside (never deleted) and restore it; numbering continues after the highest number ever taken here')
    .requiredOption('--from <file>', 'a backup written by `backup` (or a plain .sqlite copy)')
    .option('--check', 'only verify the backup; change nothing')
    .action(action(async (ctx, options: { from: string; check?: boolean }) => {
      // Never ctx.core(): the data folder must not be open in this process while it is replaced.
      if (options.check) {
        const check = await verifyBackupFile(options.from, tmpdir());
        const { marks: _marks, ...doc } = check;
        ctx.result(doc, check.ok
          ? `backup OK: ${plural(check.invoices, 'invoice')}, ${plural(check.documents, 'document')}, ${plural(check.auditEntries, 'audit entry', 'audit entries')}; files, integrity, migrations, audit chain and sequences verified`
          : ['backup does NOT verify:', ...check.problems.map((p) => `  ${p}`)]);
        return check.ok ? 0 : 1;
      }
      const result = await restoreBackup({ dataDir: ctx.dataDir, from: options.from });
      ctx.result(result, [
        `restored ${plural(result.invoices, 'invoice')}, ${plural(result.documents, 'document')} and ${plural(result.auditEntries, 'audit entry', 'audit entries')} from ${result.from} into ${ctx.dataDir}`,
        result.aside ? `the data that was there is kept in ${result.aside}` : 'the data folder held no data before',
        ...result.skipped.map((s) => `series ${s.seriesCode} ${s.fiscalYear}: continues after ${s.to} (numbers ${s.from}–${s.to} were taken here after the backup)`),
        ...result.warnings.map((w) => `warning: ${w}`),
      ]);
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
