// audit.*: verify the hash chain, and page through entries (newest first) for the Audit screen.
import { verifyAudit } from '../../audit/audit.js';
import type { AuditRow } from '../../db/types.js';
import { listAuditPage } from '../../db/repos/audit-log.js';
import type { AuditEntryView } from '../../../src-shared/ipc/models.js';
import { page, type Handler } from './types.js';

export const auditVerify: Handler<'audit.verify'> = async (core) => core.store.read((db) => verifyAudit(db));

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { raw: text };
  }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: row.seq, id: row.id, at: row.at, businessId: row.business_id, actor: row.actor, action: row.action, entity: row.entity,
    entityId: row.entity_id, traceId: row.trace_id, details: parseDetails(row.details), hash: row.hash,
  };
}

export const auditList: Handler<'audit.list'> = async (core, input) => {
  const { offset, limit } = page(input);
  return core.store.read((db) => {
    const { rows, total } = listAuditPage(db, input, { offset, limit });
    return { items: rows.map(toView), total, offset, limit };
  });
};
