// Spreadsheet import: what the UI, IPC and CLI send to the importer and what it reports
// back. One TypeBox schema per shape: the TS type, the ajv check and the wizard form come from it.
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { problemSchemas, type FieldProblem } from '../validation/problems.js';

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

/** Where a row error is, and its English message (the CLI prints it word for word). */
const RowErrorPlace = {
  /** Row number as the spreadsheet shows it (1-based). */
  row: Type.Integer({ minimum: 1 }),
  column: Type.String(),
  /** The field's key ("price"); the UI names it in its language. */
  field: Type.String(),
  /** English: the field's label and the problem ("Price: is empty"). */
  message: Type.String(),
};

/**
 * One refused cell: where, the English message, and the problem as a stable code with its
 * parameters (src-shared/validation/problems.ts), which the wizard says in the UI's language
 * (locales: import.rowProblem.<code>).
 */
export type ImportRowError = Static<TObject<typeof RowErrorPlace>> & FieldProblem;
export const ImportRowErrorSchema = Type.Unsafe<ImportRowError>(Type.Union(problemSchemas(RowErrorPlace)));

const strict = { additionalProperties: false } as const;
/** A mapped field (its key, e.g. "taxRate") and the column letter it is read from. */
const NoteColumn = { field: Type.String(), column: Type.String() };
const note = <C extends string, P extends Parameters<typeof Type.Object>[0]>(code: C, params: P) =>
  Type.Object({ code: Type.Literal(code), params: Type.Object(params, strict) }, strict);

/**
 * How the importer read the sheet, or why nothing was written: a code and its parameters, so the
 * wizard says it in the UI's language (locales: import.notes.<code>, with plural forms) and the
 * CLI in English (src-main/importer/notes.ts).
 */
export const ImportNoteSchema = Type.Union([
  /** A trailing "Total" / SUM row (1-based) left out. */
  note('totalsRow', { row: Type.Integer({ minimum: 1 }) }),
  /**
   * How a percentage column's plain numbers are read: as fractions (0.18 = 18%) or percentages
   * (18 = 18%), or "written" when every value carries its %; `mixed`: some carry it, read as written.
   */
  note('percentReading', { ...NoteColumn, reading: Type.Union([Type.Literal('fraction'), Type.Literal('percent'), Type.Literal('written')]), mixed: Type.Boolean() }),
  /** Text dates read day first or month first (said when the column alone does not settle it). */
  note('dateOrder', { ...NoteColumn, order: Type.Union([Type.Literal('dmy'), Type.Literal('mdy')]) }),
  /** `count` numeric HSN codes had lost a leading zero and were read with it; `rows`: the first few (1-based). */
  note('hsnPadded', { ...NoteColumn, count: Type.Integer({ minimum: 1 }), rows: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5 }) }),
  /** A mapped field is read from a column hidden in the sheet. */
  note('hiddenColumnRead', NoteColumn),
  /** Hidden columns no field uses, left out. */
  note('hiddenColumnsSkipped', { columns: Type.Array(Type.Object({ column: Type.String(), header: Type.String() }, strict), { minItems: 1 }) }),
  /** A commit that wrote nothing because `count` rows have errors (all or nothing). */
  note('nothingWrittenErrors', { count: Type.Integer({ minimum: 1 }) }),
  /** A commit that wrote nothing because the sheet has no data rows. */
  note('nothingWrittenEmpty', {}),
]);
export type ImportNote = Static<typeof ImportNoteSchema>;
export type ImportNoteCode = ImportNote['code'];

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
    /** How values were read and why nothing was written, as codes with parameters (see ImportNoteSchema). */
    notes: Type.Array(ImportNoteSchema),
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
