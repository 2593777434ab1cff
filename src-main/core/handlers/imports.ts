// imports.preview / imports.commit: the import wizard over IPC. The file arrives as bytes (the
// renderer never hands main a path of its own making); the importer reads it in a worker thread
// under the `importMaxBytes` setting, and progress goes out as `import.progress` events.
import { AppError } from '../../../src-shared/errors.js';
import type { Input, Output } from '../../../src-shared/ipc/contract.js';
import { getBusiness } from '../../db/repos/businesses.js';
import { commitImport, importLimitsOf, previewImport } from '../../importer/index.js';
import type { Core } from '../create-core.js';
import { readSettings } from '../../db/repos/settings.js';
import type { CallContext, Handler } from './types.js';

function decode(content: string, maxBytes: number): Uint8Array {
  // base64 is 4 characters per 3 bytes: refuse before allocating anything too large.
  const size = Math.floor((content.length * 3) / 4);
  if (size > maxBytes + 2) {
    throw new AppError('IMPORT_TOO_LARGE', `The file is ${(size / 1048576).toFixed(1)} MB; the import limit is ${(maxBytes / 1048576).toFixed(1)} MB (a setting). Split the sheet or raise the limit.`, { details: { bytes: size, limit: maxBytes } });
  }
  return new Uint8Array(Buffer.from(content, 'base64'));
}

async function runImport(core: Core, input: Input<'imports.preview'>, ctx: CallContext, commit: boolean): Promise<Output<'imports.preview'>> {
  const settings = core.store.read((db) => {
    getBusiness(db, input.businessId);
    return readSettings(db);
  });
  const bytes = decode(input.content, settings.importMaxBytes);
  const emit = (phase: 'reading' | 'done' | 'failed', rowsDone: number, extra: { importId?: string; message?: string } = {}) =>
    core.events.emit('import.progress', { businessId: input.businessId, kind: input.kind, phase, rowsDone, ...extra });
  emit('reading', 0);
  try {
    const request = {
      kind: input.kind, businessId: input.businessId, dataDir: core.dataDir, file: { bytes, name: input.fileName }, sheet: input.sheet, map: input.map,
      limits: importLimitsOf(settings), actor: ctx.actor,
    };
    const result = commit ? await commitImport(request) : await previewImport(request);
    emit('done', result.valid + result.invalid, result.importId ? { importId: result.importId } : {});
    if (commit && result.committed) core.logger.info('import committed', { businessId: input.businessId, kind: input.kind, importId: result.importId, created: result.created, updated: result.updated });
    return result;
  } catch (error) {
    emit('failed', 0, { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

export const importsPreview: Handler<'imports.preview'> = (core, input, ctx) => runImport(core, input, ctx, false);
export const importsCommit: Handler<'imports.commit'> = (core, input, ctx) => runImport(core, input, ctx, true);
