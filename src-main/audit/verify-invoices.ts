// Checks the invoices against what the audit log says was issued: every sealed invoice still has
// the rows it was sealed with, no issued invoice is missing, no number was issued to two invoices
// in one fiscal year, every numbered invoice was audited, and no series counter is behind a number
// already issued.
// Entries written before seals existed are counted as unsealed (not checkable), never as broken.
import type Database from 'better-sqlite3';
import { sealInvoice, type InvoiceSeal } from './invoice-seal.js';

export type InvoiceProblemKind = 'altered' | 'missing' | 'number_reissued' | 'unaudited' | 'counter_behind';

export interface InvoiceProblem {
  kind: InvoiceProblemKind;
  /** The audit entry the problem is found against (0: none, e.g. an invoice no entry mentions). */
  auditSeq: number;
  invoiceId: string | null;
  number: string | null;
  message: string;
}

export interface InvoiceSealReport {
  ok: boolean;
  /** Invoices whose content was recomputed and compared with their seal. */
  checked: number;
  /** Issued invoices whose audit entries predate content seals: present, but not comparable. */
  unsealed: number;
  problems: InvoiceProblem[];
}

interface Sealed {
  seal: InvoiceSeal;
  auditSeq: number;
  businessId: string | null;
}

const ISSUE_ACTION = /\.issue$/;
const MAX_PROBLEMS = 50;

