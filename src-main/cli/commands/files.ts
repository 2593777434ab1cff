// `check files`: what a killed process leaves outside the database — temp files of PDFs and ZIPs
// it was writing (removed when their writer is gone) and batches it was running (listed with the
// command that finishes each).
import type { CommandRegistrar } from '../context.js';
import { runningBatches } from '../../db/repos/batches.js';
import { batchLiveness, describeOwner, resumeHint } from '../../engine/batch-owner.js';
import { removeOrphanedTempFiles } from '../../runtime/temp-files.js';
import { plural } from '../../../src-shared/plural.js';

export const registerFileCommands: CommandRegistrar = (program, action) => {
  const check = program.commands.find((c) => c.name() === 'check') ?? program.command('check').description('validate identifiers and sequences');
  check
    .command('files')
    .description('remove temp files of killed writers (documents/, export folders) and list batches whose process stopped')
    .action(action(async (ctx) => {
      const core = await ctx.core();
      const { removed } = removeOrphanedTempFiles(core.dataDir);
      const running = core.store.read((db) => runningBatches(db));
      const stopped = running.flatMap((row) => {
        const live = batchLiveness(row);
        return live.state === 'stale' ? [{ batchId: row.id, businessId: row.business_id, owner: describeOwner(live), lastSign: live.lastSign, createdCount: row.created_count, next: resumeHint(row.id) }] : [];
      });
      ctx.result({ tempFilesRemoved: removed, staleBatches: stopped }, [
        ...removed.map((path) => `removed ${path}`),
        `${plural(removed.length, 'orphaned temp file')} removed`,
        ...stopped.map((b) => `STOPPED batch ${b.batchId}: its ${b.owner} is gone (last chunk ${b.lastSign}, ${plural(b.createdCount, 'invoice')} issued); run \`${b.next}\``),
        ...(stopped.length ? [] : ['no stopped batch']),
      ]);
      return stopped.length ? 1 : 0;
    }));
};
