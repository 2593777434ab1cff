// `business add --file F.json`, `business update` and `business list`, through the same handlers
// the app calls (businesses.create, .update, .list).
import type { CommandRegistrar } from '../context.js';
import { readJsonFile } from '../read-json-file.js';
import { callHandler, forFile } from '../call-handler.js';
import type { Input } from '../../../src-shared/ipc/contract.js';

export const registerBusinessCommands: CommandRegistrar = (program, action) => {
  const business = program.command('business').description('manage businesses (tenants)');
  business
    .command('add')
    .description('add a business from a JSON file')
    .requiredOption('--file <file>', 'business JSON file')
    .action(action(async (ctx, options: { file: string }) => {
      const raw = readJsonFile(options.file) as Input<'businesses.create'>;
      const core = await ctx.core();
      // The same handler the app calls: it validates with the business's tax plugin, then creates.
      const created = await forFile(options.file, () => callHandler(core, 'businesses.create', raw));
      ctx.result(created, `added business ${created.name} (${created.taxRegime}) with id ${created.id}`);
    }));
  business
    .command('update')
    .description('change a business from a JSON file of the fields that change (archived: true hides it)')
    .argument('<id>', 'business id')
    .requiredOption('--file <file>', 'JSON file with the changed fields')
    .action(action(async (ctx, id: string, options: { file: string }) => {
      const changes = readJsonFile(options.file) as Input<'businesses.update'>['changes'];
      const core = await ctx.core();
      const updated = await forFile(options.file, () => callHandler(core, 'businesses.update', { id, changes }));
      const { logo: _logo, signature: _signature, ...shown } = updated;
      ctx.result(shown, `updated business ${updated.name} (${updated.id})${updated.archivedAt ? ' [archived]' : ''}`);
    }));
  business
    .command('list')
    .description('list businesses')
    .action(action(async (ctx) => {
      const core = await ctx.core();
      const all = (await callHandler(core, 'businesses.list', { includeArchived: true })).map(({ logo: _logo, signature: _signature, ...rest }) => rest);
      ctx.result(all, all.length === 0 ? 'no businesses yet' : all.map((b) => `${b.id}  ${b.taxRegime.padEnd(7)} ${b.sandbox ? '[sandbox] ' : ''}${b.name}`));
    }));
};
