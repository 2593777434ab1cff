// Matching imported rows to what the business already has, and writing them in one transaction.
// Products match by SKU (case-insensitive), else by normalised name; customers by tax id, else by
// normalised name; orders are appended as pending for the generation engine. The import itself is
// recorded in `imports` and the audit log (file name, SHA-256, counts) in the same transaction.
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { newId } from '../../src-shared/ids.js';
import type { ImportKind, ImportMappingEntry, ImportRowError } from '../../src-shared/schemas/import.js';
import { problem, problemText, type FieldProblem } from '../../src-shared/validation/problems.js';
import { appendAudit } from '../audit/audit.js';
import { nameKey } from '../db/repos/catalogue.js';
import { allCustomers, allProducts, earlierOrderImport, importBusiness, importedCustomerWriter, importedOrderWriter, importedProductWriter, insertImport, productRefs } from '../db/repos/imports.js';
import type { CustomerRow, ProductRow } from '../db/types.js';
import { appendOutbox } from '../sync/outbox.js';
import type { CustomerRecord, ImportRecord, OrderRecord, ProductRecord } from './validate.js';

export interface BusinessInfo {
  id: string;
  currency: string;
  countryCode: string | null;
}

export function loadBusiness(db: Database.Database, businessId: string): BusinessInfo {
  const row = importBusiness(db, businessId);
  if (!row) throw new AppError('BAD_INPUT', `unknown business ID "${businessId}" (see \`ledgerflow business list\`)`, { details: { businessId } });
  return { id: row.id, currency: row.currency, countryCode: row.country_code };
}

/** A lookup of the business's products by SKU or name, for checking order rows. */
export function productRefLookup(db: Database.Database, businessId: string): (ref: string) => boolean {
  const skus = new Set<string>();
  const names = new Set<string>();
  for (const row of productRefs(db, businessId)) {
    if (row.sku) skus.add(row.sku.toUpperCase());
    names.add(row.name_key);
  }
  return (ref: string) => skus.has(ref.trim().toUpperCase()) || names.has(nameKey(ref));
}

export type Action = 'create' | 'update' | 'unchanged';

export interface Plan {
  actions: Action[];
  /** Existing row ids for update/unchanged, by record index. */
  targets: (string | null)[];
  errors: ImportRowError[];
  created: number;
  updated: number;
  unchanged: number;
  /** What was loaded to plan, reused by applyImport in the same transaction. */
  existingProducts?: Existing<ProductRow>;
  existingCustomers?: Existing<CustomerRow>;
}

function emptyPlan(): Plan {
  return { actions: [], targets: [], errors: [], created: 0, updated: 0, unchanged: 0 };
}

function mergedProduct(existing: ProductRow, r: ProductRecord): ProductRow {
  return {
    ...existing,
    sku: existing.sku ?? r.sku, // matched case-insensitively: keep the spelling on file
    name: r.name,
    name_key: r.nameKey,
    description: r.description ?? existing.description,
    hsn: r.hsn ?? existing.hsn,
    unit: r.unit ?? existing.unit,
    kind: r.hsn ? r.kind : existing.kind,
    price_minor: r.priceMinor,
    currency: r.currency,
    tax_rate: r.taxRate ?? existing.tax_rate,
    tax_category: r.taxCategory ?? existing.tax_category,
    cess_rate: r.cessRate ?? existing.cess_rate,
  };
}

function mergedCustomer(existing: CustomerRow, r: CustomerRecord): CustomerRow {
  return {
    ...existing,
    name: r.name,
    name_key: r.nameKey,
    tax_id: r.taxId ?? existing.tax_id,
    state_code: r.stateCode ?? existing.state_code,
    country_code: r.countryCode ?? existing.country_code,
    address: r.address ?? existing.address,
    email: r.email ?? existing.email,
    phone: r.phone ?? existing.phone,
  };
}

/** Whether a merge changed any column (same keys on both sides: the merged row spreads the existing one). */
function sameRow<R extends object>(a: R, b: R): boolean {
  for (const key of Object.keys(a) as (keyof R)[]) if (a[key] !== b[key]) return false;
  return true;
}

interface Existing<R> {
  byId: Map<string, R>;
  byKey: Map<string, R>;
  byName: Map<string, R[]>;
}

