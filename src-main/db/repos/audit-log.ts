// Reads of the audit log for the Audit screen (writes are audit/audit.ts appendAudit, in the
// transaction of the change they record).
import type Database from 'better-sqlite3';
import { selectPage, sql, whereAll } from '../sql.js';
import type { AuditRow } from '../types.js';

/** One page of entries, newest first, optionally of one business and/or one action. */
export function listAuditPage(db: Database.Database, filter: { businessId?: string; action?: string }, page: { offset: number; limit: number }): { rows: AuditRow[]; total: number } {
  const where = whereAll([filter.businessId !== undefined && sql`business_id = ${filter.businessId}`, filter.action !== undefined && sql`action = ${filter.action}`]);
  return selectPage<AuditRow>(db, sql`FROM audit_log ${where}`, sql`seq DESC`, page);
}
