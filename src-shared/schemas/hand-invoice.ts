// One invoice written by hand (the Invoice editor, `invoice create --file INVOICE.json`): the
// fields of an order row plus its lines. A line names a catalogue product (SKU or name) or is
// typed inline (description, HSN/SAC, rate). Amounts are decimal strings; numbers in a file are
// read through their text.
import { Type, type Static } from '@sinclair/typebox';

const Num = Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Number()]);

export const HandInvoiceLine = Type.Object(
  {
    /** A catalogue product by SKU or name. */
    product: Type.Optional(Type.String({ minLength: 1, maxLength: 300, title: 'Product (SKU or name)' })),
    productId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 500, title: 'Description' })),
    hsn: Type.Optional(Type.String({ maxLength: 12, title: 'HSN/SAC' })),
    unit: Type.Optional(Type.String({ maxLength: 20, title: 'Unit' })),
    /** Percent ("18") or a category: exempt, zero, nil, non-gst. Default: the product's. */
    rate: Type.Optional(Num),
    quantity: Num,
    /** Unit price; default: the catalogue's. */
    price: Type.Optional(Num),
    /** Discount for the whole line, in currency units. */
    discount: Type.Optional(Num),
    cessRate: Type.Optional(Num),
  },
  { additionalProperties: false, title: 'Line' },
);
export type HandInvoiceLine = Static<typeof HandInvoiceLine>;

export const HandInvoiceInput = Type.Object(
  {
    date: Type.String({ format: 'date', title: 'Date' }),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** The customer's name (matched by tax id, then name; created at issue when new). */
    customer: Type.Optional(Type.String({ minLength: 1, maxLength: 300, title: 'Customer' })),
    customerTaxId: Type.Optional(Type.String({ maxLength: 30, title: 'Customer tax id' })),
    customerState: Type.Optional(Type.String({ maxLength: 60, title: 'Customer state' })),
    customerCountry: Type.Optional(Type.String({ maxLength: 60, title: 'Customer country' })),
    customerAddress: Type.Optional(Type.String({ maxLength: 1000, title: 'Customer address' })),
    /** GST: a state code overriding the derived place of supply (goods delivered elsewhere). */
    placeOfSupply: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', title: 'Place of supply' })),
    /** A series code of the business; default: its default invoice series. */
    series: Type.Optional(Type.String({ minLength: 1, maxLength: 20, title: 'Series' })),
    pricesIncludeTax: Type.Optional(Type.Boolean({ title: 'Prices include tax' })),
    lines: Type.Array(HandInvoiceLine, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false, title: 'Invoice' },
);
export type HandInvoiceInput = Static<typeof HandInvoiceInput>;

/** Totals as in the export manifest. */
export const HandInvoiceTotals = Type.Object({
  taxable: Type.String(),
  /** Exempt, nil-rated and non-GST value kept out of `taxable` (as in `tax quote` and the export manifest), only when there is some. */
  nonTaxable: Type.Optional(Type.String()),
  tax: Type.String(), roundOff: Type.String(), grandTotal: Type.String(),
}, { additionalProperties: false });

/** What `invoice create|issue|show --json` print and the editor's save/issue return. */
export const HandInvoiceView = Type.Object({
  id: Type.String(),
  businessId: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('issued'), Type.Literal('void')]),
  number: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  date: Type.String(),
  currency: Type.String(),
  customer: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String(), taxId: Type.Union([Type.String(), Type.Null()]), stateCode: Type.Union([Type.String(), Type.Null()]), countryCode: Type.Union([Type.String(), Type.Null()]), address: Type.String() }),
  placeOfSupply: Type.Union([Type.String(), Type.Null()]),
  placeOfSupplyBasis: Type.Union([Type.String(), Type.Null()]),
  series: Type.Union([Type.String(), Type.Null()]),
  totals: HandInvoiceTotals,
  amountInWords: Type.String(),
  lines: Type.Array(Type.Object({
    description: Type.String(), hsn: Type.Union([Type.String(), Type.Null()]), quantity: Type.String(), unit: Type.Union([Type.String(), Type.Null()]),
    unitPrice: Type.String(), discount: Type.String(), rate: Type.String(), category: Type.String(), taxable: Type.String(), tax: Type.String(), total: Type.String(),
    components: Type.Array(Type.Object({ name: Type.String(), rate: Type.String(), amount: Type.String() })),
  })),
  /** The stored draft as entered (prices, descriptions and rates frozen), for editing. */
  input: Type.Union([HandInvoiceInput, Type.Null()]),
  pdf: Type.Union([Type.Object({ sha256: Type.String(), bytes: Type.Integer() }), Type.Null()]),
  pdfError: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: false });
export type HandInvoiceView = Static<typeof HandInvoiceView>;

/** The live quote the editor shows as the user types: the tax plugin's result, nothing stored. */
export const HandInvoiceQuote = Type.Object({
  kind: Type.String(),
  currency: Type.String(),
  placeOfSupply: Type.Union([Type.String(), Type.Null()]),
  placeOfSupplyBasis: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(Type.Object({ taxable: Type.String(), tax: Type.String(), total: Type.String(), rate: Type.String(), category: Type.String(), components: Type.Array(Type.Object({ name: Type.String(), rate: Type.String(), amount: Type.String() })) })),
  components: Type.Array(Type.Object({ name: Type.String(), rate: Type.String(), taxable: Type.String(), amount: Type.String() })),
  totals: HandInvoiceTotals,
  amountInWords: Type.Object({ en: Type.String(), ar: Type.Optional(Type.String()), hi: Type.Optional(Type.String()) }),
  notes: Type.Array(Type.Object({ en: Type.String(), ar: Type.Optional(Type.String()), hi: Type.Optional(Type.String()) })),
}, { additionalProperties: false });
export type HandInvoiceQuote = Static<typeof HandInvoiceQuote>;
