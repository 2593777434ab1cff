// One import, start to finish, as a synchronous job: read the sheet, find the header, map the
// columns, validate every row, plan against the store, and (unless a dry run or any row is
// invalid) commit in one transaction. Runs inside the import worker (see run.ts), so the main
// thread never does any of it; it opens its own connection to the data folder's database.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import type { ImportKind, ImportMappingEntry, ImportNote, ImportReport, ImportRowError } from '../../src-shared/schemas/import.js';
import { DATABASE_FILE, openStore, type Store } from '../db/store.js';
import { applyImport, loadBusiness, planImport, productRefLookup, type Action, type BusinessInfo, type Plan } from './commit.js';
import { applyOverrides, assignFields, detectHeader, requireFields, type HeaderDetection, type MappedField } from './headers.js';
import { cellText, type Grid, readGrid } from './read.js';
import { DEFAULT_LIMITS, type ImportLimits } from './sniff.js';
import { validateRows, type CustomerRecord, type ImportRecord, type OrderRecord, type ProductRecord, type Validation } from './validate.js';

export interface ImportJob {
  kind: ImportKind;
  businessId: string;
  /** The data folder whose database the job reads and writes. */
  dataDir: string;
  fileName: string;
  bytes: Uint8Array;
  sheet?: string;
  /** Field -> header text or column letter ("" unmaps a field). */
  map?: Record<string, string>;
  dryRun: boolean;
  limits?: Partial<ImportLimits>;
  previewRows?: number;
  actor?: string;
  traceId?: string;
  /** Progress of a long job (set by the worker or the in-process runner; not sent to the worker). */
  progress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'validating' | 'committing';
  rowsDone: number;
  rowsTotal: number;
}

/** The report plus how many rows stayed the same (not part of the CLI contract's required keys). */
export type JobReport = ImportReport & { unchanged: number; timings: JobTimings };

/** Milliseconds per phase, measured where the job ran (worker or in-process). */
// A type alias (not an interface) so it fits the IPC contract's Record<string, number>.
export type JobTimings = {
  readMs: number;
  validateMs: number;
  planMs: number;
  commitMs: number;
};

function openForJob(dataDir: string, dryRun: boolean): Store {
  const file = join(dataDir, DATABASE_FILE);
  if (dryRun) {
    if (!existsSync(file)) throw new AppError('BAD_INPUT', `unknown business ID: the data folder ${dataDir} has no database yet (add a business first)`, { details: { dataDir } });
    return openStore(dataDir, { readonly: true });
  }
  return openStore(dataDir);
}

/**
 * The preview is JSON (CLI --json, the preview bridge), which has no BigInt; priceMinor stays the
 * JSON integer it always was. Exact: toScaleExact refuses amounts beyond 2^53 - 1 minor units, and
 * the conversion only copies the digits (display of a stored amount, no arithmetic). `price`
 * beside it is the exact decimal string.
 */
function jsonMinor(minor: bigint): number {
  return Number(minor);
}

function previewRow(kind: ImportKind, r: ImportRecord, action: Action | undefined): Record<string, unknown> {
  const base = { row: r.row, ...(action ? { action } : {}) };
  if (kind === 'products') {
    const p = r as ProductRecord;
    return { ...base, sku: p.sku, name: p.name, description: p.description, hsn: p.hsn, unit: p.unit, kind: p.kind, price: p.price, priceMinor: jsonMinor(p.priceMinor), currency: p.currency, taxRate: p.taxRate, cessRate: p.cessRate };
  }
  if (kind === 'customers') {
    const c = r as CustomerRecord;
    return { ...base, name: c.name, taxId: c.taxId, stateCode: c.stateCode, countryCode: c.countryCode, address: c.address, email: c.email, phone: c.phone };
  }
  const o = r as OrderRecord;
  return {
    ...base, orderRef: o.orderRef, orderDate: o.orderDate, customerName: o.customerName, customerTaxId: o.customerTaxId, customerState: o.customerState,
    customerCountry: o.customerCountry, customerAddress: o.customerAddress, shipToName: o.shipToName, shipToAddress: o.shipToAddress, shipToState: o.shipToState, productRef: o.productRef, quantity: o.quantity, unitPrice: o.unitPrice, status: 'pending',
  };
}

