// One batch configuration schema: it draws the Generate form, defines the `batch` CLI
// flags, and is saved as generation_metadata with every invoice of the batch.
import { Type, type Static } from '@sinclair/typebox';

export const RealismProfile = Type.Union([Type.Literal('basic'), Type.Literal('realistic'), Type.Literal('advanced')], {
  title: 'Realism profile',
  description: 'basic: uniform picks; realistic: long-tail popularity, business hours, repeat customers, B2B/B2C mix; advanced: adds seasonality, discounts, credit notes, mixed tax categories',
});

export const SimulationConfig = Type.Object(
  {
    source: Type.Literal('simulation'),
    businessId: Type.String({ minLength: 1, title: 'Business' }),
    count: Type.Integer({ minimum: 1, maximum: 100_000, title: 'Invoices to generate', default: 50 }),
    profile: RealismProfile,
    seed: Type.String({ minLength: 1, maxLength: 64, title: 'Seed', description: 'The same seed and inputs give identical invoices', default: '1' }),
    startDate: Type.Optional(Type.String({ format: 'date', title: 'First invoice date' })),
    endDate: Type.Optional(Type.String({ format: 'date', title: 'Last invoice date' })),
    b2bShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, title: 'Share of B2B invoices', default: 0.4 })),
    interStateShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, title: 'Share of inter-state supplies (GST)', default: 0.3 })),
    creditNoteShare: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, title: 'Share of credit notes (advanced)', default: 0.03 })),
    maxLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, title: 'Most lines per invoice', default: 15 })),
    pdf: Type.Optional(Type.Boolean({ title: 'Render PDFs', default: true })),
    chunkSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, title: 'Invoices per transaction', default: 250 })),
  },
  { additionalProperties: false, title: 'Simulated batch' },
);
export type SimulationConfig = Static<typeof SimulationConfig>;

export const OrdersConfig = Type.Object(
  {
    source: Type.Literal('orders'),
    businessId: Type.String({ minLength: 1, title: 'Business' }),
    /** A .json, .xlsx, .xls, .ods or .csv orders file; absent: the business's pending imported orders. */
    ordersFile: Type.Optional(Type.String({ minLength: 1, title: 'Orders file' })),
    pdf: Type.Optional(Type.Boolean({ title: 'Render PDFs', default: true })),
    chunkSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, title: 'Invoices per transaction', default: 250 })),
  },
  { additionalProperties: false, title: 'Batch from orders' },
);
export type OrdersConfig = Static<typeof OrdersConfig>;

export const BatchConfig = Type.Union([SimulationConfig, OrdersConfig], { title: 'Batch' });
export type BatchConfig = Static<typeof BatchConfig>;

/** One order row as a JSON orders file gives it (spreadsheets map onto the same fields). */
export const OrderRowInput = Type.Object(
  {
    // Lengths and contents are checked by the shared field rules (src-shared/validation/fields.ts),
    // which name the limit; the bounds here only keep absurd input out of memory.
    orderId: Type.Optional(Type.String({ maxLength: 64 })),
    date: Type.String({ format: 'date' }),
    customer: Type.Optional(Type.String({ maxLength: 100_000 })),
    customerTaxId: Type.Optional(Type.String({ maxLength: 100 })),
    /** GST state code ("27") or name ("Maharashtra"). */
    customerState: Type.Optional(Type.String({ maxLength: 100 })),
    customerCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    customerAddress: Type.Optional(Type.String({ maxLength: 100_000 })),
    /** Delivery (ship-to) party and address when they differ from the billing ones (GST r.46(e), (o)). */
    shipToName: Type.Optional(Type.String({ maxLength: 100_000 })),
    shipToAddress: Type.Optional(Type.String({ maxLength: 100_000 })),
    /** State of the delivery address when it is not the customer's (GST place of supply of goods). */
    shipToState: Type.Optional(Type.String({ maxLength: 100 })),
    product: Type.String({ minLength: 1, maxLength: 100_000, description: 'SKU or product name' }),
    quantity: Type.Union([Type.String(), Type.Number()]),
    price: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  },
  { additionalProperties: false },
);
export type OrderRowInput = Static<typeof OrderRowInput>;

export type BatchOutcome = 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

export interface BatchFailure {
  /** Where the problem came from: "orders.json row 7", "order A-1001", "simulated #12". */
  source: string;
  message: string;
  invoiceNumber?: string;
}

/** An order of the batch that already had an invoice: neither created again nor failed. */
export interface AlreadyInvoicedOrder {
  orderId: string;
  source: string;
  invoiceNumber: string;
}

export interface BatchReport {
  batchId: string;
  traceId: string;
  status: BatchOutcome;
  created: number;
  failed: number;
  /** Orders skipped because an earlier batch (or run) already invoiced them. */
  alreadyInvoiced: number;
  alreadyInvoicedOrders: AlreadyInvoicedOrder[];
  failures: BatchFailure[];
  durationMs: number;
  timings: Record<string, number>;
  zip?: string | null;
}

export interface BatchProgress {
  batchId: string;
  traceId: string;
  phase: 'prepare' | 'issue' | 'render' | 'export' | 'done';
  done: number;
  total: number;
  /** Invoices per second over the run so far. */
  rate: number;
  etaSeconds: number | null;
  /** In the render phase: PDFs written so far out of the invoices issued so far. */
  pdfsDone?: number;
  pdfsTotal?: number;
}
