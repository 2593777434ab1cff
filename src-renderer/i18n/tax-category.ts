// A product's tax as a person reads it: a standard rate as a percentage, and the categories by
// name, so an exempt product never shows as "0%" like a zero-rated one (they differ on the
// invoice and in the GST return).
import type { TFunction } from 'i18next';
import { k } from './keys.js';

const CATEGORY_KEYS: Record<string, string> = {
  zero: k('products.category.zero'),
  exempt: k('products.category.exempt'),
  nil: k('products.category.nil'),
  non_gst: k('products.category.nonGst'),
};

export function taxRateLabel(t: TFunction, rate: (value: string) => string, product: { taxRate: string; taxCategory: string }): string {
  const key = product.taxCategory === 'standard' ? undefined : CATEGORY_KEYS[product.taxCategory];
  return key ? t(key) : rate(product.taxRate);
}