export function verifyInvoiceSeals(db: Database.Database): InvoiceSealReport {
  const problems: InvoiceProblem[] = [];
  const add = (problem: InvoiceProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const invoiceYear = db.prepare('SELECT fiscal_year FROM invoices WHERE id = ?').pluck();
  // The seal's fiscal year, else the entry's, else the invoice's as stored ('' for a deleted one).
  const fiscalYearOfEntry = (seal: InvoiceSeal | undefined, details: { fiscalYear?: unknown }, invoiceId: string): string =>
    seal?.fiscalYear ?? (typeof details.fiscalYear === 'string' ? details.fiscalYear : (invoiceYear.get(invoiceId) as string | null | undefined) ?? '');
  const sealed = new Map<string, Sealed>();
  const issuedBy = new Map<string, { invoiceId: string; auditSeq: number }>();
  const unsealedIssued = new Map<string, { auditSeq: number; number: string | null }>();
  const audited = new Set<string>();
  const highest = new Map<string, { seq: number; number: string; auditSeq: number; seriesId: string; fiscalYear: string }>();

  const entries = db.prepare("SELECT seq, action, business_id, entity_id, details FROM audit_log WHERE entity = 'invoice' AND entity_id IS NOT NULL ORDER BY seq")
    .iterate() as IterableIterator<{ seq: number; action: string; business_id: string | null; entity_id: string; details: string }>;
  for (const entry of entries) {
    let details: { number?: unknown; fiscalYear?: unknown; content?: InvoiceSeal } = {};
    try {
      details = JSON.parse(entry.details) as typeof details;
    } catch {
      // The chain walk reports edited details; here an unreadable entry simply carries no seal.
    }
    const seal = details.content && typeof details.content.sha256 === 'string' ? details.content : undefined;
    const number = seal?.number ?? (typeof details.number === 'string' ? details.number : null);
    audited.add(entry.entity_id);
    if (ISSUE_ACTION.test(entry.action) && number !== null) {
      // A number is unique per fiscal year (it recurs in each year of a series that starts again at 1).
      const key = `${entry.business_id ?? ''}|${fiscalYearOfEntry(seal, details, entry.entity_id)}|${number.toUpperCase()}`;
      const earlier = issuedBy.get(key);
      if (earlier && earlier.invoiceId !== entry.entity_id) {
        add({ kind: 'number_reissued', auditSeq: entry.seq, invoiceId: entry.entity_id, number,
          message: `number ${number} was issued twice: to invoice ${earlier.invoiceId} (audit entry ${earlier.auditSeq}) and again to invoice ${entry.entity_id} (audit entry ${entry.seq})` });
      } else if (!earlier) issuedBy.set(key, { invoiceId: entry.entity_id, auditSeq: entry.seq });
    }
    if (seal) {
      const first = sealed.get(entry.entity_id);
      if (!first) sealed.set(entry.entity_id, { seal, auditSeq: entry.seq, businessId: entry.business_id });
      else if (first.seal.sha256 !== seal.sha256) {
        add({ kind: 'altered', auditSeq: entry.seq, invoiceId: entry.entity_id, number: seal.number,
          message: `invoice ${seal.number} (${entry.entity_id}) was altered between audit entry ${first.auditSeq} and entry ${entry.seq} (${entry.action}): its content hash changed` });
      }
      if (seal.seriesId && seal.fiscalYear && Number.isInteger(seal.seq)) {
        const key = `${seal.seriesId}|${seal.fiscalYear}`;
        const top = highest.get(key);
        if (!top || seal.seq > top.seq) highest.set(key, { seq: seal.seq, number: seal.number, auditSeq: entry.seq, seriesId: seal.seriesId, fiscalYear: seal.fiscalYear });
      }
      unsealedIssued.delete(entry.entity_id);
    } else if (ISSUE_ACTION.test(entry.action) && !sealed.has(entry.entity_id)) {
      unsealedIssued.set(entry.entity_id, { auditSeq: entry.seq, number });
    }
  }

  let checked = 0;
  for (const [invoiceId, { seal, auditSeq }] of sealed) {
    const now = sealInvoice(db, invoiceId);
    checked += 1;
    if (!now) {
      add({ kind: 'missing', auditSeq, invoiceId, number: seal.number, message: `invoice ${seal.number} (${invoiceId}), issued at audit entry ${auditSeq}, is missing from the invoices (deleted)` });
    } else if (now.sha256 !== seal.sha256) {
      add({ kind: 'altered', auditSeq, invoiceId, number: seal.number,
        message: `invoice ${seal.number} (${invoiceId}) no longer matches the content sealed at audit entry ${auditSeq}: its rows were changed outside LedgerFlow` });
    }
  }
  const exists = db.prepare('SELECT 1 FROM invoices WHERE id = ?');
  for (const [invoiceId, { auditSeq, number }] of unsealedIssued) {
    if (exists.get(invoiceId) === undefined) {
      add({ kind: 'missing', auditSeq, invoiceId, number, message: `invoice ${number ?? invoiceId} (${invoiceId}), issued at audit entry ${auditSeq}, is missing from the invoices (deleted)` });
    }
  }
  const numbered = db.prepare('SELECT id, number FROM invoices WHERE number IS NOT NULL').iterate() as IterableIterator<{ id: string; number: string }>;
  for (const row of numbered) {
    if (!audited.has(row.id)) add({ kind: 'unaudited', auditSeq: 0, invoiceId: row.id, number: row.number, message: `invoice ${row.number} (${row.id}) has no entry in the audit log: it was written outside LedgerFlow` });
  }

  const counterOf = db.prepare('SELECT last_seq FROM series_counters WHERE series_id = ? AND fiscal_year = ?').pluck();
  for (const top of highest.values()) {
    const counter = counterOf.get(top.seriesId, top.fiscalYear) as number | undefined;
    if (counter === undefined || counter < top.seq) {
      add({ kind: 'counter_behind', auditSeq: top.auditSeq, invoiceId: null, number: top.number,
        message: `series ${top.seriesId}, fiscal year ${top.fiscalYear}: the counter is at ${counter ?? 'nothing'} but number ${top.number} (seq ${top.seq}) was already issued (audit entry ${top.auditSeq}); the next invoice would reuse a number` });
    }
  }
  const behind = db.prepare(`SELECT c.series_id, c.fiscal_year, c.last_seq, MAX(i.seq) AS top FROM series_counters c
    JOIN invoices i ON i.series_id = c.series_id AND i.fiscal_year = c.fiscal_year AND i.seq IS NOT NULL
    GROUP BY c.series_id, c.fiscal_year HAVING top > c.last_seq`).all() as Array<{ series_id: string; fiscal_year: string; last_seq: number; top: number }>;
  for (const row of behind) {
    if (problems.some((p) => p.kind === 'counter_behind' && p.message.startsWith(`series ${row.series_id}, fiscal year ${row.fiscal_year}:`))) continue;
    add({ kind: 'counter_behind', auditSeq: 0, invoiceId: null, number: null,
      message: `series ${row.series_id}, fiscal year ${row.fiscal_year}: the counter is at ${row.last_seq} but an invoice carries seq ${row.top}` });
  }
  // The first problem in audit order is the one named first; problems without an entry go last.
  problems.sort((a, b) => (a.auditSeq || Number.MAX_SAFE_INTEGER) - (b.auditSeq || Number.MAX_SAFE_INTEGER));
  return { ok: problems.length === 0, checked, unsealed: unsealedIssued.size, problems };
}
