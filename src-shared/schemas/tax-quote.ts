// `ledgerflow tax quote --file F.json` input. Scripts outside the code rely on this
// shape; unknown keys are rejected by name. Amounts are decimal strings (numbers are accepted
// for convenience and read through their shortest text form, never used as floats).
import { Type, type Static } from '@sinclair/typebox';

const Num = Type.Union([Type.String({ minLength: 1 }), Type.Number()]);

export const TaxQuoteLine = Type.Object(
  {
    description: Type.String(),
    hsn: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
    quantity: Num,
    unitPrice: Num,
    discount: Type.Optional(Num),
    /** Percentage, or "zero" / "exempt" / "nil" / "non_gst". */
    rate: Num,
    cessRate: Type.Optional(Num),
    /** Goods or services; absent: services for a SAC (starting with 99), else goods. */
    kind: Type.Optional(Type.Union([Type.Literal('goods'), Type.Literal('services')])),
  },
  { additionalProperties: false },
);

export const TaxQuoteInput = Type.Object(
  {
    regime: Type.String({ minLength: 1 }),
    date: Type.String({ format: 'date' }),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    kind: Type.Optional(Type.Union([Type.Literal('tax_invoice'), Type.Literal('simplified_tax_invoice'), Type.Literal('bill_of_supply'), Type.Literal('cash_memo'), Type.Literal('credit_note')])),
    supplier: Type.Optional(
      Type.Object(
        {
          state: Type.Optional(Type.String()),
          country: Type.Optional(Type.String()),
          taxId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    ),
    customer: Type.Optional(
      Type.Object(
        {
          taxId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          state: Type.Optional(Type.String()),
          country: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    placeOfSupply: Type.Optional(Type.String()),
    supplyType: Type.Optional(Type.Union([Type.Literal('regular'), Type.Literal('sez'), Type.Literal('export')])),
    pricesIncludeTax: Type.Optional(Type.Boolean()),
    reverseCharge: Type.Optional(Type.Boolean()),
    lines: Type.Array(TaxQuoteLine, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type TaxQuoteInput = Static<typeof TaxQuoteInput>;

/** What `tax quote --json` prints. */
export interface TaxQuoteOutput {
  lines: Array<{ taxable: string; components: Array<{ name: string; rate: string; amount: string }>; total: string }>;
  components: Array<{ name: string; rate: string; taxable: string; amount: string }>;
  /** `nonTaxable`: exempt, nil-rated and non-GST value kept out of `taxable` (an invoice-cum-bill of supply). */
  totals: { taxable: string; nonTaxable?: string; tax: string; total: string; roundOff: string; grandTotal: string };
  amountInWords: string;
  /** Present when the document prints statements (composition, export, zero-rating...): its kind and the statements. */
  kind?: string;
  notes?: Array<{ en: string; ar?: string; hi?: string }>;
}
