// Data rows -> records as they would be stored, and every row error with its sheet row number
// and column letter. Empty rows are skipped; a trailing totals row is recognised and left out.
import { currencyScale } from '../../src-shared/money/currencies.js';
import type { ImportKind, ImportRowError } from '../../src-shared/schemas/import.js';
import type { TaxCategory } from '../../src-shared/tax/plugin-api.js';
import type { MappedField } from './headers.js';
import { cellText, type Cell, type Grid } from './read.js';
import { countryCode } from './places.js';
import {
  checkGstState, checkQuantity, checkRecipientBahrainVat, checkRecipientGstId, checkText, normaliseIdentifier, stateContradiction, type TextKind,
} from '../../src-shared/validation/fields.js';
import {
  decideDateOrder,
  decidePercentMode,
  isEmptyCell,
  nameKey,
  parseDateCell,
  parseDecimalCell,
  parseHsnCell,
  parsePercentCell,
  textValue,
  toScaleExact,
  type DateOrder,
  type PercentMode,
} from './values.js';

export interface ProductRecord {
  row: number;
  sku: string | null;
  name: string;
  nameKey: string;
  description: string | null;
  hsn: string | null;
  unit: string | null;
  kind: 'goods' | 'services';
  price: string;
  priceMinor: bigint;
  currency: string;
  taxRate: string | null;
  /** 'standard' for a rate; a category word in the tax column (exempt, zero-rated, nil, non-GST) names it. Null: not given. */
  taxCategory: TaxCategory | null;
  cessRate: string | null;
}

