// `import products|customers|orders FILE --business ID [--dry-run] [--map 'Field=Header,…'] [--sheet NAME]`
// A thin layer over src-main/importer (the same functions the UI wizard and IPC call).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportKind } from '../../../src-shared/schemas/import.js';
import { commitImport, importLimitsFor, parseMapOption, previewImport, type ImportResult } from '../../importer/index.js';
import { noteText } from '../../importer/notes.js';
import { plural } from '../../../src-shared/plural.js';
import type { CommandRegistrar } from '../context.js';
import { writeFileAtomic } from '../../runtime/atomic-file.js';

interface ImportFlags {
  business: string;
  dryRun?: boolean;
  map?: string;
  sheet?: string;
  errors?: string;
}

/** Row errors printed for people; --json and --errors FILE carry all of them. */
export const ERRORS_ON_SCREEN = 100;

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every row error as CSV (row, column, field, message), for a spreadsheet to open. */
export function errorsCsv(errors: ImportResult['errors']): string {
  return ['row,column,field,message', ...errors.map((e) => [e.row, e.column, e.field, e.message].map(csvField).join(','))].join('\n') + '\n';
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** The sheet read, then each field's column and the headed columns no field uses. */
function sheetLines(r: ImportResult): string[] {
  const lines = [`${r.fileName}: sheet "${r.sheet}" (${r.format}${r.sheets.length > 1 ? `; sheets: ${r.sheets.join(', ')}` : ''}), header on row ${r.headerRow}`, 'mapping:'];
  for (const m of r.mapping) lines.push(`  ${m.field.padEnd(16)} <- ${m.column} "${m.header}" (${percent(m.confidence)})`);
  for (const u of r.unmapped) lines.push(`  (unmapped)       ${u.column} "${u.header}"${u.hidden ? ' [hidden]' : ''}${u.samples.length ? ` e.g. ${u.samples.join(', ')}` : ''}`);
  return lines;
}

/** The row errors, the first ERRORS_ON_SCREEN of them, and how many more there are. */
function errorLines(r: ImportResult): string[] {
  const lines = r.errors.slice(0, ERRORS_ON_SCREEN).map((e) => `  row ${e.row}, column ${e.column}: ${e.message}`);
  const more = r.errors.length - ERRORS_ON_SCREEN;
  if (more > 0) lines.push(`  ... and ${more.toLocaleString('en-US')} more ${more === 1 ? 'row error' : 'row errors'} (${r.errors.length.toLocaleString('en-US')} in all); see them all with --json or --errors FILE`);
  return lines;
}

/** What was written, or would be, or why nothing was. */
function outcomeLine(kind: ImportKind, r: ImportResult, dryRun: boolean): string {
  const counts = kind === 'orders' ? plural(r.created, 'pending order') : `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`;
  if (r.committed) return `committed: ${counts} (import ${r.importId})`;
  if (dryRun) return `dry run: nothing written (would be ${counts})`;
  return `nothing written: ${r.invalid > 0 ? 'fix the rows above and import again (all or nothing)' : 'no data rows'}`;
}

function human(kind: ImportKind, r: ImportResult, dryRun: boolean): string[] {
  const lines = sheetLines(r);
  for (const note of r.notes) lines.push(`note: ${noteText(kind, note)}`);
  lines.push(`rows: ${r.valid} valid, ${r.invalid} with errors`, ...errorLines(r));
  if (r.preview.length > 0) {
    lines.push(`preview (first ${plural(r.preview.length, 'row')} as stored):`);
    for (const p of r.preview) lines.push(`  ${JSON.stringify(p)}`);
  }
  lines.push(outcomeLine(kind, r, dryRun));
  return lines;
}

function register(parent: Command, kind: ImportKind, description: string, action: Parameters<CommandRegistrar>[1]): void {
  parent
    .command(kind)
    .description(description)
    .argument('<file>', '.xlsx, .xls, .ods or .csv file')
    .requiredOption('--business <id>', 'business id (see `business list`)')
    .option('--dry-run', 'report the mapping and every row error; write nothing')
    .option('--map <pairs>', "override the detected mapping: 'Field=Header,Field2=C' (header text or column letter; empty unmaps)")
    .option('--sheet <name>', 'sheet to read (default: the first)')
    .option('--errors <file>', 'also write every row error to this CSV file (row, column, field, message)')
    .action(action(async (ctx, file: string, flags: ImportFlags) => {
      const request = {
        kind,
        businessId: flags.business,
        dataDir: ctx.dataDir,
        file,
        sheet: flags.sheet,
        map: flags.map !== undefined ? parseMapOption(flags.map) : undefined,
        limits: importLimitsFor(ctx.dataDir),
        actor: 'cli',
      };
      const dryRun = Boolean(flags.dryRun);
      const result = dryRun ? await previewImport(request) : await commitImport(request);
      const { engine: _engine, engineNote: _note, ms: _ms, timings: _timings, notes, ...rest } = result;
      // --json keeps `notes` as English sentences (the contract scripts read); `noteCodes` adds each
      // note's code and parameters, as the wizard receives them.
      const doc = { ...rest, notes: notes.map((note) => noteText(kind, note)), noteCodes: notes };
      if (flags.errors) await writeFileAtomic(resolve(flags.errors), new TextEncoder().encode(errorsCsv(result.errors)));
      ctx.result(doc, human(kind, result, dryRun));
      // Not committed because rows are wrong: bad input (exit 2). A dry run that reported is done.
      return !dryRun && !result.committed && result.invalid > 0 ? 2 : 0;
    }));
}

export const registerImportCommands: CommandRegistrar = (program, action) => {
  const group = program.command('import').description('import products, customers or orders from a spreadsheet (all or nothing)');
  register(group, 'products', 'import a catalogue: Product Name and Base Price required; re-import updates by SKU, else by name', action);
  register(group, 'customers', 'import customers: name required; re-import updates by tax id, else by name', action);
  register(group, 'orders', 'import orders (date, customer, product, quantity) for `batch --from`', action);
};
