// The one IPC contract (docs/ARCHITECTURE.md rule 5): every method the renderer may call, with the JSON
// Schema of its input and of its output. The main process (Electron IPC and the preview bridge
// alike) validates every input against `input` with ajv before a handler runs; the renderer
// client's types come from the same objects. Adding a method = one entry here + one handler.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { BusinessInput, BusinessUpdate } from '../schemas/business.js';
import { CustomerInput, CustomerUpdate, ProductInput, ProductUpdate } from '../schemas/catalogue.js';
import { HandInvoiceInput, HandInvoiceQuote, HandInvoiceView } from '../schemas/hand-invoice.js';
import { ImportKindSchema, ImportReportSchema } from '../schemas/import.js';
import { OrdersConfig, SimulationConfig } from '../schemas/batch.js';
import { Settings, SettingsPatch } from '../schemas/settings.js';
import {
  Amount, AppInfo, AuditEntryView, CountedTotals, CreditableView, BatchReportView, BatchSummary, ExportView, AuditVerificationView, BusinessView, CustomerView, InvoiceDetail, InvoiceStatus, InvoiceSummary,
  Page, PageInput, PdfSettingsView, ProductView, TemplateCheckView, SequenceReportView, SeriesView, SortDir,
} from './models.js';
import { GstFileView, GstWorkspaceView, IrnImportView, ReturnPeriod } from './gst-models.js';
import { SyncConnectView, SyncIdentityView, SyncPullView, SyncPushView, SyncStatusView, SyncUrlInput } from './sync.js';

export interface MethodSpec {
  input: TSchema;
  output: TSchema;
  /** Whether the method may change stored data (audited; refused by read-only callers). */
  writes: boolean;
  description: string;
}

const Empty = Type.Object({}, { additionalProperties: false });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const DateString = Type.String({ format: 'date' });
/** Free-text search: trimmed by the handler; matched case-insensitively as a substring. */
const Search = Type.String({ maxLength: 200 });

/** A spreadsheet sent as bytes (the browser preview and drag-and-drop): base64 of at most 24 MB. */
const ImportFileInput = {
  businessId: Id,
  kind: ImportKindSchema,
  fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000]+$' }),
  content: Type.String({ minLength: 1, maxLength: 32_000_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
  sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  map: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.String({ maxLength: 200 }), { maxProperties: 60 })),
};

/** Largest template file the app takes (bytes); a template's other files (logo, terms) come with the CLI's `template use`. */
export const MAX_TEMPLATE_FILE_BYTES = 1024 * 1024;

/**
 * A business's own template from the app: one .typ file as bytes (the renderer names no path). The
 * content may be longer than the limit so that the handler refuses it with the sizes (not a schema message).
 */
const TemplateFileInput = Type.Object({
  businessId: Id,
  /** A plain file name ending in .typ: no folder, no leading dot (hidden files are not copied), nothing Windows forbids. */
  fileName: Type.String({ minLength: 5, maxLength: 255, pattern: '^(?!\\.)[^/\\\\\\u0000-\\u001f<>:"|?*]+\\.[tT][yY][pP]$' }),
  content: Type.String({ minLength: 1, maxLength: 32_000_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
}, { additionalProperties: false });

/**
 * A backup file named by the renderer (docs/ARCHITECTURE.md "Paths from the renderer"): `name`, a
 * file of the backup folder as backup.list shows it, or `path`, only one the user picked in the
 * native open dialog of this session.
 */
const BackupFileInput = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^(?!\\.\\.?$)[^/\\\\\\u0000]+$' })),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
}, { additionalProperties: false });

const BackupCheckView = Type.Object({
  ok: Type.Boolean(),
  /** Each problem names the file and what is wrong (damaged entry, broken audit chain, numbering gap…). */
  problems: Type.Array(Type.String()),
  createdAt: Type.Union([Type.String(), Type.Null()]),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  invoices: Type.Integer({ minimum: 0 }),
  documents: Type.Integer({ minimum: 0 }),
  auditEntries: Type.Integer({ minimum: 0 }),
  businesses: Type.Integer({ minimum: 0 }),
  /** The last number issued in each series and fiscal year of the backup. */
  series: Type.Array(Type.Object({
    business: Type.String(), seriesCode: Type.String(), fiscalYear: Type.String(), lastSeq: Type.Integer({ minimum: 0 }), lastNumber: Type.Union([Type.String(), Type.Null()]),
  }, { additionalProperties: false })),
  /** The backup's file (what restore would read). */
  file: Type.String(),
  /** The data folder restore would replace: its current data moves to replaced-<time>/ inside it. */
  dataDir: Type.String(),
}, { additionalProperties: false });

