// What the IPC methods return: JSON Schemas (TypeBox) of the entities as the renderer sees them.
// Amounts are decimal strings at the currency's scale ("1180.00", "10.500"), never JS numbers
// (docs/ARCHITECTURE.md rule 1); dates are YYYY-MM-DD, timestamps ISO 8601.
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { BankDetails, type Business } from '../schemas/business.js';

/** A union of string literals that keeps its literal types (`Static` gives 'a' | 'b', not string). */
export function Literals<const T extends readonly string[]>(...values: T): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((value) => Type.Literal(value))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
/** A decimal string such as "1180.00" or "-0.500". */
export const Amount = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });

export const PageInput = {
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};
export const SortDir = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    /** Rows matching the filters, regardless of offset and limit. */
    total: Type.Integer({ minimum: 0 }),
    offset: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1 }),
  }, { additionalProperties: false });
}

export const BusinessView = Type.Object({
  id: Id,
  name: Type.String(),
  legalName: Nullable(Type.String()),
  address: Type.String(),
  city: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  stateCode: Nullable(Type.String()),
  countryCode: Type.String(),
  taxRegime: Type.String(),
  taxId: Nullable(Type.String()),
  currency: Type.String(),
  fiscalYearStartMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  logo: Nullable(Type.String()),
  signature: Nullable(Type.String()),
  signatoryName: Nullable(Type.String()),
  taxSettings: Type.Record(Type.String(), Type.Unknown()),
  sandbox: Type.Boolean(),
  specimenMark: Type.Boolean(),
  createdAt: Type.String(),
  bankDetails: Type.Optional(Nullable(BankDetails)),
  archivedAt: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: false });
export type BusinessView = Static<typeof BusinessView>;
// The repository's Business and this schema must stay the same shape (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const businessShapeMatches: Same<Business, BusinessView> = true;

export const LocalizedTextView = Type.Object({ en: Type.String(), ar: Type.Optional(Type.String()), hi: Type.Optional(Type.String()) });

export const PluginInfo = Type.Object({
  id: Type.String(),
  name: LocalizedTextView,
  countries: Type.Array(Type.String()),
  currencies: Type.Array(Type.String()),
  kinds: Type.Array(Type.String()),
  settingsSchema: Type.Record(Type.String(), Type.Unknown()),
  defaultSettings: Type.Record(Type.String(), Type.Unknown()),
}, { additionalProperties: false });

export const AppInfo = Type.Object({
  name: Type.String(),
  version: Type.String(),
  dataDir: Type.String(),
  databaseFile: Type.String(),
  /** Node/Electron versions of the process serving the calls. */
  runtime: Type.Object({ node: Type.String(), electron: Nullable(Type.String()), platform: Type.String() }),
  plugins: Type.Array(PluginInfo),
  pluginErrors: Type.Array(Type.Object({ id: Type.String(), message: Type.String() })),
  /** The last database backup (File > Backup…, `ledgerflow backup`), from the audit log; null: never. */
  lastBackup: Nullable(Type.Object({ at: Type.String(), path: Type.String() }, { additionalProperties: false })),
}, { additionalProperties: false });
export type AppInfo = Static<typeof AppInfo>;

export const AuditVerificationView = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer({ minimum: 0 }),
  firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), id: Type.String(), reason: Type.String() })),
  lastHash: Type.String(),
}, { additionalProperties: false });

export const AuditEntryView = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  id: Type.String(),
  at: Type.String(),
  businessId: Nullable(Type.String()),
  actor: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  traceId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
}, { additionalProperties: false });
export type AuditEntryView = Static<typeof AuditEntryView>;

export const SequenceReportView = Type.Object({
  ok: Type.Boolean(),
  series: Type.Array(Type.Object({
    seriesCode: Type.String(), fiscalYear: Type.String(), issued: Type.Integer(), void: Type.Integer(),
    first: Type.Integer(), last: Type.Integer(), counter: Type.Integer(),
  })),
  problems: Type.Array(Type.Object({
    seriesCode: Type.String(), fiscalYear: Type.String(),
    kind: Literals('gap', 'duplicate', 'counter_mismatch', 'number_mismatch', 'number_duplicate'),
    message: Type.String(),
  })),
}, { additionalProperties: false });

export const CustomerView = Type.Object({
  id: Id,
  businessId: Id,
  name: Type.String(),
  taxId: Nullable(Type.String()),
  stateCode: Nullable(Type.String()),
  countryCode: Nullable(Type.String()),
  address: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  archivedAt: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: false });