function samplesOf(grid: Grid, c: number, dataStart: number, count = 3): string[] {
  const out: string[] = [];
  for (let r = dataStart; r < grid.rows.length && out.length < count; r++) {
    const t = cellText(grid.rows[r]?.[c]);
    if (t) out.push(t);
  }
  return out;
}

function sortErrors(errors: ImportRowError[]): ImportRowError[] {
  return errors.sort((a, b) => a.row - b.row || a.column.length - b.column.length || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** A lap timer: each call returns the whole milliseconds since the previous one. */
function stopwatch(): () => number {
  let mark = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
}

/** What one job has read and validated, shared by the commit, the notes and the report. */
interface JobState {
  job: ImportJob;
  store: Store;
  business: BusinessInfo;
  sha256: string;
  grid: Grid;
  detection: HeaderDetection;
  mapping: MappedField[];
  mappingOut: ImportMappingEntry[];
  validation: Validation;
}

/**
 * Commit: plan and write in one transaction (the rows matched are the rows updated). Dry run, or
 * rows with errors: plan on a read snapshot only, to report what would happen.
 */
function planAndCommit(s: JobState, lap: () => number): { plan: Plan; importId: string | null; planMs: number } {
  const { job, business, validation } = s;
  const columnOf = (field: string): string => s.mapping.find((m) => m.field === field)?.column ?? '';
  if (job.dryRun || validation.invalidRows > 0 || validation.records.length === 0) {
    const plan = s.store.read((db) => planImport(db, job.kind, business.id, validation.records, columnOf));
    return { plan, importId: null, planMs: lap() };
  }
  const report = job.progress;
  let planMs = 0;
  const out = s.store.write((db) => {
    const p = planImport(db, job.kind, business.id, validation.records, columnOf);
    planMs = lap();
    if (p.errors.length > 0) return { p, id: null };
    const input = {
      kind: job.kind, businessId: business.id, fileName: job.fileName, sha256: s.sha256, sheet: s.grid.sheet, mapping: s.mappingOut,
      records: validation.records, plan: p, invalid: 0, actor: job.actor ?? 'importer', traceId: job.traceId,
      progress: report ? (rowsDone: number, rowsTotal: number) => report({ phase: 'committing', rowsDone, rowsTotal }) : undefined,
    };
    return { p, id: applyImport(db, input).importId };
  });
  return { plan: out.p, importId: out.id, planMs };
}

/** The validation's notes, then hidden columns read or left out, then why nothing was written. */
function jobNotes(s: JobState, invalid: number, committed: boolean): ImportNote[] {
  const { grid, detection, mapping } = s;
  const notes = s.validation.notes.slice();
  const hidden = mapping.filter((m) => grid.hiddenCols.has(m.c));
  for (const m of hidden) notes.push({ code: 'hiddenColumnRead', params: { field: m.field, column: m.column } });
  const hiddenSkipped = detection.columns.filter((c) => c.hidden && !mapping.some((m) => m.c === c.c));
  if (hiddenSkipped.length > 0) notes.push({ code: 'hiddenColumnsSkipped', params: { columns: hiddenSkipped.map((c) => ({ column: c.letter, header: c.header })) } });
  if (!s.job.dryRun && !committed) {
    notes.push(invalid > 0 ? { code: 'nothingWrittenErrors', params: { count: invalid } } : { code: 'nothingWrittenEmpty', params: {} });
  }
  return notes;
}

/** The first valid records as they would be stored, with the action planned for each. */
function previewOf(s: JobState, plan: Plan, planErrorRows: Set<number>): Record<string, unknown>[] {
  const { records } = s.validation;
  const previewCount = s.job.previewRows ?? 10;
  const preview: Record<string, unknown>[] = [];
  for (let i = 0; i < records.length && preview.length < previewCount; i++) {
    if (planErrorRows.has(records[i]!.row)) continue;
    preview.push(previewRow(s.job.kind, records[i]!, plan.actions[i]));
  }
  return preview;
}

/** Reads, detects and validates: everything before the plan. */
function readAndValidate(job: ImportJob, store: Store, limits: ImportLimits, lap: () => number): JobState & { readMs: number; validateMs: number } {
  const sha256 = createHash('sha256').update(job.bytes).digest('hex');
  const business = store.read((db) => loadBusiness(db, job.businessId));
  lap();
  const grid = readGrid(job.bytes, { sheet: job.sheet, limits });
  const readMs = lap();
  const detection = detectHeader(job.kind, grid);
  let mapping: MappedField[] = assignFields(job.kind, detection.columns);
  if (job.map && Object.keys(job.map).length > 0) mapping = applyOverrides(job.kind, mapping, detection.columns, job.map);
  requireFields(job.kind, mapping, detection, grid.sheet);

  const productExists = job.kind === 'orders' ? store.read((db) => productRefLookup(db, business.id)) : undefined;
  const report = job.progress;
  const validation = validateRows(grid, detection.dataStart, mapping, {
    kind: job.kind, currency: business.currency, countryCode: business.countryCode, productExists,
    progress: report ? (rowsDone, rowsTotal) => report({ phase: 'validating', rowsDone, rowsTotal }) : undefined,
  });
  const validateMs = lap();
  if (validation.records.length === 0 && validation.invalidRows === 0) {
    throw new AppError('BAD_INPUT', `${job.fileName}: sheet "${grid.sheet}" has a header row but no data rows (header on row ${detection.headerRow + 1}); nothing to import.`, {
      details: { reason: 'no-data-rows', file: job.fileName, sheet: grid.sheet, headerRow: detection.headerRow + 1 },
    });
  }
  const mappingOut: ImportMappingEntry[] = mapping.map((m) => ({ field: m.field, column: m.column, header: m.header, confidence: m.confidence }));
  return { job, store, business, sha256, grid, detection, mapping, mappingOut, validation, readMs, validateMs };
}

/** Runs one import job synchronously (in the worker, or in-process as a fallback). */
export function runImportJob(job: ImportJob): JobReport {
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...job.limits };
  const store = openForJob(job.dataDir, job.dryRun);
  try {
    const lap = stopwatch();
    const s = readAndValidate(job, store, limits, lap);
    const { grid, detection, mapping, validation } = s;
    const { plan, importId, planMs } = planAndCommit(s, lap);
    const committed = importId !== null;
    const errors = sortErrors([...validation.errors, ...plan.errors]);
    const planErrorRows = new Set(plan.errors.map((e) => e.row));
    const invalid = validation.invalidRows + planErrorRows.size;
    const commitMs = lap();
    return {
      headerRow: detection.headerRow + 1,
      mapping: s.mappingOut,
      valid: validation.records.length - planErrorRows.size,
      invalid,
      errors,
      preview: previewOf(s, plan, planErrorRows),
      committed,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      sheet: grid.sheet,
      sheets: grid.sheets,
      unmapped: detection.columns
        .filter((c) => !mapping.some((m) => m.c === c.c))
        .map((c) => ({ column: c.letter, header: c.header, hidden: c.hidden, samples: samplesOf(grid, c.c, detection.dataStart) })),
      columns: detection.columns.map((c) => ({
        column: c.letter, header: c.header, hidden: c.hidden, samples: samplesOf(grid, c.c, detection.dataStart), field: mapping.find((m) => m.c === c.c)?.field ?? null,
      })),
      notes: jobNotes(s, invalid, committed),
      importId,
      fileName: job.fileName,
      sha256: s.sha256,
      format: grid.format,
      timings: { readMs: s.readMs, validateMs: s.validateMs, planMs, commitMs },
    };
  } finally {
    store.close();
  }
}
