// `sync init|add-seat|connect|push|pull|status|check`: PostgreSQL sync from the command line. The
// seat's URL comes from LEDGERFLOW_SYNC_URL or the owner-only file written by `sync connect`;
// passwords never reach stdout except the one `add-seat` was asked to print.
import type { CommandRegistrar } from '../context.js';
import { fileSecretStore } from '../../sync/credentials.js';
import { addSeat, checkServer, initServer } from '../../sync/server.js';
import { connectSeat, pullNow, pushNow, syncStatus, type SyncContext } from '../../sync/service.js';
import type { CliContext } from '../context.js';
import { plural } from '../../../src-shared/plural.js';

async function syncContext(ctx: CliContext): Promise<SyncContext> {
  const core = await ctx.core();
  return { store: core.store, secrets: fileSecretStore(core.dataDir), log: (message, fields) => core.logger.info(message, fields) };
}

export const registerSyncCommands: CommandRegistrar = (program, action) => {
  const sync = program.command('sync').description('PostgreSQL sync: several seats and businesses on one server');

  sync
    .command('init')
    .description('create or migrate the server schema (idempotent), as the owner role')
    .requiredOption('--url <url>', 'owner connection URL (postgresql://owner:password@host:port/db)')
    .action(action(async (ctx, options: { url: string }) => {
      const result = await initServer(options.url);
      ctx.result(result, result.applied.length === 0
        ? `sync server ${result.server} is at schema version ${result.version}; nothing to do`
        : `sync server ${result.server}: applied ${result.applied.length === 1 ? 'migration' : 'migrations'} ${result.applied.join(', ')}; now at version ${result.version}`);
    }));

  sync
    .command('add-seat')
    .description("create a seat's role bound to a business (and its own series), print its connection URL")
    .requiredOption('--url <url>', 'owner connection URL')
    .requiredOption('--business <id>', 'business id (several: comma-separated, one tenant)')
    .requiredOption('--seat <name>', 'seat name, e.g. "Counter 2"')
    .action(action(async (ctx, options: { url: string; business: string; seat: string }) => {
      const result = await addSeat(options.url, { businesses: options.business.split(','), seat: options.seat });
      ctx.result({ url: result.url, role: result.role, tenant: result.tenant, seat: result.seat, businesses: result.businesses, series: result.series }, [
        `seat ${result.seat} (role ${result.role}) for business ${result.businesses.join(', ')}`,
        ...result.series.map((s) => `  series ${s.code} (${s.documentKind}): ${s.format}`),
        `connection URL (give it to that desktop; it is shown only now):`,
        result.url,
      ]);
    }));

  sync
    .command('connect')
    .description('make this data folder that seat (stores the URL readable by you only), then pull')
    .requiredOption('--url <url>', "the seat's connection URL from sync add-seat")
    .action(action(async (ctx, options: { url: string }) => {
      const result = await connectSeat(await syncContext(ctx), options.url);
      ctx.result(result, [
        `connected as seat ${result.role} on ${result.server} (businesses: ${result.businesses.join(', ') || 'none'})`,
        `pulled: ${plural(result.pulled.businesses, 'business', 'businesses')}, ${plural(result.pulled.products, 'product')}, ${plural(result.pulled.customers, 'customer')}, ${result.pulled.series} series`,
      ]);
    }));

  sync
    .command('push')
    .description('push the queued changes (then pull)')
    .action(action(async (ctx) => {
      const report = await pushNow(await syncContext(ctx));
      ctx.result({ pushed: report.pushed, duplicates: report.duplicates, rejected: report.rejected, pending: report.pending, superseded: report.superseded, audit: report.audit, batches: report.batches, pulled: report.pulled },
        `pushed ${report.pushed}, duplicates ${report.duplicates}, rejected ${report.rejected}, pending ${report.pending}` + (report.superseded ? `, ${plural(report.superseded, 'edit')} lost to another seat (see sync status)` : ''));
      return 0;
    }));

  sync
    .command('pull')
    .description("pull the other seats' businesses, products and customers")
    .action(action(async (ctx) => {
      const pulled = await pullNow(await syncContext(ctx));
      ctx.result(pulled, `pulled ${plural(pulled.businesses, 'business', 'businesses')}, ${plural(pulled.products, 'product')}, ${plural(pulled.customers, 'customer')}, ${pulled.series} series, ${plural(pulled.conflicts, 'conflict')}`);
    }));

  sync
    .command('status')
    .description('seat, pending changes, last success, last error, sync errors and conflicts')
    .action(action(async (ctx) => {
      const status = syncStatus((await ctx.core()).store);
      ctx.result(status, [
        status.connected ? `seat ${status.seat} on ${status.server}` : 'not connected (sync connect --url SEAT_URL)',
        `device ${status.deviceId}`,
        `pending ${status.pending}`,
        `last success ${status.lastSuccessAt ?? 'never'}`,
        ...(status.lastError ? [`last error ${status.lastErrorAt}: ${status.lastError}`, `next attempt ${status.nextAttemptAt ?? 'on demand'}`] : []),
        `sync errors ${status.errorCount}`,
        ...status.errors.map((e) => `  ${e.at} ${e.op} ${e.entity} ${e.entityId}: ${e.code} ${e.reason}`),
        `conflicts ${status.conflictCount}`,
        ...status.conflicts.map((c) => `  ${c.at} ${c.entity} ${c.entityId}: version ${c.losingVersion} from ${c.losingDevice} lost to version ${c.winningVersion} from ${c.winningDevice}`),
      ]);
    }));

  sync
    .command('check')
    .description('prove every series on the server gap-free, or name the gap')
    .requiredOption('--url <url>', 'owner connection URL')
    .action(action(async (ctx, options: { url: string }) => {
      const report = await checkServer(options.url);
      ctx.result(report, [
        ...report.series.map((s) => `${s.businessId} ${s.seriesCode} ${s.fiscalYear}: 1..${s.last} (${s.count})${s.ok ? '' : ` GAP ${s.gap ?? ''}`}`),
        report.ok ? `server series OK: ${plural(report.series.length, 'series-year')}, no gap, no duplicate` : report.problems.map((p) => `PROBLEM: ${p}`).join('\n'),
      ]);
      return report.ok ? 0 : 1;
    }));
};
