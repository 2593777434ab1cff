// What the command palette offers for a query: actions and screens matched on their translated
// names, then invoices, customers and products the existing list handlers find. Pure, so the
// ordering and matching are tested without a DOM.
import type { CustomerView, InvoiceSummary, ProductView } from '../../../src-shared/ipc/models.js';
import { k } from '../../i18n/keys.js';
import { SCREENS, type ScreenId } from '../../app/navigation.js';

export type EntryKind = 'action' | 'screen' | 'invoice' | 'customer' | 'product';

export interface PaletteEntry {
  id: string;
  kind: EntryKind;
  /** Already translated (or data: a number, a name). */
  label: string;
  /** A second line: customer and total of an invoice, tax id of a customer, SKU of a product. */
  detail?: string;
  screen: ScreenId;
  params?: Record<string, string>;
}

/** The things the palette can start, with the screen (and its parameters) each opens. */
export const ACTIONS: { id: string; label: string; screen: ScreenId; params?: Record<string, string> }[] = [
  { id: 'new-invoice', label: k('palette.newInvoice'), screen: 'invoice-editor' },
  { id: 'new-customer', label: k('palette.newCustomer'), screen: 'customers', params: { mode: 'new' } },
  { id: 'new-product', label: k('palette.newProduct'), screen: 'products', params: { mode: 'new' } },
  { id: 'import', label: k('palette.import'), screen: 'import' },
  { id: 'new-business', label: k('palette.newBusiness'), screen: 'businesses', params: { mode: 'new' } },
];

const fold = (s: string) => s.toLocaleLowerCase().normalize('NFKC');

/** Whether every word of the query occurs in the text (so "new cust" finds "New customer"). */
export function matches(text: string, query: string): boolean {
  const hay = fold(text);
  return fold(query).split(/\s+/).filter(Boolean).every((word) => hay.includes(word));
}

/** Actions and screens whose translated name (or English name, for a person who knows it) matches. */
export function staticEntries(query: string, t: (key: string) => string): PaletteEntry[] {
  const actions = ACTIONS.filter((a) => !query.trim() || matches(`${t(a.label)} ${a.id.replace('-', ' ')}`, query)).map<PaletteEntry>((a) => ({
    id: `action:${a.id}`, kind: 'action', label: t(a.label), screen: a.screen, params: a.params,
  }));
  const screens = SCREENS.filter((s) => s.id !== 'invoice-editor' && (!query.trim() || matches(`${t(s.label)} ${s.id}`, query))).map<PaletteEntry>((s) => ({
    id: `screen:${s.id}`, kind: 'screen', label: t(s.label), screen: s.id,
  }));
  return [...actions, ...screens];
}

export interface Found {
  invoices: InvoiceSummary[];
  customers: CustomerView[];
  products: ProductView[];
}

/**
 * Invoices, customers and products, each once, in that order. A number issued in several fiscal
 * years (a series that starts again at 1, e.g. SHOP1-1) shows each invoice's date before its customer.
 */
export function foundEntries(found: Found, money: (amount: string, currency: string) => string, draftLabel: string, date: (iso: string) => string = (iso) => iso): PaletteEntry[] {
  const seen = new Set<string>();
  const unique = found.invoices.filter((i) => !seen.has(i.id) && seen.add(i.id));
  const perNumber = new Map<string, number>();
  for (const i of unique) if (i.number) perNumber.set(i.number.toUpperCase(), (perNumber.get(i.number.toUpperCase()) ?? 0) + 1);
  const invoices = unique.map<PaletteEntry>((i) => ({
    id: `invoice:${i.id}`,
    kind: 'invoice',
    label: i.number ?? draftLabel,
    detail: `${(perNumber.get(i.number?.toUpperCase() ?? '') ?? 0) > 1 ? `${date(i.issueDate)} · ` : ''}${i.customerName} · ${money(i.total, i.currency)}`,
    screen: 'invoices',
    params: { id: i.id },
  }));
  const customers = found.customers.map<PaletteEntry>((c) => ({
    id: `customer:${c.id}`, kind: 'customer', label: c.name, detail: c.taxId ?? undefined, screen: 'customers', params: { search: c.name },
  }));
  const products = found.products.map<PaletteEntry>((p) => ({
    id: `product:${p.id}`, kind: 'product', label: p.name, detail: p.sku ?? undefined, screen: 'products', params: { search: p.sku ?? p.name },
  }));
  return [...invoices, ...customers, ...products];
}
