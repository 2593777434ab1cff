// Spreadsheet import: what the UI, IPC and CLI send to the importer and what it reports
// back. One TypeBox schema per shape: the TS type, the ajv check and the wizard form come from it.
import { Type, type Static } from '@sinclair/typebox';

export const ImportKindSchema = Type.Union([Type.Literal('products'), Type.Literal('customers'), Type.Literal('orders')]);
export type ImportKind = Static<typeof ImportKindSchema>;

/** Options the user chooses in the wizard (or on the CLI). */
export const ImportOptionsSchema = Type.Object(
  {
    kind: ImportKindSchema,
    businessId: Type.String({ minLength: 1 }),
    /** Sheet name; the first sheet when absent. */
    sheet: Type.Optional(Type.String({ minLength: 1 })),
    /**
     * Field -> header text or column letter, overriding the detected mapping
     * (`{"name": "Item Desc", "hsn": "C"}`); an empty string unmaps the field.
     */
    map: Type.Optional(Type.Record(Type.String(), Type.String())),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ImportOptions = Static<typeof ImportOptionsSchema>;

export const ImportMappingEntrySchema = Type.Object(
  {
    field: Type.String(),
    /** Column letter as the spreadsheet shows it ("B"). */
    column: Type.String(),
    header: Type.String(),
    /** 0..1: 1 for an exact synonym or a user's choice, less for partial or fuzzy matches. */
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type ImportMappingEntry = Static<typeof ImportMappingEntrySchema>;

export const ImportColumnSchema = Type.Object(
  {
    column: Type.String(),
    header: Type.String(),
    hidden: Type.Boolean(),
    /** A few non-empty values from the data rows, as text. */
    samples: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type ImportColumn = Static<typeof ImportColumnSchema>;

export const ImportRowErrorSchema = Type.Object(
  {
    /** Row number as the spreadsheet shows it (1-based). */
    row: Type.Integer({ minimum: 1 }),
    column: Type.String(),
    field: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: false },
);
export type ImportRowError = Static<typeof ImportRowErrorSchema>;

/** The report of a preview (dry run) or a commit. The CLI prints it with --json. */
export const ImportReportSchema = Type.Object(
  {
    headerRow: Type.Integer({ minimum: 1 }),
    mapping: Type.Array(ImportMappingEntrySchema),
    valid: Type.Integer({ minimum: 0 }),
    invalid: Type.Integer({ minimum: 0 }),
    errors: Type.Array(ImportRowErrorSchema),
    /** The first rows as they would be stored. */
    preview: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    committed: Type.Boolean(),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    /** The sheet read, and every sheet of the workbook (to choose another). */
    sheet: Type.String(),
    sheets: Type.Array(Type.String()),
    /** Columns with a header that no field uses, with sample values. */
    unmapped: Type.Array(ImportColumnSchema),
    /** Every headed column of the header row, with samples and the field it feeds (wizard dropdowns). */
    columns: Type.Array(Type.Composite([ImportColumnSchema, Type.Object({ field: Type.Union([Type.String(), Type.Null()]) })])),
    /** How values were read, e.g. "GST % (E): plain numbers read as fractions (0.18 = 18%)". */
    notes: Type.Array(Type.String()),
    importId: Type.Union([Type.String(), Type.Null()]),
    fileName: Type.String(),
    sha256: Type.String(),
    format: Type.String(),
  },
  { additionalProperties: false },
);
export type ImportReport = Static<typeof ImportReportSchema>;

/**
 * Where a mapped field's value sits in a preview row: preview rows carry the stored row's names
 * (an order's `orderRef`, a customer's `stateCode`), the mapping carries the field's (`orderId`,
 * `state`). The wizard's samples and preview table read through this, so a mapped column never
 * shows "—" beside its values. Fields not listed keep their name.
 */
export const PREVIEW_KEYS: Readonly<Record<ImportKind, Readonly<Record<string, readonly string[]>>>> = {
  products: {},
  customers: { state: ['stateCode'], country: ['countryCode'] },
  orders: { orderId: ['orderRef'], date: ['orderDate'], customer: ['customerName', 'customerTaxId'], product: ['productRef'], price: ['unitPrice'] },
};

/** The value a preview row holds for a mapped field (the first non-empty of its stored names), or undefined. */
export function previewValue(kind: ImportKind, row: Readonly<Record<string, unknown>>, field: string): unknown {
  for (const key of PREVIEW_KEYS[kind][field] ?? [field]) {
    const value = row[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}
