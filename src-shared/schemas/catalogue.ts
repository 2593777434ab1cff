// Products and customers entered by hand (the catalogue forms, `product add|update`,
// `customer add|update`): one schema each for the file, the IPC call and the form. The field rules
// behind the shapes are the importer's (src-main/importer/validate.ts), so a row typed in a form
// and the same row in a spreadsheet are accepted or refused alike.
import { Type, type Static } from '@sinclair/typebox';

const Text = (maxLength: number, title: string) => Type.String({ maxLength, title });

export const ProductInput = Type.Object(
  {
    sku: Type.Optional(Type.String({ maxLength: 60, title: 'SKU' })),
    name: Type.String({ minLength: 1, maxLength: 300, title: 'Product name' }),
    description: Type.Optional(Text(1000, 'Description')),
    hsn: Type.Optional(Type.String({ maxLength: 12, title: 'HSN/SAC' })),
    unit: Type.Optional(Text(20, 'Unit')),
    price: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Number()], { title: 'Price' }),
    /** Percent ("18", "0.25"), or a category: exempt, zero, nil, non-gst. */
    taxRate: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Number()], { title: 'Tax %' })),
    cessRate: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Number()], { title: 'Cess %' })),
  },
  { additionalProperties: false, title: 'Product' },
);
export type ProductInput = Static<typeof ProductInput>;

/** An update names the product by `id` (or by `sku`) and gives the fields that change. */
export const ProductUpdate = Type.Composite([
  Type.Partial(ProductInput),
  Type.Object({ id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), archived: Type.Optional(Type.Boolean({ title: 'Archived' })) }),
], { additionalProperties: false, title: 'Product changes' });
export type ProductUpdate = Static<typeof ProductUpdate>;

export const CustomerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300, title: 'Customer name' }),
    /** GSTIN or Bahrain VAT number. */
    taxId: Type.Optional(Type.String({ maxLength: 30, title: 'Tax id' })),
    /** GST state: a code ("27") or a name ("Maharashtra"); taken from the GSTIN when absent. */
    state: Type.Optional(Text(60, 'State')),
    /** ISO code or country name; taken from the tax id or the business when absent. */
    country: Type.Optional(Text(60, 'Country')),
    address: Type.Optional(Text(1000, 'Address')),
    email: Type.Optional(Text(200, 'Email')),
    phone: Type.Optional(Text(40, 'Phone')),
  },
  { additionalProperties: false, title: 'Customer' },
);
export type CustomerInput = Static<typeof CustomerInput>;

export const CustomerUpdate = Type.Composite([
  Type.Partial(CustomerInput),
  Type.Object({ id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), archived: Type.Optional(Type.Boolean({ title: 'Archived' })) }),
], { additionalProperties: false, title: 'Customer changes' });
export type CustomerUpdate = Static<typeof CustomerUpdate>;