export interface CustomerRecord {
  row: number;
  name: string;
  nameKey: string;
  taxId: string | null;
  stateCode: string | null;
  countryCode: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

export interface OrderRecord {
  row: number;
  orderRef: string | null;
  orderDate: string;
  customerName: string | null;
  customerTaxId: string | null;
  customerState: string | null;
  customerCountry: string | null;
  customerAddress: string | null;
  /** Delivery party, address and state when the goods go elsewhere than the billing address. */
  shipToName: string | null;
  shipToAddress: string | null;
  shipToState: string | null;
  productRef: string;
  quantity: string;
  unitPrice: string | null;
}

export type ImportRecord = ProductRecord | CustomerRecord | OrderRecord;

export interface ValidateContext {
  kind: ImportKind;
  /** The business's currency: amounts are read in it and checked against any marker. */
  currency: string;
  /** The business's country (IN, BH...), the default for customers without one. */
  countryCode: string | null;
  /** Orders: whether a product with this SKU or name exists (when the store is at hand). */
  productExists?: (ref: string) => boolean;
  /** Called every PROGRESS_EVERY rows with the rows read so far and the sheet's data rows. */
  progress?: (rowsDone: number, rowsTotal: number) => void;
}

export const PROGRESS_EVERY = 5_000;

export interface Validation {
  records: ImportRecord[];
  errors: ImportRowError[];
  invalidRows: number;
  notes: string[];
  /** 0-based rows left out as totals rows. */
  totalsRows: number[];
}

const TOTAL_RE = /^\s*(grand\s*|sub\s*|net\s*)?totals?\b|^\s*sum\b|^\s*(المجموع|الإجمالي|إجمالي|اجمالي|المجموع الكلي)|^\s*(कुल|योग|कुल योग)/i;

function rowIsEmpty(row: (Cell | undefined)[] | undefined, cols: number[]): boolean {
  if (!row) return true;
  for (const c of cols) if (cellText(row[c]) !== '') return false;
  return true;
}

/** Trailing rows that read "Total"/"المجموع"/"कुल" or hold SUM formulas without a name: totals, not data. */
function findTotalsRows(grid: Grid, start: number, end: number, mapping: MappedField[], keyField: string): number[] {
  const found: number[] = [];
  const keyCol = mapping.find((m) => m.field === keyField)?.c;
  const allCols = new Set(mapping.map((m) => m.c));
  for (let r = end - 1, seen = 0; r >= start && seen < 3; r--) {
    const row = grid.rows[r];
    if (!row || row.every((cell) => cellText(cell) === '')) continue;
    seen++;
    const texts = row.map((cell) => cellText(cell));
    const labelled = texts.some((t) => TOTAL_RE.test(t));
    const keyEmpty = keyCol === undefined || cellText(row[keyCol]) === '';
    const sums = row.some((cell, c) => allCols.has(c) && typeof cell?.f === 'string' && /^\s*=?\s*(SUM|SUBTOTAL)\(/i.test(cell.f));
    if (labelled || (keyEmpty && sums)) found.push(r);
    else break;
  }
  return found;
}

/**
 * A customer's tax id by the shared rules: 15 digits is a Bahrain VAT number, a GST-shaped id
 * (state digits and letters) a GSTIN or UIN; anything else is read by the business's country.
 */
export function customerTaxId(raw: string, businessCountry: string | null): { ok: true; value: string; country: 'IN' | 'BH'; stateCode?: string } | { ok: false; message: string } {
  const id = normaliseIdentifier(raw);
  const bahrain = /^\d{15}$/.test(id) || (businessCountry === 'BH' && /^[\d\s-]+$/.test(id));
  if (bahrain) {
    const result = checkRecipientBahrainVat(id);
    return result.ok ? { ok: true, value: result.value, country: 'BH' } : result;
  }
  if ((/^\d{2}/.test(id) && /[A-Z]/.test(id)) || businessCountry === 'IN') {
    const result = checkRecipientGstId(id);
    return result.ok ? { ok: true, value: result.value.value, country: 'IN', stateCode: result.value.stateCode } : result;
  }
  return { ok: false, message: `"${raw.trim()}" is neither a GSTIN or UIN (15 characters, e.g. 27AAPFU0939F1ZV) nor a Bahrain VAT number (15 digits)` };
}

/** Validates every data row of the grid for the mapping. */
export function validateRows(grid: Grid, dataStart: number, mapping: MappedField[], ctx: ValidateContext): Validation {
  const byField = new Map(mapping.map((m) => [m.field, m]));
  const col = (field: string): MappedField | undefined => byField.get(field);
  const cols = mapping.map((m) => m.c);
  const end = grid.rows.length;
  const keyField = ctx.kind === 'orders' ? 'product' : 'name';
  const totalsRows = findTotalsRows(grid, dataStart, end, mapping, keyField);
  const skip = new Set(totalsRows);
  const notes: string[] = [];
  for (const r of totalsRows.slice().reverse()) notes.push(`Row ${r + 1} looks like a totals row and was left out.`);

  const columnCells = (field: string): (Cell | undefined)[] => {
    const m = col(field);
    if (!m) return [];
    const out: (Cell | undefined)[] = [];
    for (let r = dataStart; r < end; r++) if (!skip.has(r)) out.push(grid.rows[r]?.[m.c]);
    return out;
  };

  const percentModes = new Map<string, PercentMode>();
  for (const field of ['taxRate', 'cessRate']) {
    const m = col(field);
    if (!m) continue;
    const decided = decidePercentMode(columnCells(field));
    percentModes.set(field, decided.mode);
    const how = decided.mode === 'fraction' ? 'plain numbers read as fractions (0.18 = 18%)' : 'plain numbers read as percentages (18 = 18%)';
    notes.push(`${m.label} (column ${m.column}): ${decided.plain > 0 ? how : 'values written with %'}${decided.explicit > 0 && decided.plain > 0 ? '; values written with % read as written' : ''}.`);
  }
  let dateOrder: DateOrder = 'dmy';
  const dateCol = col('date');
  if (dateCol) {
    const decided = decideDateOrder(columnCells('date'));
    dateOrder = decided.order;
    if (decided.ambiguous || decided.order === 'mdy') {
      notes.push(`${dateCol.label} (column ${dateCol.column}): text dates read as ${dateOrder === 'dmy' ? 'day/month/year' : 'month/day/year'}.`);
    }
  }

  const records: ImportRecord[] = [];
  const errors: ImportRowError[] = [];
  let invalidRows = 0;
  const scale = currencyScale(ctx.currency);
  const seenKeys = new Map<string, number>();
  const hsnPadded: number[] = [];

  for (let r = dataStart; r < end; r++) {
    if (ctx.progress && (r - dataStart) % PROGRESS_EVERY === 0 && r > dataStart) ctx.progress(r - dataStart, end - dataStart);
    if (skip.has(r)) continue;
    const row = grid.rows[r];
    if (rowIsEmpty(row, cols)) continue;
    const rowNo = r + 1;
    const rowErrors: ImportRowError[] = [];
    const cell = (field: string): Cell | undefined => {
      const m = col(field);
      return m ? row?.[m.c] : undefined;
    };
    const fail = (field: string, message: string): void => {
      const m = col(field);
      rowErrors.push({ row: rowNo, column: m?.column ?? '', field, message: `${m?.label ?? field}: ${message}` });
    };
    // Text through the shared rules (no control or bidi characters, bounded length); null when empty or refused.
    const text = (field: string, kind: TextKind = 'code'): string | null => {
      const raw = kind === 'address' ? cellText(cell(field)) : textValue(cell(field));
      if (raw === '') return null;
      const checked = checkText(raw, kind);
      if (!checked.ok) {
        fail(field, checked.message);
        return null;
      }
      return checked.value === '' ? null : checked.value;
    };
    const amountMinor = (field: string, required: boolean): { fixed: string; minor: bigint } | null => {
      if (isEmptyCell(cell(field))) {
        if (required) fail(field, 'is empty');
        return null;
      }
      const parsed = parseDecimalCell(cell(field), ctx.currency);
      if (!parsed.ok) {
        fail(field, parsed.reason);
        return null;
      }
      const scaled = toScaleExact(parsed.value, scale, ctx.currency);
      if (!scaled.ok) {
        fail(field, scaled.reason);
        return null;
      }
      return scaled.value;
    };
    const amount = (field: string, required: boolean): string | null => amountMinor(field, required)?.fixed ?? null;
    const percent = (field: string): string | null => {
      if (isEmptyCell(cell(field))) return null;
      const parsed = parsePercentCell(cell(field), percentModes.get(field) ?? 'percent');
      if (!parsed.ok) {
        fail(field, parsed.reason);
        return null;
      }
      return parsed.value;
    };

    let record: ImportRecord | undefined;
    if (ctx.kind === 'products') {
      const name = text('name', 'name');
      if (!name && isEmptyCell(cell('name'))) fail('name', 'is empty');
      const priced = amountMinor('price', true);
      const price = priced?.fixed ?? null;
      const sku = text('sku');
      let hsn: string | null = null;
      if (!isEmptyCell(cell('hsn'))) {
        const parsed = parseHsnCell(cell('hsn'));
        if (parsed.ok) {
          hsn = parsed.value.code;
          if (parsed.value.padded) hsnPadded.push(rowNo);
        } else fail('hsn', parsed.reason);
      }
      const category = isEmptyCell(cell('taxRate')) ? undefined : taxCategoryWord(cell('taxRate'));
      const taxRate = category ? '0' : percent('taxRate');
      const taxCategory: TaxCategory | null = category ?? (taxRate === null ? null : 'standard');
      const cessRate = percent('cessRate');
      const priceMinor = priced?.minor ?? null;
      if (name && price !== null && priceMinor !== null) {
        const key = nameKey(name);
        const dupKey = sku ? `sku:${sku.toUpperCase()}` : `name:${key}`;
        const first = seenKeys.get(dupKey);
        if (first !== undefined) fail(sku ? 'sku' : 'name', `${sku ? `SKU "${sku}"` : `"${name}"`} repeats row ${first}; each product once per file`);
        else seenKeys.set(dupKey, rowNo);
        record = {
          row: rowNo,
          sku,
          name,
          nameKey: key,
          description: text('description', 'description'),
          hsn,
          unit: text('unit'),
          kind: hsn?.startsWith('99') ? 'services' : 'goods',
          price,
          priceMinor,
          currency: ctx.currency,
          taxRate,
          taxCategory,
          cessRate,
        } satisfies ProductRecord;
      }
    } else if (ctx.kind === 'customers') {
      const name = text('name', 'name');
      if (!name && isEmptyCell(cell('name'))) fail('name', 'is empty');
      let taxId: string | null = null;
      let country: string | null = null;
      let idState: string | undefined;
      const rawTax = text('taxId');
      if (rawTax) {
        const checked = customerTaxId(rawTax, ctx.countryCode);
        if (checked.ok) {
          taxId = checked.value;
          country = checked.country;
          idState = checked.stateCode;
        } else fail('taxId', checked.message);
      }
      const rawCountry = text('country');
      if (rawCountry) {
        const code = countryCode(rawCountry);
        if (!code) fail('country', `"${rawCountry}" is not a country name or a 2-letter ISO code`);
        else if (country && code !== country) fail('country', `${code} does not match the tax id, which is from ${country}`);
        else country = code;
      }
      country ??= ctx.countryCode;
      let stateCode: string | null = null;
      const rawState = text('state');
      if (rawState) {
        const state = checkGstState(rawState);
        if (state.ok) stateCode = state.value;
        else if (country === 'IN') fail('state', state.message);
        else stateCode = rawState;
      }
      if (taxId && idState) {
        if (stateCode && stateCode !== idState) fail('state', stateContradiction(stateCode, taxId, idState));
        stateCode = idState;
      }
      const email = text('email');
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('email', `"${email}" is not an e-mail address`);
      const phone = text('phone');
      if (phone && (phone.replace(/\D/g, '').length < 6 || phone.replace(/\D/g, '').length > 15 || /[^\d\s+()./-]/.test(phone))) fail('phone', `"${phone}" is not a phone number`);
      if (name) {
        const key = nameKey(name);
        const dupKey = taxId ? `tax:${taxId}` : `name:${key}`;
        const first = seenKeys.get(dupKey);
        if (first !== undefined) fail(taxId ? 'taxId' : 'name', `${taxId ? `tax id ${taxId}` : `"${name}"`} repeats row ${first}; each customer once per file`);
        else seenKeys.set(dupKey, rowNo);
        record = { row: rowNo, name, nameKey: key, taxId, stateCode, countryCode: country, address: text('address', 'address'), email, phone } satisfies CustomerRecord;
      }
    } else {
      let orderDate: string | null = null;
      if (isEmptyCell(cell('date'))) fail('date', 'is empty');
      else {
        const parsed = parseDateCell(cell('date'), grid.date1904, dateOrder);
        if (parsed.ok) orderDate = parsed.value;
        else fail('date', parsed.reason);
      }
      const customer = text('customer', 'name');
      let customerName: string | null = null;
      let customerTaxIdValue: string | null = null;
      const rawTaxId = text('customerTaxId');
      const taxField = rawTaxId ? 'customerTaxId' : 'customer';
      // A customer column holding a tax id instead of a name is read as the tax id.
      const customerIsId = Boolean(customer && /^\d{2}[0-9A-Z]{13}$|^\d{15}$/.test(normaliseIdentifier(customer)));
      const taxText = rawTaxId ?? (customerIsId ? customer : null);
      if (!customerIsId) customerName = customer;
      if (taxText) {
        const checked = customerTaxId(taxText, ctx.countryCode);
        if (checked.ok) customerTaxIdValue = checked.value;
        else fail(taxField, checked.message);
      }
      if (!customer && !rawTaxId && isEmptyCell(cell('customer'))) fail('customer', 'is empty (a name or a tax id is needed)');
      const customerTaxId_ = customerTaxIdValue;
      const productRef = text('product', 'name');
      if (!productRef) fail('product', 'is empty');
      else if (ctx.productExists && !ctx.productExists(productRef)) fail('product', `no product with SKU or name "${productRef}" in this business; import the catalogue first`);
      let quantity: string | null = null;
      if (isEmptyCell(cell('quantity'))) fail('quantity', 'is empty');
      else {
        const parsed = parseDecimalCell(cell('quantity'));
        if (!parsed.ok) fail('quantity', parsed.reason);
        else {
          const checked = checkQuantity(parsed.value);
          if (checked.ok) quantity = checked.value;
          else fail('quantity', checked.message);
        }
      }
      const unitPrice = amount('price', false);
      const rawCountry = text('customerCountry');
      const country = rawCountry ? countryCode(rawCountry) : null;
      if (rawCountry && !country) fail('customerCountry', `"${rawCountry}" is not a country name or a 2-letter ISO code`);
      let state: string | null = text('customerState');
      if (state && (country ?? ctx.countryCode) === 'IN') {
        const checked = checkGstState(state);
        if (checked.ok) state = checked.value;
        else {
          fail('customerState', checked.message);
          state = null;
        }
      }
      let shipToState: string | null = text('shipToState');
      if (shipToState && (country ?? ctx.countryCode) === 'IN') {
        const checked = checkGstState(shipToState);
        if (checked.ok) shipToState = checked.value;
        else {
          fail('shipToState', checked.message);
          shipToState = null;
        }
      }
      const shipToName = text('shipToName', 'name');
      const shipToAddress = text('shipToAddress', 'address');
      if (orderDate && productRef && quantity) {
        record = {
          row: rowNo,
          orderRef: text('orderId'),
          orderDate,
          customerName,
          customerTaxId: customerTaxId_,
          customerState: state,
          customerCountry: country,
          customerAddress: text('customerAddress', 'address'),
          shipToName,
          shipToAddress,
          shipToState,
          productRef,
          quantity,
          unitPrice,
        } satisfies OrderRecord;
      }
    }
    if (rowErrors.length > 0) {
      invalidRows++;
      errors.push(...rowErrors);
    } else if (record) records.push(record);
  }
  if (hsnPadded.length > 0) {
    const m = col('hsn')!;
    notes.push(`${m.label} (column ${m.column}): ${hsnPadded.length} numeric code(s) had lost a leading zero and were read with it (rows ${hsnPadded.slice(0, 5).join(', ')}${hsnPadded.length > 5 ? ', ...' : ''}).`);
  }
  return { records, errors, invalidRows, notes, totalsRows };
}

/**
 * A tax category written in the tax % column instead of a rate ("Exempt", "Zero-rated", "Nil",
 * "Non-GST", also in Arabic and Hindi); undefined for anything else (read as a percentage).
 */
const CATEGORY_WORDS: Record<string, TaxCategory> = {
  exempt: 'exempt', exempted: 'exempt', 'معفى': 'exempt', 'معفاة': 'exempt', 'मुक्त': 'exempt',
  zero: 'zero', 'zero-rated': 'zero', 'zero rated': 'zero', 'zero-rate': 'zero', 'صفر': 'zero', 'نسبة الصفر': 'zero',
  nil: 'nil', 'nil-rated': 'nil', 'nil rated': 'nil',
  'non-gst': 'non_gst', 'non gst': 'non_gst', non_gst: 'non_gst', 'गैर-जीएसटी': 'non_gst',
};

export function taxCategoryWord(cell: Cell | undefined): TaxCategory | undefined {
  if (!cell || typeof cell.v !== 'string') return undefined;
  return CATEGORY_WORDS[cell.v.trim().toLowerCase().replace(/\s+/g, ' ')];
}
