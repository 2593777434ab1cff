// `template check FILE --business ID`, `template use FILE --business ID`, `template reset
// --business ID`, `template pdfa on|off --business ID` and `template tabletags on|off --business
// ID`: a business's own Typst invoice template, accepted only after it compiles against sample
// invoices and each sample PDF reads back with its number and grand total. Errors print as
// FILE:LINE:COLUMN: message; exit 2.
import { AppError } from '../../../src-shared/errors.js';
import type { CliContext, CommandRegistrar } from '../context.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { checkBusinessTemplate, useBusinessTemplate } from '../../pdf/business-template.js';
import { resetTemplate, setPdfA, setTableTags } from '../../pdf/settings.js';
import type { TemplateCheck } from '../../pdf/template-check.js';

async function runCheck(ctx: CliContext, file: string, businessId: string): Promise<TemplateCheck> {
  const core = await ctx.core();
  return checkBusinessTemplate(core.store, core.dataDir, businessId, file);
}

function human(check: TemplateCheck): string[] {
  const lines = check.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.severity}: ${d.message}`);
  const passed = check.samples.filter((s) => s.ok).length;
  const stopped = check.samples.length < check.sampleCount;
  // A compile error stops the check at the sample it happened on (it would fail the others alike).
  const refusal = stopped ? `it does not compile (stopped at sample invoice ${check.samples.length} of ${check.sampleCount})` : `${passed} of ${check.samples.length} sample invoices passed`;
  lines.push(check.ok ? `template ${check.template}: OK, ${passed} sample invoices rendered and verified` : `template ${check.template}: NOT accepted: ${refusal}`);
  return lines;
}

export const registerTemplateCommands: CommandRegistrar = (program, action) => {
  const template = program.command('template').description("a business's own Typst invoice template (see docs/pdf-templates.md)");
  template
    .command('check')
    .description('compile a .typ template against sample invoices of the business and verify each PDF')
    .argument('<file>', 'the template (.typ); it may read files of its own folder only')
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, file: string, options: { business: string }) => {
      const check = await runCheck(ctx, file, options.business);
      ctx.result(check, human(check));
      return check.ok ? 0 : 2;
    }));
  template
    .command('use')
    .description("check a template and make it the business's invoice template (a checked copy is kept in the data folder)")
    .argument('<file>', 'the template (.typ)')
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, file: string, options: { business: string }) => {
      const core = await ctx.core();
      const { check, installed } = await useBusinessTemplate(core.store, core.dataDir, options.business, file, 'cli');
      if (!installed) {
        ctx.result(check, human(check));
        return 2;
      }
      ctx.result({ ...check, installed }, [...human(check), `business ${options.business} now prints with ${installed}`]);
    }));
  template
    .command('reset')
    .description('go back to the built-in template')
    .requiredOption('--business <id>', 'business id')
    .action(action(async (ctx, options: { business: string }) => {
      const core = await ctx.core();
      core.store.read((db) => getBusiness(db, options.business));
      resetTemplate(core.store, options.business, 'cli');
      ctx.result({ business: options.business, template: null }, `business ${options.business} prints with the built-in template`);
    }));
  // The business's on/off PDF choices: the same refusal of any other state, the same output shape.
  const onOff = (name: string, description: string, key: 'pdfA' | 'tableTags', label: string, store: (core: Awaited<ReturnType<CliContext['core']>>, businessId: string, on: boolean) => void) =>
    template
      .command(name)
      .description(description)
      .argument('<state>', 'on or off')
      .requiredOption('--business <id>', 'business id')
      .action(action(async (ctx, state: string, options: { business: string }) => {
        if (state !== 'on' && state !== 'off') throw new AppError('BAD_INPUT', `STATE: "${state}" is not on or off`, { details: { field: 'state' } });
        const core = await ctx.core();
        core.store.read((db) => getBusiness(db, options.business));
        store(core, options.business, state === 'on');
        ctx.result({ business: options.business, [key]: state === 'on' }, `business ${options.business}: ${label} ${state}`);
      }));
  onOff('pdfa', 'PDF/A-2b archival output on or off (default on)', 'pdfA', 'PDF/A-2b', (core, id, on) => setPdfA(core.store, id, on, 'cli'));
  onOff('tabletags', 'tables tagged as tables in the PDF for screen readers, on or off (default on; off: rows of blocks, same look, smaller files)', 'tableTags', 'tables tagged for screen readers', (core, id, on) => setTableTags(core.store, id, on, 'cli'));
};
