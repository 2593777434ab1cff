// `audit verify`: the hash chain, the invoices' content seals, and optionally an earlier anchor.
import type Database from 'better-sqlite3';
import { verifyAudit, type AuditVerification } from './audit.js';
import { checkAnchor, type AnchorCheck, type AuditAnchor } from './anchor.js';
import { verifyInvoiceSeals, type InvoiceSealReport } from './verify-invoices.js';
import { plural } from '../../src-shared/plural.js';

export interface LedgerVerification extends AuditVerification {
  /** The chain alone (AuditVerification.ok is the verdict on everything). */
  chainOk: boolean;
  invoices: InvoiceSealReport;
  anchor?: AnchorCheck;
}

export function verifyLedger(db: Database.Database, anchor?: AuditAnchor): LedgerVerification {
  const chain = verifyAudit(db);
  const invoices = verifyInvoiceSeals(db);
  const anchorCheck = anchor ? checkAnchor(db, anchor) : undefined;
  return {
    ...chain,
    ok: chain.ok && invoices.ok && (anchorCheck?.ok ?? true),
    chainOk: chain.ok,
    invoices,
    ...(anchorCheck ? { anchor: anchorCheck } : {}),
  };
}

/** Human lines for the CLI and logs: the verdict first, then each problem. */
export function describeLedgerVerification(result: LedgerVerification): string[] {
  const lines: string[] = [];
  if (result.chainOk) lines.push(`audit chain OK: ${plural(result.entries, 'entry', 'entries')}, head ${result.lastHash.slice(0, 16)}…`);
  else lines.push(`audit chain BROKEN at entry ${result.firstBroken!.seq} (${result.firstBroken!.id}): ${result.firstBroken!.reason}`);
  if (result.invoices.ok) {
    lines.push(`invoices OK: ${result.invoices.checked} match their sealed content${result.invoices.unsealed ? `; ${result.invoices.unsealed} issued before content seals existed (not checkable)` : ''}`);
  } else {
    lines.push(`invoices ALTERED: ${plural(result.invoices.problems.length, 'problem')}; first: ${result.invoices.problems[0]!.message}`);
    for (const problem of result.invoices.problems.slice(1)) lines.push(`  also: ${problem.message}`);
  }
  if (result.anchor) lines.push(`${result.anchor.ok ? 'anchor OK' : 'anchor FAILED'}: ${result.anchor.message}`);
  return lines;
}
