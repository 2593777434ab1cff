// The shape of `window.ledgerflow`, the only thing the preload exposes to the renderer
// (contextBridge). Shared by the preload (which implements it) and the renderer client (which
// uses it). Calls answer with the Result envelope; they never throw for a refused call.
import { Type } from '@sinclair/typebox';
import type { Result } from '../errors.js';

export interface FileFilter {
  name: string;
  /** Extensions without the dot: ['xlsx', 'xls', 'csv']. */
  extensions: string[];
}

export interface OpenFileOptions {
  title?: string;
  filters?: FileFilter[];
}

export interface SaveFileOptions {
  title?: string;
  /** A file name (no folders), e.g. "batch-2026-01.zip". */
  defaultName?: string;
  filters?: FileFilter[];
}

/** A path chosen by the user in a native dialog run by the main process. */
export interface ChosenFile {
  path: string;
  name: string;
}

export interface LedgerflowBridge {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on(event: string, handler: (payload: unknown) => void): () => void;
  /** The real path of a File dropped on the window or picked by an <input type=file> (Electron only). */
  pathForFile(file: unknown): string | null;
  /** Native open dialog in the main process; null when cancelled. */
  openFile(options?: OpenFileOptions): Promise<ChosenFile | null>;
  /** Native save dialog in the main process; null when cancelled. */
  saveFile(options?: SaveFileOptions): Promise<ChosenFile | null>;
}

/** Header carrying the preview bridge's per-run token on every POST /api/call. */
export const PREVIEW_TOKEN_HEADER = 'x-ledgerflow-token';

// Runtime checks of what the renderer passes to the dialog helpers (the main process validates
// these like any IPC input).

const FileFilterSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  extensions: Type.Array(Type.String({ pattern: '^(\\*|[A-Za-z0-9]{1,10})$' }), { minItems: 1, maxItems: 20 }),
}, { additionalProperties: false });

export const OpenFileOptionsSchema = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200 })),
  filters: Type.Optional(Type.Array(FileFilterSchema, { maxItems: 10 })),
}, { additionalProperties: false });

export const SaveFileOptionsSchema = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200 })),
  // A bare file name: no folders, no separators, so the renderer cannot aim the dialog anywhere.
  defaultName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\:*?"<>|\\u0000-\\u001f]+$' })),
  filters: Type.Optional(Type.Array(FileFilterSchema, { maxItems: 10 })),
}, { additionalProperties: false });
