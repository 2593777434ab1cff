// `product add|update --business ID --file F.json` and `customer add|update --business ID --file
// F.json`: master data by hand, through the same handlers (and field rules) as the forms.
import type { Input } from '../../../src-shared/ipc/contract.js';
import type { CommandRegistrar } from '../context.js';
import { callHandler, forFile } from '../call-handler.js';
import { readJsonFile } from '../read-json-file.js';

export const registerCatalogueCommands: CommandRegistrar = (program, action) => {
  const product = program.command('product').description('products of a business, by hand (same validation as import)');
  product
    .command('add')
    .description('add a product from a JSON file (name, price, sku, hsn, taxRate, unit, description, cessRate)')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--file <file>', 'product JSON file')
    .action(action(async (ctx, options: { business: string; file: string }) => {
      const file = readJsonFile(options.file) as Input<'products.create'>['product'];
      const core = await ctx.core();
      const created = await forFile(options.file, () => callHandler(core, 'products.create', { businessId: options.business, product: file }));
      ctx.result(created, `added product ${created.sku ? `${created.sku} ` : ''}${created.name} (${created.id})`);
    }));
  product
    .command('update')
    .description('change a product named by "id" (or "sku") in the file; archived: true hides it')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--file <file>', 'JSON file with id (or sku) and the fields that change')
    .action(action(async (ctx, options: { business: string; file: string }) => {
      const file = readJsonFile(options.file) as Input<'products.update'>['product'];
      const core = await ctx.core();
      const updated = await forFile(options.file, () => callHandler(core, 'products.update', { businessId: options.business, product: file }));
      ctx.result(updated, `updated product ${updated.sku ? `${updated.sku} ` : ''}${updated.name} (${updated.id})${updated.archivedAt ? ' [archived]' : ''}`);
    }));

  const customer = program.command('customer').description('customers of a business, by hand (same validation as import)');
  customer
    .command('add')
    .description('add a customer from a JSON file (name, taxId, state, country, address, email, phone)')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--file <file>', 'customer JSON file')
    .action(action(async (ctx, options: { business: string; file: string }) => {
      const file = readJsonFile(options.file) as Input<'customers.create'>['customer'];
      const core = await ctx.core();
      const created = await forFile(options.file, () => callHandler(core, 'customers.create', { businessId: options.business, customer: file }));
      ctx.result(created, `added customer ${created.name}${created.taxId ? ` (${created.taxId})` : ''} with id ${created.id}`);
    }));
  customer
    .command('update')
    .description('change a customer named by "id" (or "taxId") in the file; archived: true hides it')
    .requiredOption('--business <id>', 'business id')
    .requiredOption('--file <file>', 'JSON file with id (or taxId) and the fields that change')
    .action(action(async (ctx, options: { business: string; file: string }) => {
      const file = readJsonFile(options.file) as Input<'customers.update'>['customer'];
      const core = await ctx.core();
      const updated = await forFile(options.file, () => callHandler(core, 'customers.update', { businessId: options.business, customer: file }));
      ctx.result(updated, `updated customer ${updated.name} (${updated.id})${updated.archivedAt ? ' [archived]' : ''}`);
    }));
};
