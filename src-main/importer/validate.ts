// Data rows -> records as they would be stored, and every row error with its sheet row number
// and column letter. Empty rows are skipped; a trailing totals row is recognised and left out.
import { currencyScale } from '../../src-shared/money/currencies.js';
import type { ImportKind, ImportNote, ImportRowError } from '../../src-shared/schemas/import.js';
import type { TaxCategory } from '../../src-shared/tax/plugin-api.js';
import type { MappedField } from './headers.js';
import { cellText, type Cell, type Grid } from './read.js';
import { countryCode } from './places.js';
import {
  checkGstState, checkQuantity, checkRecipientBahrainVat, checkRecipientGstId, checkText, normaliseIdentifier, stateContradictionProblem, type TextKind,
} from '../../src-shared/validation/fields.js';
import { problem, problemText, type FieldProblem } from '../../src-shared/validation/problems.js';
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
  notes: ImportNote[];
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
export function customerTaxId(raw: string, businessCountry: string | null): { ok: true; value: string; country: 'IN' | 'BH'; stateCode?: string } | { ok: false; message: string; problem: FieldProblem } {
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
  const neither = problem('taxIdUnknownKind', { value: raw.trim() });
  return { ok: false, message: problemText(neither), problem: neither };
}

/** How the percentage and date columns are read (decided over the whole column), with a note for each. */
function columnReadings(columnCells: (field: string) => (Cell | undefined)[], col: (field: string) => MappedField | undefined, notes: ImportNote[]): { percentModes: Map<string, PercentMode>; dateOrder: DateOrder } {
  const percentModes = new Map<string, PercentMode>();
  for (const field of ['taxRate', 'cessRate']) {
    const m = col(field);
    if (!m) continue;
    const decided = decidePercentMode(columnCells(field));
    percentModes.set(field, decided.mode);
    const reading = decided.plain > 0 ? decided.mode : 'written';
    notes.push({ code: 'percentReading', params: { field: m.field, column: m.column, reading, mixed: decided.explicit > 0 && decided.plain > 0 } });
  }
  let dateOrder: DateOrder = 'dmy';
  const dateCol = col('date');
  if (dateCol) {
    const decided = decideDateOrder(columnCells('date'));
    dateOrder = decided.order;
    if (decided.ambiguous || decided.order === 'mdy') {
      notes.push({ code: 'dateOrder', params: { field: dateCol.field, column: dateCol.column, order: dateOrder } });
    }
  }
  return { percentModes, dateOrder };
}

/** What every row of one validation shares: the mapping, the column readings, duplicates seen so far. */
interface Sheet {
  grid: Grid;
  ctx: ValidateContext;
  col: (field: string) => MappedField | undefined;
  percentModes: Map<string, PercentMode>;
  dateOrder: DateOrder;
  scale: number;
  seenKeys: Map<string, number>;
  hsnPadded: number[];
}

const EMPTY = problem('empty', {});

type DuplicateCode = 'duplicateSku' | 'duplicateProductName' | 'duplicateTaxId' | 'duplicateCustomerName';

/** One data row's cells read by field; each refusal is collected as a row error. */
class RowReader {
  readonly errors: ImportRowError[] = [];

  constructor(
    private readonly sheet: Sheet,
    private readonly row: (Cell | undefined)[] | undefined,
    readonly rowNo: number,
  ) {}

  cell(field: string): Cell | undefined {
    const m = this.sheet.col(field);
    return m ? this.row?.[m.c] : undefined;
  }

  empty(field: string): boolean {
    return isEmptyCell(this.cell(field));
  }

  /** A row error: the English message names the field ("Price: is empty"); code and params let the UI say it in its language. */
  fail(field: string, why: FieldProblem): void {
    const m = this.sheet.col(field);
    this.errors.push({ row: this.rowNo, column: m?.column ?? '', field, message: `${m?.label ?? field}: ${problemText(why)}`, code: why.code, params: why.params } as ImportRowError);
  }

  /** Text through the shared rules (no control or bidi characters, bounded length); null when empty or refused. */
  text(field: string, kind: TextKind = 'code'): string | null {
    const raw = kind === 'address' ? cellText(this.cell(field)) : textValue(this.cell(field));
    if (raw === '') return null;
    const checked = checkText(raw, kind);
    if (!checked.ok) {
      this.fail(field, checked.problem);
      return null;
    }
    return checked.value === '' ? null : checked.value;
  }

