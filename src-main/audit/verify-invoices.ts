// Checks the invoices against what the audit log says was issued: every sealed invoice still has
// the rows it was sealed with, no issued invoice is missing, no number was issued to two invoices
// in one fiscal year, every numbered invoice was audited, and no series counter is behind a number
// already issued.
// Entries written before seals existed are counted as unsealed (not checkable), never as broken.
import type Database from 'better-sqlite3';
import { counterReader, countersBehindInvoices, invoiceAuditEntries, invoiceExists, invoiceFiscalYearReader, numberedInvoices, type InvoiceAuditEntry } from '../db/audit-store.js';
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

interface Highest {
  seq: number;
  number: string;
  auditSeq: number;
  seriesId: string;
  fiscalYear: string;
}

/** What the walk over the audit entries learnt, and the problems found so far. */
interface Scan {
  problems: InvoiceProblem[];
  /** The first seal recorded for each invoice. */
  sealed: Map<string, Sealed>;
  /** Who each number (business|fiscal year|NUMBER) was first issued to: a number recurs in each fiscal year of a series that starts again at 1. */
  issuedBy: Map<string, { invoiceId: string; auditSeq: number }>;
  /** The fiscal year an invoice is stored under (for entries that do not record it). */
  fiscalYearOf: (invoiceId: string) => string | undefined;
  /** Issued invoices with no seal in any entry. */
  unsealedIssued: Map<string, { auditSeq: number; number: string | null }>;
  audited: Set<string>;
  /** The highest sealed seq per series and fiscal year. */
  highest: Map<string, Highest>;
}

const ISSUE_ACTION = /\.issue$/;
const MAX_PROBLEMS = 50;

function add(scan: Scan, problem: InvoiceProblem): void {
  if (scan.problems.length < MAX_PROBLEMS) scan.problems.push(problem);
}

/** The seal, number and fiscal year an entry records (an unreadable entry carries none). */
function readEntry(entry: InvoiceAuditEntry): { seal: InvoiceSeal | undefined; number: string | null; fiscalYear: string | null } {
  let details: { number?: unknown; fiscalYear?: unknown; content?: InvoiceSeal } = {};
  try {
    details = JSON.parse(entry.details) as typeof details;
  } catch {
    // The chain walk reports edited details; here an unreadable entry simply carries no seal.
  }
  const seal = details.content && typeof details.content.sha256 === 'string' ? details.content : undefined;
  const fiscalYear = seal?.fiscalYear ?? (typeof details.fiscalYear === 'string' ? details.fiscalYear : null);
  return { seal, number: seal?.number ?? (typeof details.number === 'string' ? details.number : null), fiscalYear };
}

/** An issue entry: the number must not have gone to another invoice of the same fiscal year before. */
function noteIssue(scan: Scan, entry: InvoiceAuditEntry, number: string, recordedYear: string | null): void {
  const fiscalYear = recordedYear ?? scan.fiscalYearOf(entry.entity_id) ?? '';
  const key = `${entry.business_id ?? ''}|${fiscalYear}|${number.toUpperCase()}`;
  const earlier = scan.issuedBy.get(key);
  if (!earlier) scan.issuedBy.set(key, { invoiceId: entry.entity_id, auditSeq: entry.seq });
  else if (earlier.invoiceId !== entry.entity_id) {
    add(scan, { kind: 'number_reissued', auditSeq: entry.seq, invoiceId: entry.entity_id, number,
      message: `number ${number} was issued twice: to invoice ${earlier.invoiceId} (audit entry ${earlier.auditSeq}) and again to invoice ${entry.entity_id} (audit entry ${entry.seq})` });
  }
}

/** A sealed entry: the seal must match the invoice's first one; it raises its series' highest seq. */
function noteSeal(scan: Scan, entry: InvoiceAuditEntry, seal: InvoiceSeal): void {
  const first = scan.sealed.get(entry.entity_id);
  if (!first) scan.sealed.set(entry.entity_id, { seal, auditSeq: entry.seq, businessId: entry.business_id });
  else if (first.seal.sha256 !== seal.sha256) {
    add(scan, { kind: 'altered', auditSeq: entry.seq, invoiceId: entry.entity_id, number: seal.number,
      message: `invoice ${seal.number} (${entry.entity_id}) was altered between audit entry ${first.auditSeq} and entry ${entry.seq} (${entry.action}): its content hash changed` });
  }
  if (seal.seriesId && seal.fiscalYear && Number.isInteger(seal.seq)) {
    const key = `${seal.seriesId}|${seal.fiscalYear}`;
    const top = scan.highest.get(key);
    if (!top || seal.seq > top.seq) scan.highest.set(key, { seq: seal.seq, number: seal.number, auditSeq: entry.seq, seriesId: seal.seriesId, fiscalYear: seal.fiscalYear });
  }
  scan.unsealedIssued.delete(entry.entity_id);
}

