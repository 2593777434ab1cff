// Typed failures shared by every layer (docs/ARCHITECTURE.md rule 9). A code is stable and names a
// translation key (`errors.<code>`); `retryable` says whether trying again may succeed.

export type ErrorCode =
  | 'BAD_INPUT' // input failed validation; details say where (path, row, field)
  | 'NOT_FOUND'
  | 'CONFLICT' // unique constraint or state conflict (e.g. voiding a draft)
  | 'FORBIDDEN' // e.g. simulation in a non-sandbox business, IPC from a foreign frame
  | 'DB_NEWER_THAN_APP' // database written by a newer LedgerFlow
  | 'MIGRATION_EDITED' // an applied migration file changed since it ran
  | 'DB_BUSY' // could not get the write lock in time
  | 'TAX_INPUT' // a tax plugin refused a line (rate, state, quantity...)
  | 'PLUGIN_INVALID' // a tax plugin failed to load or validate
  | 'IMPORT_UNREADABLE' // a spreadsheet cannot be read at all
  | 'IMPORT_MISSING_COLUMN'
  | 'IMPORT_TOO_LARGE'
  | 'PDF_FAILED'
  | 'CIRCUIT_OPEN' // a breaker refused work after repeated failures
  | 'EXPORT_FAILED'
  | 'CANCELLED'
  | 'SEQUENCE_BROKEN' // a gap or duplicate in a numbering series
  | 'AUDIT_BROKEN' // the audit hash chain does not verify
  | 'SYNC_FAILED'
  | 'TIMEOUT'
  | 'RESTORING' // the data folder is being restored from a backup; the app reloads after
  | 'INTERNAL';

export interface ErrorDetails {
  /** JSON path, file, sheet row, column letter, line index... whatever locates the problem. */
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetails; retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  /** The i18n key under which the UI finds a translated message for this code. */
  get messageKey(): string {
    return `errors.${this.code}`;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, messageKey: this.messageKey, retryable: this.retryable, details: this.details };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  messageKey: string;
  retryable: boolean;
  details: ErrorDetails;
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Any thrown value as an AppError: unknown errors become INTERNAL, keeping their message. */
export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (value instanceof Error) return new AppError('INTERNAL', value.message, { cause: value });
  return new AppError('INTERNAL', String(value));
}

export function badInput(message: string, details: ErrorDetails = {}): AppError {
  return new AppError('BAD_INPUT', message, { details });
}

/** The reply envelope used by IPC, the preview bridge and the CLI's --json output (docs/ARCHITECTURE.md rule 5). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: unknown): Result<never> {
  return { ok: false, error: toAppError(error).toJSON() };
}