  /** An amount in the business's currency, exact at its scale. */
  amountMinor(field: string, required: boolean): { fixed: string; minor: bigint } | null {
    if (this.empty(field)) {
      if (required) this.fail(field, EMPTY);
      return null;
    }
    const { currency } = this.sheet.ctx;
    const parsed = parseDecimalCell(this.cell(field), currency);
    if (!parsed.ok) {
      this.fail(field, parsed.problem);
      return null;
    }
    const scaled = toScaleExact(parsed.value, this.sheet.scale, currency);
    if (!scaled.ok) {
      this.fail(field, scaled.problem);
      return null;
    }
    return scaled.value;
  }

  percent(field: string): string | null {
    if (this.empty(field)) return null;
    const parsed = parsePercentCell(this.cell(field), this.sheet.percentModes.get(field) ?? 'percent');
    if (!parsed.ok) {
      this.fail(field, parsed.problem);
      return null;
    }
    return parsed.value;
  }

  /** A name that must be there. */
  name(field: string): string | null {
    const name = this.text(field, 'name');
    if (!name && this.empty(field)) this.fail(field, EMPTY);
    return name;
  }

  /** Records the row's key; a key seen on an earlier row is refused as a repeat. */
  once(dupKey: string, field: string, repeat: DuplicateCode, value: string): void {
    const first = this.sheet.seenKeys.get(dupKey);
    if (first !== undefined) this.fail(field, problem(repeat, { value, firstRow: first }));
    else this.sheet.seenKeys.set(dupKey, this.rowNo);
  }

  /** A state: a GST state code when the country is India (refused otherwise), the text as given elsewhere. */
  indianState(field: string, country: string | null): string | null {
    const state = this.text(field);
    if (!state || country !== 'IN') return state;
    const checked = checkGstState(state);
    if (checked.ok) return checked.value;
    this.fail(field, checked.problem);
    return null;
  }
}

// ---------------------------------------------------------------- products

function productHsn(rd: RowReader, hsnPadded: number[]): string | null {
  if (rd.empty('hsn')) return null;
  const parsed = parseHsnCell(rd.cell('hsn'));
  if (!parsed.ok) {
    rd.fail('hsn', parsed.problem);
    return null;
  }
  if (parsed.value.padded) hsnPadded.push(rd.rowNo);
  return parsed.value.code;
}

function readProduct(rd: RowReader, sheet: Sheet): ProductRecord | undefined {
  const name = rd.name('name');
  const priced = rd.amountMinor('price', true);
  const sku = rd.text('sku');
  const hsn = productHsn(rd, sheet.hsnPadded);
  const category = rd.empty('taxRate') ? undefined : taxCategoryWord(rd.cell('taxRate'));
  const taxRate = category ? '0' : rd.percent('taxRate');
  const taxCategory: TaxCategory | null = category ?? (taxRate === null ? null : 'standard');
  const cessRate = rd.percent('cessRate');
  if (!name || !priced) return undefined;
  const key = nameKey(name);
  if (sku) rd.once(`sku:${sku.toUpperCase()}`, 'sku', 'duplicateSku', sku);
  else rd.once(`name:${key}`, 'name', 'duplicateProductName', name);
  return {
    row: rd.rowNo,
    sku,
    name,
    nameKey: key,
    description: rd.text('description', 'description'),
    hsn,
    unit: rd.text('unit'),
    kind: hsn?.startsWith('99') ? 'services' : 'goods',
    price: priced.fixed,
    priceMinor: priced.minor,
    currency: sheet.ctx.currency,
    taxRate,
    taxCategory,
    cessRate,
  };
}

// ---------------------------------------------------------------- customers