function loadProducts(db: Database.Database, businessId: string): Existing<ProductRow> {
  const out: Existing<ProductRow> = { byId: new Map(), byKey: new Map(), byName: new Map() };
  // .all() rather than .iterate(): one native call instead of one per row (100,000-row catalogues).
  for (const row of allProducts(db, businessId)) {
    out.byId.set(row.id, row);
    if (row.sku) out.byKey.set(row.sku.toUpperCase(), row);
    const list = out.byName.get(row.name_key) ?? [];
    list.push(row);
    out.byName.set(row.name_key, list);
  }
  return out;
}

function loadCustomers(db: Database.Database, businessId: string): Existing<CustomerRow> {
  const out: Existing<CustomerRow> = { byId: new Map(), byKey: new Map(), byName: new Map() };
  for (const row of allCustomers(db, businessId)) {
    out.byId.set(row.id, row);
    if (row.tax_id) out.byKey.set(row.tax_id.toUpperCase(), row);
    const list = out.byName.get(row.name_key) ?? [];
    list.push(row);
    out.byName.set(row.name_key, list);
  }
  return out;
}

/**
 * Match by key (SKU / tax id) first; otherwise by name among rows without a key (or, for a row
 * without a key, the one row of that name). Several candidates by name is ambiguous: an error.
 */
function match<R extends { id: string }>(existing: Existing<R>, key: string | null, name: string, keyOf: (r: R) => string | null, ambiguous: 'ambiguousProductName' | 'ambiguousCustomerName'): { target: R | null; problem: FieldProblem | null } {
  if (key) {
    const hit = existing.byKey.get(key.toUpperCase());
    if (hit) return { target: hit, problem: null };
    const sameName = (existing.byName.get(name) ?? []).filter((r) => !keyOf(r));
    return { target: sameName.length === 1 ? sameName[0]! : null, problem: null };
  }
  const sameName = existing.byName.get(name) ?? [];
  if (sameName.length <= 1) return { target: sameName[0] ?? null, problem: null };
  const keyless = sameName.filter((r) => !keyOf(r));
  if (keyless.length === 1) return { target: keyless[0]!, problem: null };
  return { target: null, problem: problem(ambiguous, { matches: sameName.length }) };
}

/** Decides create/update/unchanged for each record; ambiguous matches become row errors. */
export function planImport(db: Database.Database, kind: ImportKind, businessId: string, records: ImportRecord[], columnOf: (field: string) => string): Plan {
  const plan = emptyPlan();
  if (kind === 'orders') {
    for (let i = 0; i < records.length; i++) {
      plan.actions.push('create');
      plan.targets.push(null);
    }
    plan.created = records.length;
    return plan;
  }
  const claimed = new Map<string, number>();
  const rowError = (row: number, field: string, why: FieldProblem): ImportRowError => ({ row, column: columnOf(field), field, message: problemText(why), code: why.code, params: why.params }) as ImportRowError;
  const decide = (target: { id: string } | null, changed: boolean, row: number, keyField: string, ambiguity: FieldProblem | null): void => {
    if (ambiguity) {
      plan.errors.push(rowError(row, 'name', ambiguity));
      plan.actions.push('unchanged');
      plan.targets.push(null);
      return;
    }
    if (target) {
      const first = claimed.get(target.id);
      if (first !== undefined) {
        plan.errors.push(rowError(row, keyField, problem('sameExistingRecord', { firstRow: first })));
        plan.actions.push('unchanged');
        plan.targets.push(null);
        return;
      }
      claimed.set(target.id, row);
    }
    const action: Action = target ? (changed ? 'update' : 'unchanged') : 'create';
    plan.actions.push(action);
    plan.targets.push(target?.id ?? null);
    plan[action === 'create' ? 'created' : action === 'update' ? 'updated' : 'unchanged']++;
  };
  if (kind === 'products') {
    const existing = loadProducts(db, businessId);
    plan.existingProducts = existing;
    for (const r of records as ProductRecord[]) {
      const { target, problem } = match(existing, r.sku, r.nameKey, (p) => p.sku, 'ambiguousProductName');
      decide(target, target ? !sameRow(mergedProduct(target, r), target) : true, r.row, r.sku ? 'sku' : 'name', problem);
    }
  } else {
    const existing = loadCustomers(db, businessId);
    plan.existingCustomers = existing;
    for (const r of records as CustomerRecord[]) {
      const { target, problem } = match(existing, r.taxId, r.nameKey, (c) => c.tax_id, 'ambiguousCustomerName');
      decide(target, target ? !sameRow(mergedCustomer(target, r), target) : true, r.row, r.taxId ? 'taxId' : 'name', problem);
    }
  }
  return plan;
}

