// A business (tenant): one schema for the `business add` file, the IPC call and the UI form.
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';

export const SeriesFormat = Type.String({ minLength: 1, maxLength: 40, description: 'Tokens: {FY}, {FYS}, {YYYY}, {SEQ:n}', examples: ['INV/{FYS}/{SEQ:5}'] });

/** Where customers pay: printed beside the totals when given. */
export const BankDetails = Type.Object(
  {
    accountName: Type.Optional(Type.String({ maxLength: 200, title: 'Account name' })),
    bankName: Type.Optional(Type.String({ maxLength: 200, title: 'Bank' })),
    accountNumber: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9 -]*$', title: 'Account number' })),
    ifsc: Type.Optional(Type.String({ maxLength: 11, pattern: '^([A-Z]{4}0[A-Z0-9]{6})?$', title: 'IFSC' })),
    iban: Type.Optional(Type.String({ maxLength: 34, pattern: '^([A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,30})?$', title: 'IBAN' })),
    swift: Type.Optional(Type.String({ maxLength: 11, pattern: '^([A-Z0-9]{8}|[A-Z0-9]{11})?$', title: 'SWIFT/BIC' })),
    upiId: Type.Optional(Type.String({ maxLength: 100, pattern: '^([A-Za-z0-9._-]+@[A-Za-z0-9.-]+)?$', title: 'UPI id' })),
    branch: Type.Optional(Type.String({ maxLength: 200, title: 'Branch' })),
  },
  { additionalProperties: false, title: 'Bank details for payment' },
);
export type BankDetails = Static<typeof BankDetails>;

export const BusinessInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, title: 'Trade name' }),
    legalName: Type.Optional(Type.String({ maxLength: 200, title: 'Legal name' })),
    address: Type.String({ maxLength: 1000, title: 'Address', default: '' }),
    city: Type.Optional(Type.String({ maxLength: 100, title: 'City' })),
    postalCode: Type.Optional(Type.String({ maxLength: 20, title: 'Postal code' })),
    stateCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', title: 'GST state code', description: 'Two digits, e.g. 27 for Maharashtra' })),
    countryCode: Type.String({ pattern: '^[A-Z]{2}$', title: 'Country (ISO code)', examples: ['IN', 'BH'] }),
    taxRegime: Type.String({ minLength: 1, maxLength: 40, title: 'Tax regime', examples: ['gst-in', 'vat-bh', 'none'] }),
    taxId: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { title: 'Tax id (GSTIN / VAT number)' })),
    currency: Type.String({ pattern: '^[A-Z]{3}$', title: 'Currency', examples: ['INR', 'BHD'] }),
    fiscalYearStartMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, title: 'Fiscal year starts in month' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200, title: 'Email' })),
    phone: Type.Optional(Type.String({ maxLength: 40, title: 'Phone' })),
    logo: Type.Optional(Type.String({ pattern: '^data:image/(png|jpeg);base64,', maxLength: 2_000_000, title: 'Logo (PNG or JPEG)' })),
    signature: Type.Optional(Type.String({ pattern: '^data:image/(png|jpeg);base64,', maxLength: 2_000_000, title: 'Signature image' })),
    signatoryName: Type.Optional(Type.String({ maxLength: 200, title: 'Authorised signatory' })),
    taxSettings: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { title: 'Tax settings' })),
    sandbox: Type.Optional(Type.Boolean({ title: 'Sandbox (demo, training, test data)', default: false })),
    specimenMark: Type.Optional(Type.Boolean({ title: 'Print SPECIMEN on sandbox invoices', default: true })),
    invoiceSeriesFormat: Type.Optional(SeriesFormat),
    creditNoteSeriesFormat: Type.Optional(SeriesFormat),
    /** GST: bills of supply have a series of their own (default BOS/{FYS}/{SEQ:5}). */
    billOfSupplySeriesFormat: Type.Optional(SeriesFormat),
    bankDetails: Type.Optional(BankDetails),
  },
  { additionalProperties: false, title: 'Business' },
);
export type BusinessInput = Static<typeof BusinessInput>;

const { invoiceSeriesFormat: _i, creditNoteSeriesFormat: _c, logo, signature, ...editable } = BusinessInput.properties;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * `business update ID --file F.json` and the business form after creation: only the keys given
 * change (null clears a logo, signature or bank details). Series are managed as series, not here.
 */
export const BusinessUpdate = Type.Object(
  {
    ...Object.fromEntries(Object.entries(editable).map(([key, schema]) => [key, Type.Optional(schema)])) as { [K in keyof typeof editable]: TOptional<(typeof editable)[K]> },
    logo: Type.Optional(Nullable(logo)),
    signature: Type.Optional(Nullable(signature)),
    bankDetails: Type.Optional(Nullable(BankDetails)),
    archived: Type.Optional(Type.Boolean({ title: 'Archived (hidden, data kept)' })),
  },
  { additionalProperties: false, title: 'Business changes' },
);
export type BusinessUpdate = Static<typeof BusinessUpdate>;

export interface Business {
  id: string;
  name: string;
  legalName: string | null;
  address: string;
  city: string | null;
  postalCode: string | null;
  stateCode: string | null;
  countryCode: string;
  taxRegime: string;
  taxId: string | null;
  currency: string;
  fiscalYearStartMonth: number;
  email: string | null;
  phone: string | null;
  logo: string | null;
  signature: string | null;
  signatoryName: string | null;
  taxSettings: Record<string, unknown>;
  sandbox: boolean;
  specimenMark: boolean;
  createdAt: string;
  bankDetails?: BankDetails | null;
  /** Set when archived: hidden from lists and pickers, data kept. */
  archivedAt?: string | null;
}