const ImportResultView = Type.Composite([
  ImportReportSchema,
  Type.Object({
    unchanged: Type.Integer({ minimum: 0 }),
    timings: Type.Object({ readMs: Type.Number(), validateMs: Type.Number(), planMs: Type.Number(), commitMs: Type.Number() }),
    engine: Type.String(),
    engineNote: Type.String(),
    ms: Type.Integer({ minimum: 0 }),
  }),
], { additionalProperties: false });

const define = <T extends Record<string, MethodSpec>>(methods: T): T => methods;

export const contract = define({
  'app.info': {
    input: Empty,
    output: AppInfo,
    writes: false,
    description: 'Version, data folder, installed tax plugins and the ones that failed to load.',
  },
  'businesses.list': {
    input: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    output: Type.Array(BusinessView),
    writes: false,
    description: 'Every business (tenant) in the data folder, oldest first; archived ones only when asked.',
  },
  'businesses.get': {
    input: Type.Object({ id: Id }, { additionalProperties: false }),
    output: BusinessView,
    writes: false,
    description: 'One business by id (NOT_FOUND when absent).',
  },
  'businesses.create': {
    input: BusinessInput,
    output: BusinessView,
    writes: true,
    description: 'Create a business after checking it with its tax plugin (tax id, settings, series formats).',
  },
  'businesses.update': {
    input: Type.Object({ id: Id, changes: BusinessUpdate }, { additionalProperties: false }),
    output: BusinessView,
    writes: true,
    description: 'Change a business after creation (checked whole like a new one); its regime, currency, sandbox flag and fiscal year are refused once invoices were issued. archived: true hides it, data kept.',
  },
  'series.list': {
    input: Type.Object({ businessId: Id }, { additionalProperties: false }),
    output: Type.Array(SeriesView),
    writes: false,
    description: "A business's numbering series with this fiscal year's counter and next number.",
  },
  'series.add': {
    input: Type.Object({
      businessId: Id,
      code: Type.String({ minLength: 1, maxLength: 20, title: 'Code' }),
      format: Type.String({ minLength: 1, maxLength: 40, title: 'Pattern' }),
      kind: Type.Optional(Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')])),
      default: Type.Optional(Type.Boolean()),
    }, { additionalProperties: false }),
    output: SeriesView,
    writes: true,
    description: "Add a numbering series: a pattern with the fiscal year and a zero-padded counter, checked against the regime's rule.",
  },
  'pdfSettings.get': {
    input: Type.Object({ businessId: Id }, { additionalProperties: false }),
    output: PdfSettingsView,
    writes: false,
    description: "A business's PDF choices: its own template's file name (null: built-in), PDF/A-2b (default on) and tables tagged for screen readers (default on).",
  },
  'pdfSettings.set': {
    input: Type.Object({ businessId: Id, pdfA: Type.Optional(Type.Boolean()), tableTags: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 2 }),
    output: PdfSettingsView,
    writes: true,
    description: "Change a business's PDF choices (each change audited); returns them after the change. Invoices issued later print with them.",
  },
  'pdfSettings.checkTemplate': {
    input: TemplateFileInput,
    output: TemplateCheckView,
    writes: false,
    description: "Compile a .typ template against the business's sample invoices and verify each PDF (as `template check`); errors with line and column; changes nothing.",
  },
  'pdfSettings.useTemplate': {
    input: TemplateFileInput,
    output: TemplateCheckView,
    writes: true,
    description: "Check a .typ template (as `template use`) and, only if every sample passed, make a checked copy the business's template (audited); a refused one changes nothing.",
  },
  'pdfSettings.resetTemplate': {
    input: Type.Object({ businessId: Id }, { additionalProperties: false }),
    output: PdfSettingsView,
    writes: true,
    description: 'Print with the built-in template again (as `template reset`, audited); copies of earlier templates stay.',
  },
  'products.create': {
    input: Type.Object({ businessId: Id, product: ProductInput }, { additionalProperties: false }),
    output: ProductView,
    writes: true,
    description: 'Add a product by hand (the importer\'s field rules; a rate the regime allows).',
  },
  'products.update': {
    input: Type.Object({ businessId: Id, product: ProductUpdate }, { additionalProperties: false }),
    output: ProductView,
    writes: true,
    description: 'Change a product named by id (or SKU); archived: true hides it from pickers, data kept.',
  },
  'customers.create': {
    input: Type.Object({ businessId: Id, customer: CustomerInput }, { additionalProperties: false }),
    output: CustomerView,
    writes: true,
    description: "Add a customer by hand (GSTIN check character and state, Bahrain VAT number: the importer's rules).",
  },
  'customers.update': {
    input: Type.Object({ businessId: Id, customer: CustomerUpdate }, { additionalProperties: false }),
    output: CustomerView,
    writes: true,
    description: 'Change a customer named by id (or tax id); archived: true hides it, data kept.',
  },
  'invoices.quote': {
    input: Type.Object({ businessId: Id, invoice: HandInvoiceInput }, { additionalProperties: false }),
    output: HandInvoiceQuote,
    writes: false,
    description: "Totals, tax components and amount in words of an invoice being written, from the regime's tax plugin; nothing stored.",
  },
  'invoices.saveDraft': {
    input: Type.Object({ businessId: Id, id: Type.Optional(Id), invoice: HandInvoiceInput }, { additionalProperties: false }),
    output: HandInvoiceView,
    writes: true,
    description: 'Save an invoice written by hand as a draft (no number), new or changed; issued invoices never change.',
  },
  'invoices.issue': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: HandInvoiceView,
    writes: true,
    description: 'Issue a draft: its number is taken in the issuing transaction (audited), then its PDF is written.',
  },
  'invoices.discardDraft': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: Type.Object({ id: Type.String() }, { additionalProperties: false }),
    writes: true,
    description: 'Throw away a draft (it has no number, so no series loses one).',
  },
  'invoices.show': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: HandInvoiceView,
    writes: false,
    description: 'An invoice with its totals as in the export manifest and, for a hand invoice, what was entered.',
  },
  'audit.verify': {
    input: Empty,
    output: AuditVerificationView,
    writes: false,
    description: 'Walk the audit hash chain; names the first broken entry.',
  },
  'audit.list': {
    input: Type.Object({
      businessId: Type.Optional(Id),
      action: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
      ...PageInput,
    }, { additionalProperties: false }),
    output: Page(AuditEntryView),
    writes: false,
    description: 'Audit entries, newest first, optionally of one business or one action.',
  },
  'sequence.check': {
    input: Type.Object({ businessId: Id }, { additionalProperties: false }),
    output: SequenceReportView,
    writes: false,
    description: 'Prove each series and fiscal year of a business has no gap and no duplicate.',
  },
  'metrics.text': {
    input: Empty,
    output: Type.Object({ text: Type.String() }, { additionalProperties: false }),
    writes: false,
    description: 'In-process metrics in Prometheus text format.',
  },
  'backup.now': {
    input: Empty,
    output: Type.Object({ path: Type.String(), bytes: Type.Integer(), at: Type.String(), documents: Type.Integer() }, { additionalProperties: false }),
    writes: true,
    description: 'Write a verified backup (database, documents, manifest) into the backup folder of Settings now; keeps the newest automatic ones.',
  },
  'backup.last': {
    input: Empty,
    output: Type.Union([Type.Object({ at: Type.String(), path: Type.String() }, { additionalProperties: false }), Type.Null()]),
    writes: false,
    description: 'When and where the last backup was written (null: never).',
  },
  'backup.list': {
    input: Empty,
    output: Type.Object({
      folder: Type.String(),
      files: Type.Array(Type.Object({ name: Type.String(), bytes: Type.Integer({ minimum: 0 }), modifiedAt: Type.String() }, { additionalProperties: false })),
    }, { additionalProperties: false }),
    writes: false,
    description: 'The backup files in the backup folder of Settings, newest first: what verify and restore can name without a native dialog.',
  },
  'backup.verify': {
    input: BackupFileInput,
    output: BackupCheckView,
    writes: false,
    description: 'Verify a backup file without touching the data folder (the checks `restore` makes first) and say what it holds.',
  },
  'backup.restore': {
    input: BackupFileInput,
    output: Type.Object({
      from: Type.String(),
      /** Where the replaced data now is (null: the folder held none); nothing is deleted. */
      aside: Type.Union([Type.String(), Type.Null()]),
      invoices: Type.Integer({ minimum: 0 }),
      documents: Type.Integer({ minimum: 0 }),
      auditEntries: Type.Integer({ minimum: 0 }),
      skipped: Type.Array(Type.Object({ seriesCode: Type.String(), fiscalYear: Type.String(), from: Type.Integer(), to: Type.Integer() }, { additionalProperties: false })),
      warnings: Type.Array(Type.String()),
    }, { additionalProperties: false }),
    writes: true,
    description: 'Verify a backup, close the data folder, move the current data aside (never deleted), restore the backup and reopen; numbering continues after the highest number ever taken here. Other calls are refused (RESTORING) meanwhile.',
  },
  'sync.status': {
    input: Empty,
    output: SyncStatusView,
    writes: false,
    description: 'This seat and its server (never the password), pending changes, last success and last error, the sync errors with reasons and the kept losing versions of concurrent edits.',
  },
  'sync.test': {
    input: SyncUrlInput,
    output: SyncIdentityView,
    writes: false,
    description: 'Log in with a seat connection URL and say who it is (role, seat name, businesses); stores nothing.',
  },
  'sync.connect': {
    input: SyncUrlInput,
    output: SyncConnectView,
    writes: true,
    description: "Make this data folder that seat: the URL goes to the OS keychain (desktop) or the owner-only credentials file, then the seat's businesses, catalogue and series are pulled.",
  },
  'sync.push': {
    input: Empty,
    output: SyncPushView,
    writes: true,
    description: 'Push the queued changes now, then pull (after any background run in flight). Offline: fails with the pending count; nothing is lost.',
  },
  'sync.pull': {
    input: Empty,
    output: SyncPullView,
    writes: true,
    description: "Pull the other seats' businesses, products, customers, this seat's series and its lost edits now.",
  },
  'settings.get': {
    input: Empty,
    output: Settings,
    writes: false,
    description: 'All settings, defaults filled in.',
  },
  'settings.set': {
    input: SettingsPatch,
    output: Settings,
    writes: true,
    description: 'Change some settings (audited); returns all settings after the change.',
  },
  'customers.list': {
    input: Type.Object({
      businessId: Id,
      search: Type.Optional(Search),
      includeArchived: Type.Optional(Type.Boolean()),
      sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('taxId'), Type.Literal('createdAt')])),
      dir: Type.Optional(SortDir),
      ...PageInput,
    }, { additionalProperties: false }),
    output: Page(CustomerView),
    writes: false,
    description: 'Customers of a business, paged; search matches name, tax id, email or phone.',
  },
  'products.list': {
    input: Type.Object({
      businessId: Id,
      search: Type.Optional(Search),
      includeArchived: Type.Optional(Type.Boolean()),
      sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('sku'), Type.Literal('price'), Type.Literal('createdAt')])),
      dir: Type.Optional(SortDir),
      ...PageInput,
    }, { additionalProperties: false }),
    output: Page(ProductView),
    writes: false,
    description: 'Products of a business, paged; search matches name, SKU or HSN.',
  },
  'invoices.list': {
    input: Type.Object({
      businessId: Id,
      status: Type.Optional(InvoiceStatus),
      from: Type.Optional(DateString),
      to: Type.Optional(DateString),
      customerId: Type.Optional(Id),
      batchId: Type.Optional(Id),
      /** Substring of the invoice number, case-insensitive. */
      number: Type.Optional(Search),
      sort: Type.Optional(Type.Union([Type.Literal('issueDate'), Type.Literal('number'), Type.Literal('total'), Type.Literal('createdAt')])),
      dir: Type.Optional(SortDir),
      ...PageInput,
    }, { additionalProperties: false }),
    output: Page(InvoiceSummary),
    writes: false,
    description: 'Invoices of a business, filtered by status, issue-date range (inclusive), customer, batch and number.',
  },
  'invoices.figures': {
    input: Type.Object({ businessId: Id, from: DateString, to: DateString }, { additionalProperties: false }),
    output: Type.Object({
      /** Invoices issued and still standing (voided ones and credit notes not counted). */
      invoices: Type.Integer({ minimum: 0 }),
      creditNotes: Type.Integer({ minimum: 0 }),
      voided: Type.Integer({ minimum: 0 }),
      /** Invoice totals less credit-note totals; voided invoices count zero. */
      sales: Amount,
      tax: Amount,
    }, { additionalProperties: false }),
    writes: false,
    description: "Sales of a business between two issue dates (inclusive), net of credit notes and without voided invoices: Home's figures.",
  },
  'invoices.get': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: InvoiceDetail,
    writes: false,
    description: 'One invoice with its lines and tax result.',
  },
  'invoices.pdf': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: Type.Object({
      base64: Type.String(),
      bytes: Type.Integer({ minimum: 0 }),
      sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      fileName: Type.String(),
    }, { additionalProperties: false }),
    writes: false,
    description: "An issued invoice's PDF bytes, checked against the SHA-256 recorded when it was written.",
  },
  'invoices.void': {
    input: Type.Object({ businessId: Id, id: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
    output: Type.Object({ id: Type.String(), number: Type.String(), status: InvoiceStatus }, { additionalProperties: false }),
    writes: true,
    description: 'Voids an issued invoice; its number stays used and is never issued again.',
  },
  'invoices.creditable': {
    input: Type.Object({ businessId: Id, id: Id }, { additionalProperties: false }),
    output: CreditableView,
    writes: false,
    description: 'What is left to credit on an issued invoice, per line and in total, and its credit notes.',
  },
  'invoices.creditNote': {
    input: Type.Object({
      businessId: Id, id: Id, reason: Type.String({ minLength: 1, maxLength: 500 }), date: Type.Optional(DateString),
      /** Chosen lines (1-based) and quantities; or `value`; neither: all that is left. */
      lines: Type.Optional(Type.Array(Type.Object({ line: Type.Integer({ minimum: 1, maximum: 10_000 }), quantity: Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 30 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 })),
      value: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 30 })),
      /** One key per request (the dialog makes one when opened): a repeat gets the note already issued. */
      requestKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
    }, { additionalProperties: false }),
    output: Type.Object({ id: Type.String(), number: Type.String(), status: InvoiceStatus, totals: CountedTotals }, { additionalProperties: false }),
    writes: true,
    description: 'Issues a credit note against an issued invoice (chosen lines and quantities, a value, or all that is left; never more than is left), from the credit-note series, with its PDF.',
  },
  'invoices.debitNote': {
    input: Type.Object({
      businessId: Id, id: Id, reason: Type.String({ minLength: 1, maxLength: 500 }), date: Type.Optional(DateString),
      /** Extra quantities on chosen lines (1-based); or revised unit prices; or `value` (tax included). Exactly one. */
      lines: Type.Optional(Type.Array(Type.Object({ line: Type.Integer({ minimum: 1, maximum: 10_000 }), quantity: Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 30 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 })),
      prices: Type.Optional(Type.Array(Type.Object({ line: Type.Integer({ minimum: 1, maximum: 10_000 }), unitPrice: Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 30 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 })),
      value: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 30 })),
      /** One key per request (the dialog makes one when opened): a repeat gets the note already issued. */
      requestKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
    }, { additionalProperties: false }),
    output: Type.Object({ id: Type.String(), number: Type.String(), status: InvoiceStatus, totals: CountedTotals }, { additionalProperties: false }),
    writes: true,
    description: 'Issues a debit note against an issued GST invoice (extra quantities, revised prices or a value; GST s.34(3)), from the debit-note series, with its PDF; refused for voided invoices, credit notes and regimes without debit notes.',
  },
  'batches.list': {
    input: Type.Object({
      businessId: Id,
      status: Type.Optional(BatchSummary.properties.status),
      ...PageInput,
    }, { additionalProperties: false }),
    output: Page(BatchSummary),
    writes: false,
    description: 'Generation batches of a business, newest first, with their counts and outcome.',
  },
  'batches.run': {
    // Over IPC a batch from orders uses the business's imported orders: no file path from the renderer.
    input: Type.Union([SimulationConfig, Type.Omit(OrdersConfig, ['ordersFile'], { additionalProperties: false, title: 'Batch from imported orders' })], { title: 'Batch' }),
    output: BatchReportView,
    writes: true,
    description: 'Run a generation batch (simulated in sandbox businesses, or from imported orders); resolves when it ends, with batch.progress events meanwhile.',
  },
  'batches.cancel': {
    input: Type.Object({ businessId: Id, batchId: Id }, { additionalProperties: false }),
    output: Type.Object({ cancelled: Type.Boolean() }, { additionalProperties: false }),
    writes: true,
    description: 'Stop a running batch after its current chunk; what was issued stays issued.',
  },
  'batches.retry': {
    input: Type.Object({ businessId: Id, batchId: Id }, { additionalProperties: false }),
    output: BatchReportView,
    writes: true,
    description: "Retry a batch's failed invoices and missing PDFs without duplicating what succeeded.",
  },
  'orders.pending': {
    input: Type.Object({ businessId: Id }, { additionalProperties: false }),
    output: Type.Object({
      /** Orders (invoices-to-be) and order rows pending; `orders` lists the first 200, oldest first. */
      count: Type.Integer({ minimum: 0 }),
      rows: Type.Integer({ minimum: 0 }),
      orders: Type.Array(Type.Object({ orderId: Type.Union([Type.String(), Type.Null()]), date: Type.String(), customer: Type.Union([Type.String(), Type.Null()]), lines: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    }, { additionalProperties: false }),
    writes: false,
    description: 'Imported orders not invoiced yet (what a batch from orders takes), grouped by order.',
  },
  'batches.resume': {
    input: Type.Object({ businessId: Id, batchId: Id }, { additionalProperties: false }),
    output: BatchReportView,
    writes: true,
    description: 'Finish a batch whose process stopped: issue what it never reached, render missing PDFs, correct its counts.',
  },
  'exports.create': {
    input: Type.Object({
      businessId: Id,
      batchId: Id,
      /** A path chosen in the native save dialog (desktop); absent: the data folder's exports/. */
      out: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, pattern: '\\.[zZ][iI][pP]$' })),
    }, { additionalProperties: false }),
    output: ExportView,
    writes: true,
    description: 'Write the ZIP of a batch (PDFs, manifest.json, SHA256SUMS, register.xlsx) atomically.',
  },
  'imports.preview': {
    input: Type.Object(ImportFileInput, { additionalProperties: false }),
    output: ImportResultView,
    writes: false,
    description: 'Detect the header row and mapping, validate every row and show the first rows; writes nothing.',
  },
  'imports.commit': {
    input: Type.Object(ImportFileInput, { additionalProperties: false }),
    output: ImportResultView,
    writes: true,
    description: 'Import the spreadsheet: all rows in one transaction when none has an error, otherwise nothing (audited).',
  },
  'gst.workspace': {
    input: Type.Object({ businessId: Id, period: ReturnPeriod }, { additionalProperties: false }),
    output: GstWorkspaceView,
    writes: false,
    description: "A GST business's return period: the GSTR-1 sections with counts and totals (as `gst gstr1`), the sales register's totals beside them, and the invoices the IRP would refuse with what each lacks (as `gst einvoice`).",
  },
  'gst.exportGstr1': {
    input: Type.Object({
      businessId: Id, period: ReturnPeriod,
      /** A path chosen in the native save dialog (desktop); absent: the data folder's exports/. */
      out: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, pattern: '\\.[jJ][sS][oO][nN]$' })),
    }, { additionalProperties: false }),
    output: GstFileView,
    writes: true,
    description: 'Write the GSTR-1 JSON of a return period (GSTN offline tool format) atomically.',
  },
  'gst.exportEinvoice': {
    input: Type.Object({
      businessId: Id, period: ReturnPeriod,
      out: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, pattern: '\\.[jJ][sS][oO][nN]$' })),
    }, { additionalProperties: false }),
    output: GstFileView,
    writes: true,
    description: "Write the IRP e-invoice JSON (schema 1.1, one array for bulk upload) of a period's B2B, SEZ and export documents atomically; those missing a mandatory field are left out and counted.",
  },
  'gst.importIrn': {
    input: Type.Object({
      businessId: Id,
      fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000]+$' }),
      /** The IRP's response file as base64 (JSON, or the IRN list as .xlsx/.csv), at most 8 MB. */
      content: Type.String({ minLength: 1, maxLength: 11_200_000, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
    }, { additionalProperties: false }),
    output: IrnImportView,
    writes: true,
    description: "Attach the IRP's answer (IRN, acknowledgement, signed QR code) to the invoices it names, refusing each whose number, date, GSTINs or value disagree; their PDFs are rendered again with the IRN and QR code.",
  },
});

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = Static<Contract[M]['input']>;
export type Output<M extends MethodName> = Static<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** Own keys only: `__proto__`, `constructor` and friends are not methods. */
export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/** The Electron IPC channels (the preview bridge uses /api/call and /api/events instead). */
export const IPC_CHANNELS = {
  call: 'ledgerflow:call',
  event: 'ledgerflow:event',
  openFile: 'ledgerflow:dialog:open',
  saveFile: 'ledgerflow:dialog:save',
} as const;

/** Largest request body the preview bridge accepts: a spreadsheet of 24 MB as base64, or a business with logo and signature. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