export interface CommitInput {
  kind: ImportKind;
  businessId: string;
  fileName: string;
  sha256: string;
  sheet: string;
  mapping: ImportMappingEntry[];
  records: ImportRecord[];
  plan: Plan;
  invalid: number;
  actor: string;
  traceId?: string;
  /** Called every 5,000 records written. */
  progress?: (rowsDone: number, rowsTotal: number) => void;
}

/** Writes the plan; must run inside Store.write (one transaction: all or nothing), after planImport in that same transaction. */
export function applyImport(db: Database.Database, input: CommitInput): { importId: string } {
  const { kind, businessId, records, plan } = input;
  const now = new Date().toISOString();
  const importId = newId();
  if (kind === 'orders') {
    const previous = earlierOrderImport(db, businessId, input.sha256);
    if (previous) {
      throw new AppError('CONFLICT', `These orders were already imported on ${previous.created_at.slice(0, 10)} (import ${previous.id}, same file SHA-256); importing them again would invoice them twice.`, {
        details: { importId: previous.id, sha256: input.sha256 },
      });
    }
  }
  insertImport(db, {
    id: importId, business_id: businessId, kind, file_name: input.fileName, file_sha256: input.sha256, sheet: input.sheet, mapping: JSON.stringify(input.mapping),
    rows_valid: records.length, rows_invalid: input.invalid, created_count: plan.created, updated_count: plan.updated, created_at: now,
  });

  if (kind === 'products') {
    const existing = plan.existingProducts ?? loadProducts(db, businessId);
    const writer = importedProductWriter(db);
    (records as ProductRecord[]).forEach((r, i) => {
      if (i > 0 && i % 5_000 === 0) input.progress?.(i, records.length);
      const action = plan.actions[i];
      if (action === 'create') {
        const row: ProductRow = {
          id: newId(), business_id: businessId, sku: r.sku, name: r.name, name_key: r.nameKey, description: r.description, hsn: r.hsn, unit: r.unit, kind: r.kind,
          price_minor: r.priceMinor, currency: r.currency, tax_rate: r.taxRate ?? '0', tax_category: r.taxCategory ?? 'standard', cess_rate: r.cessRate ?? '0', created_at: now, updated_at: now,
        };
        writer.insert(row);
        appendOutbox(db, { businessId, entity: 'product', entityId: row.id, op: 'insert', payload: row });
      } else if (action === 'update') {
        const target = existing.byId.get(plan.targets[i]!)!;
        const row = { ...mergedProduct(target, r), updated_at: now };
        writer.update(row);
        appendOutbox(db, { businessId, entity: 'product', entityId: row.id, op: 'update', payload: row });
      }
    });
  } else if (kind === 'customers') {
    const existing = plan.existingCustomers ?? loadCustomers(db, businessId);
    const writer = importedCustomerWriter(db);
    (records as CustomerRecord[]).forEach((r, i) => {
      if (i > 0 && i % 5_000 === 0) input.progress?.(i, records.length);
      const action = plan.actions[i];
      if (action === 'create') {
        const row: CustomerRow = {
          id: newId(), business_id: businessId, name: r.name, name_key: r.nameKey, tax_id: r.taxId, state_code: r.stateCode, country_code: r.countryCode,
          address: r.address ?? '', email: r.email, phone: r.phone, created_at: now, updated_at: now,
        };
        writer.insert(row);
        appendOutbox(db, { businessId, entity: 'customer', entityId: row.id, op: 'insert', payload: row });
      } else if (action === 'update') {
        const target = existing.byId.get(plan.targets[i]!)!;
        const row = { ...mergedCustomer(target, r), updated_at: now };
        writer.update(row);
        appendOutbox(db, { businessId, entity: 'customer', entityId: row.id, op: 'update', payload: row });
      }
    });
  } else {
    const insert = importedOrderWriter(db, businessId, importId, now);
    for (const [i, r] of (records as OrderRecord[]).entries()) {
      if (i > 0 && i % 5_000 === 0) input.progress?.(i, records.length);
      insert(newId(), r);
    }
  }
  appendAudit(db, {
    businessId,
    actor: input.actor,
    action: `import.${kind}`,
    entity: 'import',
    entityId: importId,
    traceId: input.traceId ?? null,
    details: {
      fileName: input.fileName,
      sha256: input.sha256,
      sheet: input.sheet,
      rowsValid: records.length,
      rowsInvalid: input.invalid,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      mapping: input.mapping.map((m) => `${m.field}=${m.column}`),
    },
  });
  return { importId };
}
