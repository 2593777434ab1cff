// The import fields by name in the UI's language (the mapping table, the row errors, the notes).
import type { TFunction } from 'i18next';
import { k } from '../../i18n/keys.js';

export const FIELD_LABELS: Record<string, string> = {
  name: k('import.fields.name'),
  price: k('import.fields.price'),
  sku: k('import.fields.sku'),
  hsn: k('import.fields.hsn'),
  taxRate: k('import.fields.taxRate'),
  unit: k('import.fields.unit'),
  description: k('import.fields.description'),
  cessRate: k('import.fields.cessRate'),
  taxId: k('import.fields.taxId'),
  state: k('import.fields.state'),
  country: k('import.fields.country'),
  address: k('import.fields.address'),
  email: k('import.fields.email'),
  phone: k('import.fields.phone'),
  orderId: k('import.fields.orderId'),
  date: k('import.fields.date'),
  customer: k('import.fields.customer'),
  customerTaxId: k('import.fields.customerTaxId'),
  product: k('import.fields.product'),
  quantity: k('import.fields.quantity'),
  customerState: k('import.fields.customerState'),
  customerCountry: k('import.fields.customerCountry'),
  customerAddress: k('import.fields.customerAddress'),
  shipToName: k('import.fields.shipToName'),
  shipToAddress: k('import.fields.shipToAddress'),
  shipToState: k('import.fields.shipToState'),
};

/** A field's name in the UI's language (the key itself for a field the wizard has no label for). */
export function fieldLabel(t: TFunction, field: string): string {
  const key = FIELD_LABELS[field];
  return key ? t(key) : field;
}