export type CustomerView = Static<typeof CustomerView>;

export const ProductView = Type.Object({
  id: Id,
  businessId: Id,
  sku: Nullable(Type.String()),
  name: Type.String(),
  description: Nullable(Type.String()),
  hsn: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('goods'), Type.Literal('services')]),
  /** Unit price at the currency's scale. */
  price: Amount,
  currency: Type.String(),
  taxRate: Type.String(),
  taxCategory: Type.String(),
  cessRate: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  archivedAt: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: false });
export type ProductView = Static<typeof ProductView>;

export const SeriesView = Type.Object({
  id: Id,
  code: Type.String(),
  format: Type.String(),
  kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note'), Type.Literal('debit_note')]),
  isDefault: Type.Boolean(),
  fiscalYear: Type.String(),
  lastSeq: Type.Integer({ minimum: 0 }),
  next: Type.String(),
  createdAt: Type.String(),
}, { additionalProperties: false });
export type SeriesView = Static<typeof SeriesView>;

/** A business's PDF choices (pdf/settings.ts); its own template is chosen in the PDF card or with the CLI (`template use`). */
export const PdfSettingsView = Type.Object({
  /** The file name of the business's own template in use, or null: the built-in template. */
  template: Nullable(Type.String()),
  /** PDF/A-2b archival output (default on). */
  pdfA: Type.Boolean(),
  /** Tables tagged as tables for screen readers (default on; off: rows of blocks, same look, smaller files). */
  tableTags: Type.Boolean(),
}, { additionalProperties: false });
export type PdfSettingsView = Static<typeof PdfSettingsView>;

/** A template checked against sample invoices (pdf/template-check.ts), file names relative to the template's folder. */
export const TemplateCheckView = Type.Object({
  ok: Type.Boolean(),
  /** The template's file name. */
  template: Type.String(),
  /** Typst's errors and warnings (English), and verification failures; line and column 0 when there is no position. */
  diagnostics: Type.Array(Type.Object({
    file: Type.String(),
    line: Type.Integer({ minimum: 0 }),
    column: Type.Integer({ minimum: 0 }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    message: Type.String(),
    sample: Type.Optional(Type.String()),
  }, { additionalProperties: false })),
  samples: Type.Array(Type.Object({ number: Type.String(), kind: Type.String(), pages: Type.Integer({ minimum: 0 }), ok: Type.Boolean() }, { additionalProperties: false })),
  /** The business's PDF settings after the call (pdfSettings.useTemplate: the new template only when ok). */
  settings: PdfSettingsView,
}, { additionalProperties: false });
export type TemplateCheckView = Static<typeof TemplateCheckView>;

export const InvoiceStatus = Type.Union([Type.Literal('draft'), Type.Literal('issued'), Type.Literal('void')]);

export const InvoiceSummary = Type.Object({
  id: Id,
  businessId: Id,
  kind: Type.String(),
  status: InvoiceStatus,
  number: Nullable(Type.String()),
  issueDate: Type.String(),
  customerId: Nullable(Type.String()),
  customerName: Type.String(),
  currency: Type.String(),
  taxable: Amount,
  tax: Amount,
  total: Amount,
  batchId: Nullable(Type.String()),
  traceId: Nullable(Type.String()),
  pdfSha256: Nullable(Type.String()),
  createdAt: Type.String(),
  issuedAt: Nullable(Type.String()),
}, { additionalProperties: false });
export type InvoiceSummary = Static<typeof InvoiceSummary>;

export const InvoiceLineView = Type.Object({
  position: Type.Integer(),
  productId: Nullable(Type.String()),
  description: Type.String(),
  hsn: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  quantity: Type.String(),
  unitPrice: Type.String(),
  discount: Amount,
  taxable: Amount,
  taxRate: Type.String(),
  taxCategory: Type.String(),
  components: Type.Array(Type.Unknown()),
  tax: Amount,
  total: Amount,
}, { additionalProperties: false });

export const CreditNoteLink = Type.Object({ id: Type.String(), number: Type.String(), date: Type.String(), total: Amount }, { additionalProperties: false });

/** A document's totals as the export manifest and register count them (credit notes negative, void zero). */
export const CountedTotals = Type.Object({ taxable: Amount, tax: Amount, roundOff: Amount, grandTotal: Amount }, { additionalProperties: false });

/** What is left to credit on an invoice, per line and in total (the credit-note dialog's limits). */
export const CreditableView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  currency: Type.String(),
  /** Grand total left to credit. */
  left: Amount,
  grandTotal: Amount,
  lines: Type.Array(Type.Object({
    line: Type.Integer({ minimum: 1 }),
    description: Type.String(),
    unit: Nullable(Type.String()),
    quantity: Type.String(),
    leftQuantity: Type.String(),
    total: Amount,
    leftTotal: Amount,
  }, { additionalProperties: false })),
  creditNotes: Type.Array(CreditNoteLink),
}, { additionalProperties: false });
export type CreditableView = Static<typeof CreditableView>;

