// What the credit-note and debit-note dialogs share before anything is sent: reading a typed
// amount, and the dialog's own checks (one per field), in the user's language. The two kinds
// differ only in their texts and in two rules, both set by NoteKind: a credit note is capped by
// what is left of the invoice and passes over a line where 0 is typed; a debit note is not
// capped and calls a typed 0 a mistake.
import type { TFunction } from 'i18next';
import { k } from '../../i18n/keys.js';
import type { Formatters } from '../../i18n/format.js';
import { latinDigits } from '../../i18n/dates.js';
import { currencyScale, Dec } from '../../../src-shared/money/index.js';

export type NoteMode = 'lines' | 'value' | 'rest';

/** One invoice line as the dialog shows it; `leftQuantity`/`leftTotal` only where the note is capped. */
export interface NoteLine {
  line: number;
  description: string;
  quantity: string;
  leftQuantity?: string;
  leftTotal?: string;
}

/** What the dialog corrects: the invoice's lines and currency, and (capped notes) what is left of it. */
export interface NoteSource {
  currency: string;
  lines: NoteLine[];
  left?: string;
}

export interface NoteRequest {
  lines?: Array<{ line: number; quantity: string }>;
  value?: string;
}

export interface Checked {
  errors: Record<string, string>;
  request?: NoteRequest;
}

/** The texts of one kind of note (i18n keys) and its two rules. */
export interface NoteKind {
  /** Prefix of element ids and test ids: `credit-dialog`, `debit-reason`… */
  id: 'credit' | 'debit';
  modes: ReadonlyArray<{ mode: NoteMode; label: string }>;
  /** Refuse quantities and values above what is left (the source then carries `left`). */
  capped: boolean;
  /** What a typed 0 on a line means: passed over (credit), or said as a bad quantity (debit). */
  zeroQuantity: 'skip' | 'error';
  text: {
    title: string;
    how: string;
    linesCaption: string;
    toNote: string;
    quantityOf: string;
    value: string;
    confirmLead: string;
    confirmValue: string;
    confirmFinal: string;
    issue: string;
    errReason: string;
    errQuantity: string;
    errNoLines: string;
    errValue: string;
  };
}

export const CREDIT_NOTE: NoteKind = {
  id: 'credit',
  modes: [
    { mode: 'lines', label: k('credit.mode.lines') },
    { mode: 'value', label: k('credit.mode.value') },
    { mode: 'rest', label: k('credit.mode.rest') },
  ],
  capped: true,
  zeroQuantity: 'skip',
  text: {
    title: k('credit.title'),
    how: k('credit.how'),
    linesCaption: k('credit.linesCaption'),
    toNote: k('credit.toCredit'),
    quantityOf: k('credit.quantityOf'),
    value: k('credit.value'),
    confirmLead: k('credit.confirmLead'),
    confirmValue: k('credit.confirmValue'),
    confirmFinal: k('credit.confirmFinal'),
    issue: k('credit.issue'),
    errReason: k('credit.errors.reason'),
    errQuantity: k('credit.errors.quantity'),
    errNoLines: k('credit.errors.noLines'),
    errValue: k('credit.errors.value'),
  },
};

export const DEBIT_NOTE: NoteKind = {
  id: 'debit',
  modes: [
    { mode: 'lines', label: k('debit.mode.lines') },
    { mode: 'value', label: k('debit.mode.value') },
  ],
  capped: false,
  zeroQuantity: 'error',
  text: {
    title: k('debit.title'),
    how: k('debit.how'),
    linesCaption: k('debit.linesCaption'),
    toNote: k('debit.extra'),
    quantityOf: k('debit.quantityOf'),
    value: k('debit.value'),
    confirmLead: k('debit.confirmLead'),
    confirmValue: k('debit.confirmValue'),
    confirmFinal: k('debit.confirmFinal'),
    issue: k('debit.issue'),
    errReason: k('debit.errors.reason'),
    errQuantity: k('debit.errors.quantity'),
    errNoLines: k('debit.errors.noLines'),
    errValue: k('debit.errors.value'),
  },
};

/** A typed amount or quantity ("2", "1,234.50", "٢٫٥") as a plain decimal string; undefined if unreadable. */
export function readDecimalInput(text: string): string | undefined {
  const cleaned = latinDigits(text).replace(/[\u200e\u200f\u061c\u2066-\u2069\s,\u066c]/g, '').replace(/\u066b/g, '.');
  if (cleaned === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return cleaned;
}

function decimals(text: string): number {
  return text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
}

/** One line's typed quantity: the quantity to send, nothing (left empty or a passed-over 0), or an error. */
function checkLine(t: TFunction, f: Formatters, kind: NoteKind, l: NoteLine, typed: string): { quantity?: string; error?: string } {
  if (typed === '') return {};
  const q = readDecimalInput(typed);
  if (q === undefined) return { error: t(kind.text.errQuantity) };
  if (new Dec(q).isZero()) return kind.zeroQuantity === 'skip' ? {} : { error: t(kind.text.errQuantity) };
  if (kind.capped && l.leftQuantity !== undefined && new Dec(q).gt(l.leftQuantity)) return { error: t('credit.errors.quantityLeft', { left: f.decimal(l.leftQuantity) }) };
  return { quantity: q };
}

function checkLines(t: TFunction, f: Formatters, kind: NoteKind, source: NoteSource, quantities: Record<number, string>, errors: Record<string, string>): NoteRequest {
  const lines: Array<{ line: number; quantity: string }> = [];
  for (const l of source.lines) {
    const { quantity, error } = checkLine(t, f, kind, l, (quantities[l.line] ?? '').trim());
    if (error) errors[`line-${l.line}`] = error;
    else if (quantity) lines.push({ line: l.line, quantity });
  }
  if (lines.length === 0 && !Object.keys(errors).some((key) => key.startsWith('line-'))) errors.lines = t(kind.text.errNoLines);
  return { lines };
}

/** The typed value: readable, not more decimals than the currency has, above zero, and (capped) within what is left. */
function valueError(t: TFunction, f: Formatters, kind: NoteKind, source: NoteSource, v: string | undefined): string | undefined {
  const scale = currencyScale(source.currency);
  if (v === undefined) return t(kind.text.errValue);
  if (decimals(v) > scale) return t('credit.errors.valueDecimals', { places: f.number(scale) });
  if (new Dec(v).lte(0)) return t(kind.text.errValue);
  if (kind.capped && source.left !== undefined && new Dec(v).gt(source.left)) return t('credit.errors.valueLeft', { left: f.money(source.left, source.currency) });
  return undefined;
}

/** The dialog's own checks, in the user's language, before anything is sent. */
export function checkNote(t: TFunction, f: Formatters, kind: NoteKind, source: NoteSource, form: { mode: NoteMode; quantities: Record<number, string>; value: string; reason: string }): Checked {
  const errors: Record<string, string> = {};
  if (!form.reason.trim()) errors.reason = t(kind.text.errReason);
  let request: NoteRequest | undefined = {};
  if (form.mode === 'lines') request = checkLines(t, f, kind, source, form.quantities, errors);
  if (form.mode === 'value') {
    const v = readDecimalInput(form.value.trim());
    const error = valueError(t, f, kind, source, v);
    if (error) errors.value = error;
    request = error ? undefined : { value: v };
  }
  return Object.keys(errors).length > 0 || !request ? { errors } : { errors, request };
}
