// The content seal of an issued invoice: SHA-256 of a canonical JSON of its stored rows (number,
// date, parties, amounts, tax result and every line). appendAudit puts the seal into each audit
// entry about a numbered invoice, so the hash chain also vouches for the invoices themselves, and
// verifyInvoiceSeals recomputes the seals from the rows to name an invoice altered or deleted
// behind the app's back, a number issued twice, or a counter wound back.
//
// The columns are listed explicitly (db/audit-store.ts): what may legitimately change after issue (status, void
// reason, PDF hash, retry counters, columns added later) is not sealed.
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SEALED_CELL, SEALED_INVOICE_INTEGERS, SEALED_INVOICE_WIDTH, SEALED_LINE_INTEGERS, SEALED_LINE_WIDTH, sealedInvoiceCells, sealedLineCells } from '../db/audit-store.js';

const SEAL_VERSION = 'ledgerflow-invoice-seal-v1';

/** What an audit entry records about the invoice it concerns (details.content). */
export interface InvoiceSeal {
  sha256: string;
  number: string;
  seriesId: string | null;
  fiscalYear: string | null;
  seq: number;
}

/** Integers as decimal strings (the same whether SQLite hands back a number or a bigint). */
function canonicalCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

/** The seal of the invoice as stored now; undefined for a missing invoice or an unnumbered draft. */
export function sealInvoice(db: Database.Database, invoiceId: string): InvoiceSeal | undefined {
  const invoice = sealedInvoiceCells(db, invoiceId);
  if (!invoice) return undefined;
  const lines = sealedLineCells(db, invoiceId);
  return sealOfCells(invoice, lines);
}

/**
 * The cells of an invoice and its lines just written in this transaction, in the sealed columns'
 * order (db/audit-store.ts): the issuing path hands them over so the seal need not read back what
 * it wrote.
 */
export interface WrittenInvoiceCells {
  invoice: readonly unknown[];
  lines: ReadonlyArray<readonly unknown[]>;
}

/**
 * Whether a cell written into a column reads back as the very same value: a well-formed string
 * without NUL into a TEXT column, a bigint or safe integer into an INTEGER column, or NULL. Any
 * other cell (a number into a TEXT column, a lone surrogate SQLite would replace, text SQLite
 * could convert to a number) may read back otherwise, and the seal is taken from the stored row.
 */
function readsBackAsWritten(value: unknown, integer: boolean): boolean {
  if (value === null) return true;
  if (integer) return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
  return typeof value === 'string' && (value as unknown as { isWellFormed(): boolean }).isWellFormed() && !value.includes('\0');
}

function allReadBack(cells: readonly unknown[], integers: ReadonlySet<number>): boolean {
  for (let i = 0; i < cells.length; i++) if (!readsBackAsWritten(cells[i], integers.has(i))) return false;
  return true;
}

/**
 * The seal of an invoice written in this transaction, from the cells it was written with: the
 * same seal sealInvoice computes from the stored row (the canonical text turns integers into
 * decimal strings whether they come as numbers or bigints). Read back from the database when a
 * cell might not round-trip unchanged, or the cells are not the sealed columns' count.
 */
export function sealWrittenInvoice(db: Database.Database, invoiceId: string, written: WrittenInvoiceCells): InvoiceSeal | undefined {
  const plain = written.invoice.length === SEALED_INVOICE_WIDTH && written.invoice[0] === invoiceId && allReadBack(written.invoice, SEALED_INVOICE_INTEGERS)
    && written.lines.every((line) => line.length === SEALED_LINE_WIDTH && allReadBack(line, SEALED_LINE_INTEGERS));
  return plain ? sealOfCells(written.invoice, written.lines) : sealInvoice(db, invoiceId);
}

/** The seal of an invoice's sealed cells (undefined for an unnumbered draft). */
function sealOfCells(invoice: readonly unknown[], lines: ReadonlyArray<readonly unknown[]>): InvoiceSeal | undefined {
  const number = invoice[SEALED_CELL.number];
  if (number === null || number === undefined) return undefined;
  const canonical = JSON.stringify([invoice.map(canonicalCell), lines.map((line) => line.map(canonicalCell))]);
  return {
    sha256: hash('sha256', `${SEAL_VERSION}\n${canonical}`, 'hex'),
    number: String(number),
    seriesId: canonicalCell(invoice[SEALED_CELL.seriesId]),
    fiscalYear: canonicalCell(invoice[SEALED_CELL.fiscalYear]),
    seq: Number(invoice[SEALED_CELL.seq]),
  };
}