export const InvoiceDetail = Type.Composite([
  InvoiceSummary,
  Type.Object({
    seriesId: Nullable(Type.String()),
    fiscalYear: Nullable(Type.String()),
    supplyDate: Nullable(Type.String()),
    placeOfSupply: Nullable(Type.String()),
    supplyType: Type.String(),
    reverseCharge: Type.Boolean(),
    pricesIncludeTax: Type.Boolean(),
    roundOff: Amount,
    /** The customer as printed on the invoice (frozen at issue). */
    customer: Type.Record(Type.String(), Type.Unknown()),
    taxResult: Type.Record(Type.String(), Type.Unknown()),
    originalInvoiceId: Nullable(Type.String()),
    voidReason: Nullable(Type.String()),
    voidedAt: Nullable(Type.String()),
    lastError: Nullable(Type.String()),
    lines: Type.Array(InvoiceLineView),
    /** For a credit note: the invoice it corrects. */
    creditNoteFor: Type.Optional(Type.Object({ id: Type.String(), number: Type.String(), date: Type.String() }, { additionalProperties: false })),
    /** For an invoice: its issued credit notes, oldest first. */
    creditNotes: Type.Optional(Type.Array(CreditNoteLink)),
    /** For a debit note: the invoice it adds to. */
    debitNoteFor: Type.Optional(Type.Object({ id: Type.String(), number: Type.String(), date: Type.String() }, { additionalProperties: false })),
    /** For an invoice: its issued debit notes, oldest first. */
    debitNotes: Type.Optional(Type.Array(CreditNoteLink)),
  }),
], { additionalProperties: false });
export type InvoiceDetail = Static<typeof InvoiceDetail>;

export const BatchSummary = Type.Object({
  id: Id,
  businessId: Id,
  source: Literals('orders', 'simulation', 'manual'),
  status: Literals('running', 'completed', 'completed_with_errors', 'failed', 'cancelled'),
  traceId: Type.String(),
  /** Invoices asked for, issued, and failed (each failure is kept with its reason). */
  requested: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  /** When the batch started (also `startedAt`; lists sort on it). */
  createdAt: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer({ minimum: 0 })),
  error: Nullable(Type.String()),
  /** Orders of the batch that already had an invoice (neither created again nor failed). */
  alreadyInvoiced: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Still 'running' in the database, but the process running it is gone: resume it. */
  stale: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type BatchSummary = Static<typeof BatchSummary>;

export const BatchReportView = Type.Object({
  batchId: Type.String(),
  traceId: Type.String(),
  status: Literals('completed', 'completed_with_errors', 'failed', 'cancelled'),
  created: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  /** Orders that already had an invoice (neither created again nor failed), with that invoice's number. */
  alreadyInvoiced: Type.Optional(Type.Integer({ minimum: 0 })),
  alreadyInvoicedOrders: Type.Optional(Type.Array(Type.Object({ orderId: Type.String(), source: Type.String(), invoiceNumber: Type.String() }, { additionalProperties: false }))),
  /** Each failed invoice with where it came from and why. */
  failures: Type.Array(Type.Object({ source: Type.String(), message: Type.String(), invoiceNumber: Type.Optional(Type.String()) }, { additionalProperties: false })),
  durationMs: Type.Number({ minimum: 0 }),
  timings: Type.Record(Type.String(), Type.Number()),
  zip: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: false });
export type BatchReportView = Static<typeof BatchReportView>;

export const ExportView = Type.Object({
  path: Type.String(),
  fileName: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  invoices: Type.Integer({ minimum: 0 }),
  /** The ZIP itself, only over the browser preview (which cannot open the file on disk). */
  base64: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type ExportView = Static<typeof ExportView>;
