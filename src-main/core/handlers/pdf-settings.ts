// pdfSettings.*: a business's PDF choices (pdf/settings.ts): its own Typst template, PDF/A-2b and
// tables tagged for screen readers, the same settings the CLI's `template use|reset|pdfa|tabletags`
// change. A template comes from the app as one .typ file's bytes (the renderer names no path, as
// imports.ts): it is written into a fresh private temp folder and checked there with the CLI's own
// functions (pdf/business-template.ts); `use` installs the checked copy as `template use` does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { MAX_TEMPLATE_FILE_BYTES, type Input } from '../../../src-shared/ipc/contract.js';
import type { PdfSettingsView, TemplateCheckView } from '../../../src-shared/ipc/models.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { checkBusinessTemplate, useBusinessTemplate } from '../../pdf/business-template.js';
import { readPdfSettings, resetTemplate, setPdfA, setTableTags } from '../../pdf/settings.js';
import type { TemplateCheck } from '../../pdf/template-check.js';
import type { Core } from '../create-core.js';
import type { Handler } from './types.js';

function view(core: Core, businessId: string): PdfSettingsView {
  const { template, pdfA, tableTags } = core.store.read((db) => {
    getBusiness(db, businessId);
    return readPdfSettings(db, core.dataDir, businessId);
  });
  return { template: template ? path.basename(template) : null, pdfA, tableTags };
}

export const pdfSettingsGet: Handler<'pdfSettings.get'> = async (core, input) => view(core, input.businessId);

/** Only what changes is stored and audited. */
export const pdfSettingsSet: Handler<'pdfSettings.set'> = async (core, input, ctx) => {
  const before = view(core, input.businessId);
  if (input.pdfA !== undefined && input.pdfA !== before.pdfA) setPdfA(core.store, input.businessId, input.pdfA, ctx.actor);
  if (input.tableTags !== undefined && input.tableTags !== before.tableTags) setTableTags(core.store, input.businessId, input.tableTags, ctx.actor);
  return view(core, input.businessId);
};

/** The bytes of the .typ file, refused with both sizes before anything is allocated or written. */
function decode(input: Input<'pdfSettings.checkTemplate'>): Buffer {
  const size = Math.floor((input.content.length * 3) / 4) - (input.content.endsWith('==') ? 2 : input.content.endsWith('=') ? 1 : 0);
  if (size > MAX_TEMPLATE_FILE_BYTES) {
    throw new AppError('BAD_INPUT', `The template ${input.fileName} is ${(size / 1048576).toFixed(1)} MB; a template file may be at most ${MAX_TEMPLATE_FILE_BYTES / 1048576} MB.`, {
      details: { field: 'content', bytes: size, limit: MAX_TEMPLATE_FILE_BYTES },
    });
  }
  return Buffer.from(input.content, 'base64');
}

/**
 * Runs `fn` on the template written alone into a fresh temp folder (mode 0700, mkdtemp), removed
 * after: the check sees exactly the file the user chose and nothing else of the machine.
 */
async function withTemplateFile<T>(core: Core, input: Input<'pdfSettings.checkTemplate'>, fn: (file: string) => Promise<T>): Promise<T> {
  core.store.read((db) => getBusiness(db, input.businessId));
  const bytes = decode(input);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ledgerflow-template-'));
  try {
    const file = path.join(dir, input.fileName);
    writeFileSync(file, bytes, { mode: 0o600 });
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The check as the UI shows it: file names relative to the temp folder (the name the user chose). */
function checkView(core: Core, businessId: string, check: TemplateCheck, file: string): TemplateCheckView {
  const dir = path.dirname(file);
  const rel = (f: string) => (path.isAbsolute(f) && f.startsWith(dir + path.sep) ? path.relative(dir, f).split(path.sep).join('/') : f);
  return {
    ok: check.ok,
    template: path.basename(file),
    diagnostics: check.diagnostics.map((d) => ({ ...d, file: rel(d.file), message: d.message.split(dir + path.sep).join('') })),
    samples: check.samples,
    settings: view(core, businessId),
  };
}

export const pdfSettingsCheckTemplate: Handler<'pdfSettings.checkTemplate'> = (core, input) =>
  withTemplateFile(core, input, async (file) => checkView(core, input.businessId, await checkBusinessTemplate(core.store, core.dataDir, input.businessId, file), file));

export const pdfSettingsUseTemplate: Handler<'pdfSettings.useTemplate'> = (core, input, ctx) =>
  withTemplateFile(core, input, async (file) => {
    const { check, installed } = await useBusinessTemplate(core.store, core.dataDir, input.businessId, file, ctx.actor, input.fileName);
    if (installed) core.logger.info('pdf template installed', { businessId: input.businessId, template: input.fileName, copy: installed });
    return checkView(core, input.businessId, check, file);
  });

/** Only a business printing with its own template is reset (and audited). */
export const pdfSettingsResetTemplate: Handler<'pdfSettings.resetTemplate'> = async (core, input, ctx) => {
  if (view(core, input.businessId).template !== null) resetTemplate(core.store, input.businessId, ctx.actor);
  return view(core, input.businessId);
};