function scanEntry(scan: Scan, entry: InvoiceAuditEntry): void {
  const { seal, number, fiscalYear } = readEntry(entry);
  const issue = ISSUE_ACTION.test(entry.action);
  scan.audited.add(entry.entity_id);
  if (issue && number !== null) noteIssue(scan, entry, number, fiscalYear);
  if (seal) noteSeal(scan, entry, seal);
  else if (issue && !scan.sealed.has(entry.entity_id)) scan.unsealedIssued.set(entry.entity_id, { auditSeq: entry.seq, number });
}

/** Each sealed invoice recomputed: still there, and with the content it was sealed with. */
function checkSealed(db: Database.Database, scan: Scan): number {
  let checked = 0;
  for (const [invoiceId, { seal, auditSeq }] of scan.sealed) {
    const now = sealInvoice(db, invoiceId);
    checked += 1;
    if (!now) {
      add(scan, { kind: 'missing', auditSeq, invoiceId, number: seal.number, message: `invoice ${seal.number} (${invoiceId}), issued at audit entry ${auditSeq}, is missing from the invoices (deleted)` });
    } else if (now.sha256 !== seal.sha256) {
      add(scan, { kind: 'altered', auditSeq, invoiceId, number: seal.number,
        message: `invoice ${seal.number} (${invoiceId}) no longer matches the content sealed at audit entry ${auditSeq}: its rows were changed outside LedgerFlow` });
    }
  }
  return checked;
}

/** Invoices issued before seals existed: at least still there. */
function checkUnsealedPresent(db: Database.Database, scan: Scan): void {
  const exists = invoiceExists(db);
  for (const [invoiceId, { auditSeq, number }] of scan.unsealedIssued) {
    if (!exists(invoiceId)) {
      add(scan, { kind: 'missing', auditSeq, invoiceId, number, message: `invoice ${number ?? invoiceId} (${invoiceId}), issued at audit entry ${auditSeq}, is missing from the invoices (deleted)` });
    }
  }
}

/** Every numbered invoice has an audit entry. */
function checkAudited(db: Database.Database, scan: Scan): void {
  for (const row of numberedInvoices(db)) {
    if (!scan.audited.has(row.id)) add(scan, { kind: 'unaudited', auditSeq: 0, invoiceId: row.id, number: row.number, message: `invoice ${row.number} (${row.id}) has no entry in the audit log: it was written outside LedgerFlow` });
  }
}

/** No counter is behind a number the log says was issued, nor behind a seq an invoice carries. */
function checkCounters(db: Database.Database, scan: Scan): void {
  const counterOf = counterReader(db);
  for (const top of scan.highest.values()) {
    const counter = counterOf(top.seriesId, top.fiscalYear);
    if (counter === undefined || counter < top.seq) {
      add(scan, { kind: 'counter_behind', auditSeq: top.auditSeq, invoiceId: null, number: top.number,
        message: `series ${top.seriesId}, fiscal year ${top.fiscalYear}: the counter is at ${counter ?? 'nothing'} but number ${top.number} (seq ${top.seq}) was already issued (audit entry ${top.auditSeq}); the next invoice would reuse a number` });
    }
  }
  for (const row of countersBehindInvoices(db)) {
    if (scan.problems.some((p) => p.kind === 'counter_behind' && p.message.startsWith(`series ${row.series_id}, fiscal year ${row.fiscal_year}:`))) continue;
    add(scan, { kind: 'counter_behind', auditSeq: 0, invoiceId: null, number: null,
      message: `series ${row.series_id}, fiscal year ${row.fiscal_year}: the counter is at ${row.last_seq} but an invoice carries seq ${row.top}` });
  }
}

export function verifyInvoiceSeals(db: Database.Database): InvoiceSealReport {
  const scan: Scan = { problems: [], sealed: new Map(), issuedBy: new Map(), fiscalYearOf: invoiceFiscalYearReader(db), unsealedIssued: new Map(), audited: new Set(), highest: new Map() };
  for (const entry of invoiceAuditEntries(db)) scanEntry(scan, entry);
  const checked = checkSealed(db, scan);
  checkUnsealedPresent(db, scan);
  checkAudited(db, scan);
  checkCounters(db, scan);
  const { problems } = scan;
  // The first problem in audit order is the one named first; problems without an entry go last.
  problems.sort((a, b) => (a.auditSeq || Number.MAX_SAFE_INTEGER) - (b.auditSeq || Number.MAX_SAFE_INTEGER));
  return { ok: problems.length === 0, checked, unsealed: scan.unsealedIssued.size, problems };
}