/** The customer's tax id, the country it belongs to, and the state its digits name (a GSTIN). */
function customerIdentity(rd: RowReader, countryOfBusiness: string | null): { taxId: string | null; country: string | null; idState: string | undefined } {
  const rawTax = rd.text('taxId');
  let taxId: string | null = null;
  let country: string | null = null;
  let idState: string | undefined;
  if (rawTax) {
    const checked = customerTaxId(rawTax, countryOfBusiness);
    if (checked.ok) ({ value: taxId, country, stateCode: idState } = checked);
    else rd.fail('taxId', checked.problem);
  }
  const rawCountry = rd.text('country');
  if (rawCountry) {
    const code = countryCode(rawCountry);
    if (!code) rd.fail('country', problem('countryUnknown', { value: rawCountry }));
    else if (country && code !== country) rd.fail('country', problem('countryMismatch', { country: code, taxIdCountry: country }));
    else country = code;
  }
  return { taxId, country: country ?? countryOfBusiness, idState };
}

/** The state column, then the GSTIN's own state, which wins (a contradiction is refused). */
function customerState(rd: RowReader, country: string | null, taxId: string | null, idState: string | undefined): string | null {
  let stateCode: string | null = null;
  const rawState = rd.text('state');
  if (rawState) {
    const state = checkGstState(rawState);
    if (state.ok) stateCode = state.value;
    else if (country === 'IN') rd.fail('state', state.problem);
    else stateCode = rawState;
  }
  if (taxId && idState) {
    if (stateCode && stateCode !== idState) rd.fail('state', stateContradictionProblem(stateCode, taxId, idState));
    stateCode = idState;
  }
  return stateCode;
}

