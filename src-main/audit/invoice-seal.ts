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
import { SEALED_CELL, sealedInvoiceCells, sealedLineCells } from '../db/audit-store.js';

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
  const number = invoice[SEALED_CELL.number];
  if (number === null || number === undefined) return undefined;
  const lines = sealedLineCells(db, invoiceId);
  const canonical = JSON.stringify([invoice.map(canonicalCell), lines.map((line) => line.map(canonicalCell))]);
  return {
    sha256: hash('sha256', `${SEAL_VERSION}\n${canonical}`, 'hex'),
    number: String(number),
    seriesId: canonicalCell(invoice[SEALED_CELL.seriesId]),
    fiscalYear: canonicalCell(invoice[SEALED_CELL.fiscalYear]),
    seq: Number(invoice[SEALED_CELL.seq]),
  };
}
