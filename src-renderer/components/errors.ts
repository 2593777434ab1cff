// Turns any failure into a translated sentence: the backend's stable code picks the message
// (errors.<CODE>), and its own English text follows as the detail that says where.
import type { TFunction } from 'i18next';
import { BackendError } from '../app/backend.js';
import { k } from '../i18n/keys.js';

const ERROR_KEYS: Record<string, string> = {
  BAD_INPUT: k('errors.BAD_INPUT'),
  NOT_FOUND: k('errors.NOT_FOUND'),
  CONFLICT: k('errors.CONFLICT'),
  FORBIDDEN: k('errors.FORBIDDEN'),
  DB_NEWER_THAN_APP: k('errors.DB_NEWER_THAN_APP'),
  MIGRATION_EDITED: k('errors.MIGRATION_EDITED'),
  DB_BUSY: k('errors.DB_BUSY'),
  TAX_INPUT: k('errors.TAX_INPUT'),
  PLUGIN_INVALID: k('errors.PLUGIN_INVALID'),
  IMPORT_UNREADABLE: k('errors.IMPORT_UNREADABLE'),
  IMPORT_MISSING_COLUMN: k('errors.IMPORT_MISSING_COLUMN'),
  IMPORT_TOO_LARGE: k('errors.IMPORT_TOO_LARGE'),
  PDF_FAILED: k('errors.PDF_FAILED'),
  CIRCUIT_OPEN: k('errors.CIRCUIT_OPEN'),
  EXPORT_FAILED: k('errors.EXPORT_FAILED'),
  CANCELLED: k('errors.CANCELLED'),
  SEQUENCE_BROKEN: k('errors.SEQUENCE_BROKEN'),
  AUDIT_BROKEN: k('errors.AUDIT_BROKEN'),
  SYNC_FAILED: k('errors.SYNC_FAILED'),
  TIMEOUT: k('errors.TIMEOUT'),
  INTERNAL: k('errors.INTERNAL'),
  NOT_AVAILABLE: k('errors.NOT_AVAILABLE'),
  NETWORK: k('errors.NETWORK'),
};

export function errorCode(error: unknown): string {
  return error instanceof BackendError ? error.code : 'INTERNAL';
}

export function errorTitle(t: TFunction, error: unknown): string {
  return t(ERROR_KEYS[errorCode(error)] ?? k('errors.INTERNAL'));
}

export function errorDetail(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