function customerContact(rd: RowReader): { email: string | null; phone: string | null } {
  const email = rd.text('email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) rd.fail('email', problem('emailInvalid', { value: email }));
  const phone = rd.text('phone');
  const digits = phone?.replace(/\D/g, '').length ?? 0;
  if (phone && (digits < 6 || digits > 15 || /[^\d\s+()./-]/.test(phone))) rd.fail('phone', problem('phoneInvalid', { value: phone }));
  return { email, phone };
}

function readCustomer(rd: RowReader, sheet: Sheet): CustomerRecord | undefined {
  const name = rd.name('name');
  const { taxId, country, idState } = customerIdentity(rd, sheet.ctx.countryCode);
  const stateCode = customerState(rd, country, taxId, idState);
  const { email, phone } = customerContact(rd);
  if (!name) return undefined;
  const key = nameKey(name);
  if (taxId) rd.once(`tax:${taxId}`, 'taxId', 'duplicateTaxId', taxId);
  else rd.once(`name:${key}`, 'name', 'duplicateCustomerName', name);
  return { row: rd.rowNo, name, nameKey: key, taxId, stateCode, countryCode: country, address: rd.text('address', 'address'), email, phone };
}

// ---------------------------------------------------------------- orders

function orderDate(rd: RowReader, sheet: Sheet): string | null {
  if (rd.empty('date')) {
    rd.fail('date', EMPTY);
    return null;
  }
  const parsed = parseDateCell(rd.cell('date'), sheet.grid.date1904, sheet.dateOrder);
  if (parsed.ok) return parsed.value;
  rd.fail('date', parsed.problem);
  return null;
}

/** The customer by name or tax id; a customer column holding a tax id instead of a name is read as the tax id. */
function orderCustomer(rd: RowReader, countryOfBusiness: string | null): { customerName: string | null; customerTaxId: string | null } {
  const customer = rd.text('customer', 'name');
  const rawTaxId = rd.text('customerTaxId');
  const customerIsId = Boolean(customer && /^\d{2}[0-9A-Z]{13}$|^\d{15}$/.test(normaliseIdentifier(customer)));
  const taxText = rawTaxId ?? (customerIsId ? customer : null);
  let customerTaxIdValue: string | null = null;
  if (taxText) {
    const checked = customerTaxId(taxText, countryOfBusiness);
    if (checked.ok) customerTaxIdValue = checked.value;
    else rd.fail(rawTaxId ? 'customerTaxId' : 'customer', checked.problem);
  }
  if (!customer && !rawTaxId && rd.empty('customer')) rd.fail('customer', problem('customerEmpty', {}));
  return { customerName: customerIsId ? null : customer, customerTaxId: customerTaxIdValue };
}

function orderProduct(rd: RowReader, productExists: ValidateContext['productExists']): string | null {
  const productRef = rd.text('product', 'name');
  if (!productRef) rd.fail('product', EMPTY);
  else if (productExists && !productExists(productRef)) rd.fail('product', problem('productUnknown', { value: productRef }));
  return productRef;
}

function orderQuantity(rd: RowReader): string | null {
  if (rd.empty('quantity')) {
    rd.fail('quantity', EMPTY);
    return null;
  }
  const parsed = parseDecimalCell(rd.cell('quantity'));
  if (!parsed.ok) {
    rd.fail('quantity', parsed.problem);
    return null;
  }
  const checked = checkQuantity(parsed.value);
  if (checked.ok) return checked.value;
  rd.fail('quantity', checked.problem);
  return null;
}

function readOrder(rd: RowReader, sheet: Sheet): OrderRecord | undefined {
  const date = orderDate(rd, sheet);
  const { customerName, customerTaxId: taxId } = orderCustomer(rd, sheet.ctx.countryCode);
  const productRef = orderProduct(rd, sheet.ctx.productExists);
  const quantity = orderQuantity(rd);
  const unitPrice = rd.amountMinor('price', false)?.fixed ?? null;
  const rawCountry = rd.text('customerCountry');
  const country = rawCountry ? countryCode(rawCountry) : null;
  if (rawCountry && !country) rd.fail('customerCountry', problem('countryUnknown', { value: rawCountry }));
  const state = rd.indianState('customerState', country ?? sheet.ctx.countryCode);
  const shipToState = rd.indianState('shipToState', country ?? sheet.ctx.countryCode);
  const shipToName = rd.text('shipToName', 'name');
  const shipToAddress = rd.text('shipToAddress', 'address');
  if (!date || !productRef || !quantity) return undefined;
  return {
    row: rd.rowNo,
    orderRef: rd.text('orderId'),
    orderDate: date,
    customerName,
    customerTaxId: taxId,
    customerState: state,
    customerCountry: country,
    customerAddress: rd.text('customerAddress', 'address'),
    shipToName,
    shipToAddress,
    shipToState,
    productRef,
    quantity,
    unitPrice,
  };
}

const READERS: Record<ImportKind, (rd: RowReader, sheet: Sheet) => ImportRecord | undefined> = { products: readProduct, customers: readCustomer, orders: readOrder };

/** Validates every data row of the grid for the mapping. */
export function validateRows(grid: Grid, dataStart: number, mapping: MappedField[], ctx: ValidateContext): Validation {
  const byField = new Map(mapping.map((m) => [m.field, m]));
  const col = (field: string): MappedField | undefined => byField.get(field);
  const cols = mapping.map((m) => m.c);
  const end = grid.rows.length;
  const totalsRows = findTotalsRows(grid, dataStart, end, mapping, ctx.kind === 'orders' ? 'product' : 'name');
  const skip = new Set(totalsRows);
  const notes: ImportNote[] = [];
  for (const r of totalsRows.slice().reverse()) notes.push({ code: 'totalsRow', params: { row: r + 1 } });

  const columnCells = (field: string): (Cell | undefined)[] => {
    const m = col(field);
    if (!m) return [];
    const out: (Cell | undefined)[] = [];
    for (let r = dataStart; r < end; r++) if (!skip.has(r)) out.push(grid.rows[r]?.[m.c]);
    return out;
  };
  const { percentModes, dateOrder } = columnReadings(columnCells, col, notes);
  const sheet: Sheet = { grid, ctx, col, percentModes, dateOrder, scale: currencyScale(ctx.currency), seenKeys: new Map(), hsnPadded: [] };
  const read = READERS[ctx.kind];

  const records: ImportRecord[] = [];
  const errors: ImportRowError[] = [];
  let invalidRows = 0;
  for (let r = dataStart; r < end; r++) {
    if (ctx.progress && (r - dataStart) % PROGRESS_EVERY === 0 && r > dataStart) ctx.progress(r - dataStart, end - dataStart);
    if (skip.has(r) || rowIsEmpty(grid.rows[r], cols)) continue;
    const rd = new RowReader(sheet, grid.rows[r], r + 1);
    const record = read(rd, sheet);
    if (rd.errors.length > 0) {
      invalidRows++;
      errors.push(...rd.errors);
    } else if (record) records.push(record);
  }
  const { hsnPadded } = sheet;
  if (hsnPadded.length > 0) {
    const m = col('hsn')!;
    notes.push({ code: 'hsnPadded', params: { field: m.field, column: m.column, count: hsnPadded.length, rows: hsnPadded.slice(0, 5) } });
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
