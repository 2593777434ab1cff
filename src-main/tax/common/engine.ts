// The arithmetic every built-in regime shares: line values, invoice-level rounding per component
// and rate, largest-remainder distribution back to the lines, totals and round-off. A regime
// only decides, per line, which components apply at which rates (and validates its inputs).
//
// Rounding decisions (see docs/tax-plugins.md and docs/TAX-RULES.md A7, B2):
// - line gross = quantity x unit price, half-up to the currency's scale; discount likewise;
// - each component (CGST 9%, IGST 18%, VAT 10%...) is computed once per invoice from the sum
//   of its lines' exact shares and rounded half-up to the minor unit;
// - that amount is distributed to the lines by largest remainder, so lines add up exactly;
// - prices inclusive of tax: component = inclusive amount x rate / (100 + total rate of the
//   line), same rounding; taxable = inclusive - tax, so the customer pays what was quoted;
// - the grand total is the total half-up to the round-off place, never rounded to zero
//   (docs/TAX-RULES.md E1).
import { AppError } from '../../../src-shared/errors.js';
import { allocateLargestRemainder, canonicalDecimal, currencyScale, Dec, divMod, divRoundHalfUp, fixedAt, isDecimalString, minorToText, parseFixed, pow10, roundTo, type Fixed } from '../../../src-shared/money/index.js';
import type { TaxCategory, TaxComponentAmount, TaxComponentSummary, TaxContext, TaxLineInput, TaxLineResult, TaxTotals } from '../../../src-shared/tax/plugin-api.js';

export function taxInput(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('TAX_INPUT', message, { details });
}

/** Parse a strict decimal string field of line `index`, naming it on failure. */
export function lineDecimal(index: number, field: string, value: unknown, fallback?: string): Dec {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return new Dec(fallback);
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !isDecimalString(text.trim())) {
    throw taxInput(`lines[${index}].${field}: "${String(value)}" is not a decimal number (use digits and an optional "." such as "12.50")`, { line: index, field, value });
  }
  return new Dec(text.trim());
}

export interface ComponentSpec {
  /** CGST, SGST, UTGST, IGST, CESS, VAT... */
  name: string;
  /** Percentage as a decimal. */
  rate: Dec;
}

export interface PlannedLine {
  index: number;
  input: TaxLineInput;
  category: TaxCategory;
  /** Rate printed on the line. */
  rate: string;
  components: ComponentSpec[];
}

/**
 * A bounded memo of line plans for a plugin: `plan(key, line, index, make)` returns the plan cached
 * under `key` (re-indexed for this line) or makes, caches and returns it. The key must hold
 * everything the plan depends on. Plans that throw are not cached. Catalogues have few distinct
 * rates, so a batch plans each kind of line once.
 */
export function linePlanCache(limit = 1000): (key: string, line: TaxLineInput, index: number, make: () => PlannedLine) => PlannedLine {
  const cache = new Map<string, Omit<PlannedLine, 'index' | 'input'>>();
  return (key, line, index, make) => {
    const cached = cache.get(key);
    if (cached) return { index, input: line, category: cached.category, rate: cached.rate, components: cached.components };
    const planned = make();
    if (cache.size >= limit) cache.clear();
    cache.set(key, { category: planned.category, rate: planned.rate, components: planned.components });
    return planned;
  };
}

export interface EngineResult {
  lines: TaxLineResult[];
  components: TaxComponentSummary[];
  totals: TaxTotals;
}

export interface EngineOptions {
  /** Order of component names in results (unknown names last, alphabetically). */
  componentOrder: string[];
  /** Round the grand total to this many decimals (0 = to the rupee), or undefined for no round-off. */
  roundOffPlaces?: number;
  /** Components listed after all others in the summary (e.g. CESS). */
  trailingComponents?: string[];
  /** Allow negative quantities (credit notes). */
  allowNegative: boolean;
}

function rateText(rate: Dec): string {
  return rate.toFixed();
}

function lineKey(input: TaxLineInput): string {
  return JSON.stringify([input.description, input.hsn ?? '', input.quantity, input.unitPrice, input.discount ?? '', input.rate, input.cessRate ?? '', input.unit ?? '']);
}

export function computeLines(context: TaxContext, planned: PlannedLine[], options: EngineOptions): EngineResult {
  if (!context.pricesIncludeTax) {
    const fast = computeLinesExact(context, planned, options);
    if (fast) return fast;
  }
  return computeLinesDecimal(context, planned, options);
}

/** A component rate as a scaled integer, remembered per Dec instance (plans are cached by the plugins). */
const rateFixedCache = new WeakMap<Dec, { text: string; fixed: Fixed | undefined }>();
function rateFixed(rate: Dec): { text: string; fixed: Fixed | undefined } {
  let entry = rateFixedCache.get(rate);
  if (!entry) {
    const text = rateText(rate);
    rateFixedCache.set(rate, (entry = { text, fixed: parseFixed(text) }));
  }
  return entry;
}

function compareFixed(a: Fixed, b: Fixed): number {
  const places = Math.max(a.places, b.places);
  const x = a.int * pow10(places - a.places);
  const y = b.int * pow10(places - b.places);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An optional decimal field as text, or undefined when it is not a string (the general path decides). */
function fieldText(value: unknown, fallback?: string): string | undefined {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Digits allowed in a quantity, unit price or discount on the exact path, and the largest rate.
 * Not an overflow guard (BigInt cannot overflow): the decimal.js path works at 60 significant
 * digits, and this path must print the same strings, so it takes only inputs whose every
 * intermediate stays well inside 60 digits there (18 + 18 digit product, times a rate of at most
 * 9 digits, summed). Anything larger (no real invoice) takes the decimal.js path.
 */
const MAX_EXACT_INPUT_DIGITS = 18;
const MAX_EXACT_RATE = 100_000_000n;

interface ExactLine { gross: bigint; disc: bigint; quantity: string; unitPrice: string }

/** Step 1 of the exact path: one line's gross and discount in minor units, or undefined (general path). */
function exactLineValue(input: TaxLineInput, scale: number): ExactLine | undefined {
  const qText = fieldText(input.quantity);
  const pText = fieldText(input.unitPrice);
  const dText = fieldText(input.discount, '0');
  if (qText === undefined || pText === undefined || dText === undefined) return undefined;
  if (qText.length > MAX_EXACT_INPUT_DIGITS + 1 || pText.length > MAX_EXACT_INPUT_DIGITS + 1 || dText.length > MAX_EXACT_INPUT_DIGITS + 1) return undefined;
  const q = parseFixed(qText);
  const p = parseFixed(pText);
  const d = parseFixed(dText);
  if (!q || !p || !d) return undefined;
  // Half-up to the currency's scale (ties away from zero; all values here are non-negative).
  const gross = fixedAt({ int: q.int * p.int, places: q.places + p.places }, scale);
  const disc = fixedAt(d, scale);
  if (disc > gross) return undefined;
  return { gross, disc, quantity: canonicalDecimal(qText), unitPrice: canonicalDecimal(pText) };
}

interface ExactGroup { name: string; rateText: string; rate: Fixed; denominator: bigint; lines: number[]; numerators: bigint[] }

/**
 * Step 2a: the lines' components grouped by name and rate; the exact share of line li is
 * base[li] x rate / 100 minor units, kept as the numerator over 100 x 10^places of the rate.
 */
function exactGroups(planned: PlannedLine[], base: bigint[]): Map<string, ExactGroup> | undefined {
  const groups = new Map<string, ExactGroup>();
  for (let li = 0; li < planned.length; li++) {
    for (const c of planned[li]!.components) {
      const rate = rateFixed(c.rate);
      if (!rate.fixed || rate.fixed.places > 6 || rate.fixed.int > MAX_EXACT_RATE) return undefined;
      const key = `${c.name}@${rate.text}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { name: c.name, rateText: rate.text, rate: rate.fixed, denominator: 100n * pow10(rate.fixed.places), lines: [], numerators: [] }));
      group.lines.push(li);
      group.numerators.push(base[li]! * rate.fixed.int);
    }
  }
  return groups;
}

/** Largest remainder; ties: the larger exact share, then the line's key, then the position. */
function remainderOrder(remainders: bigint[], numerators: bigint[], keyAt: (k: number) => string): number[] {
  return Array.from({ length: remainders.length }, (_, k) => k).sort((a, b) => {
    const ra = remainders[a]!;
    const rb = remainders[b]!;
    if (ra !== rb) return rb > ra ? 1 : -1;
    const na = numerators[a]!;
    const nb = numerators[b]!;
    if (na !== nb) return nb > na ? 1 : -1;
    const ka = keyAt(a);
    const kb = keyAt(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) || a - b;
  });
}

/** Step 2b: a group's invoice-level amount (the exact sum rounded half-up) and each line's share of it. */
function allocateGroup(group: ExactGroup, keyOf: (li: number) => string): { amountMinor: bigint; shares: bigint[] } | undefined {
  const { numerators, denominator } = group;
  let sum = 0n;
  for (const x of numerators) sum += x;
  const [whole, rest] = divMod(sum, denominator);
  const amountMinor = 2n * rest >= denominator ? whole + 1n : whole;
  const m = numerators.length;
  const shares: bigint[] = new Array<bigint>(m);
  const remainders: bigint[] = new Array<bigint>(m);
  let floors = 0n;
  for (let k = 0; k < m; k++) {
    const [q, r] = divMod(numerators[k]!, denominator);
    shares[k] = q;
    remainders[k] = r;
    floors += q;
  }
  const missing = amountMinor - floors;
  if (missing < 0n || missing > BigInt(m)) return undefined;
  let units = missing;
  if (units > 0n) {
    for (const k of remainderOrder(remainders, numerators, (k) => keyOf(group.lines[k]!))) {
      if (units === 0n) break;
      shares[k] = shares[k]! + 1n;
      units -= 1n;
    }
  }
  return { amountMinor, shares };
}

interface ExactSummary { name: string; rate: string; amount: string; order: number; rateFixed: Fixed; amountMinor: bigint; members: number[] }

/** Step 3: one line's result from its exact values and its allocated components. */
function exactLineResult(p: PlannedLine, value: ExactLine, components: TaxComponentAmount[], tax: bigint, scale: number): TaxLineResult {
  const taxable = value.gross - value.disc;
  const result: TaxLineResult = {
    index: p.index,
    description: p.input.description,
    quantity: value.quantity,
    unitPrice: value.unitPrice,
    gross: minorToText(value.gross, scale),
    discount: minorToText(value.disc, scale),
    taxable: minorToText(taxable, scale),
    category: p.category,
    rate: p.rate,
    components,
    tax: minorToText(tax, scale),
    total: minorToText(taxable + tax, scale),
  };
  if (p.input.hsn !== undefined) result.hsn = p.input.hsn;
  if (p.input.unit !== undefined) result.unit = p.input.unit;
  if (p.input.kind !== undefined) result.kind = p.input.kind;
  return result;
}

/** Step 4: totals; round-off to `places` decimals (0 = to the rupee), never to zero (see roundedTotal). */
function exactTotals(taxableTotal: bigint, taxTotal: bigint, places: number | undefined, scale: number): TaxTotals | undefined {
  const total = taxableTotal + taxTotal;
  if (places !== undefined && (places < 0 || !Number.isInteger(places))) return undefined;
  const rounded = places === undefined || places >= scale ? total : divRoundHalfUp(total, scale - places) * pow10(scale - places);
  const grand = rounded === 0n && total !== 0n ? total : rounded;
  return {
    taxable: minorToText(taxableTotal, scale),
    tax: minorToText(taxTotal, scale),
    total: minorToText(total, scale),
    roundOff: minorToText(grand - total, scale),
    grandTotal: minorToText(grand, scale),
  };
}

/**
 * computeLines for prices exclusive of tax with non-negative plain decimal inputs, in exact scaled
 * BigInt integers (minor units; component shares as numerators over 100 x 10^places of the rate):
 * the same roundings at the same places as the decimal.js path, so the same decimal strings.
 * Returns undefined for anything else — negative or unusual inputs, an input the general path
 * rejects — and the caller runs the decimal.js path, which owns every error.
 */
export function computeLinesExact(context: TaxContext, planned: PlannedLine[], options: EngineOptions): EngineResult | undefined {
  const scale = currencyScale(context.currency);
  const n = planned.length;

  // 1. Line values in minor units.
  const values: ExactLine[] = new Array<ExactLine>(n);
  const base: bigint[] = new Array<bigint>(n);
  for (let li = 0; li < n; li++) {
    const value = exactLineValue(planned[li]!.input, scale);
    if (!value) return undefined;
    values[li] = value;
    base[li] = value.gross - value.disc;
  }

  // 2. Components: invoice-level rounding per group, then largest remainder over its lines.
  const groups = exactGroups(planned, base);
  if (!groups) return undefined;
  const lineComponents: TaxComponentAmount[][] = [];
  const lineTax: bigint[] = [];
  for (let li = 0; li < n; li++) {
    lineComponents.push([]);
    lineTax.push(0n);
  }
  const keys: Array<string | undefined> = [];
  const keyOf = (li: number): string => (keys[li] ??= lineKey(planned[li]!.input));
  const summaries: ExactSummary[] = [];
  const orderOf = (name: string): number => {
    const at = options.componentOrder.indexOf(name);
    return at < 0 ? options.componentOrder.length : at;
  };
  for (const group of groups.values()) {
    const allocated = allocateGroup(group, keyOf);
    if (!allocated) return undefined;
    const { amountMinor, shares } = allocated;
    for (let k = 0; k < shares.length; k++) {
      const li = group.lines[k]!;
      lineComponents[li]!.push({ name: group.name, rate: group.rateText, amount: minorToText(shares[k]!, scale) });
      lineTax[li] = lineTax[li]! + shares[k]!;
    }
    summaries.push({ name: group.name, rate: group.rateText, amount: minorToText(amountMinor, scale), order: orderOf(group.name), rateFixed: group.rate, amountMinor, members: group.lines });
  }

  // 3. Lines.
  let taxableTotal = 0n;
  const lines: TaxLineResult[] = planned.map((p, li) => {
    taxableTotal += base[li]!;
    const components = lineComponents[li]!.sort((a, b) => orderOf(a.name) - orderOf(b.name) || a.name.localeCompare(b.name));
    return exactLineResult(p, values[li]!, components, lineTax[li]!, scale);
  });

  // 4. Component summaries with their taxable base; totals.
  const trailing = (name: string): number => ((options.trailingComponents ?? []).includes(name) ? 1 : 0);
  summaries.sort((a, b) => trailing(a.name) - trailing(b.name) || compareFixed(a.rateFixed, b.rateFixed) || a.order - b.order || a.name.localeCompare(b.name));
  const components: TaxComponentSummary[] = summaries.map((s) => {
    let taxable = 0n;
    for (const li of s.members) taxable += base[li]!;
    return { name: s.name, rate: s.rate, taxable: minorToText(taxable, scale), amount: s.amount };
  });
  let taxTotal = 0n;
  for (const s of summaries) taxTotal += s.amountMinor;
  const totals = exactTotals(taxableTotal, taxTotal, options.roundOffPlaces, scale);
  return totals ? { lines, components, totals } : undefined;
}

/**
 * The general path: decimal.js throughout (tax-inclusive prices, negative quantities, any input).
 * Exported as the reference the exact path is checked against (tests/unit/tax/engine-exact.test.ts).
 */
export function computeLinesDecimal(context: TaxContext, planned: PlannedLine[], options: EngineOptions): EngineResult {
  const currency = context.currency;
  const scale = currencyScale(currency);
  const unit = new Dec(10).pow(scale);
  const inclusive = context.pricesIncludeTax;

  // 1. Line values at the currency's scale.
  const values = planned.map((p) => {
    const i = p.index;
    const quantity = lineDecimal(i, 'quantity', p.input.quantity);
    const unitPrice = lineDecimal(i, 'unitPrice', p.input.unitPrice);
    const discount = lineDecimal(i, 'discount', p.input.discount, '0');
    if (quantity.isNegative() && !quantity.isZero() && !options.allowNegative) {
      throw taxInput(`lines[${i}].quantity: ${quantity.toFixed()} is negative; negative quantities are allowed only on a credit note`, { line: i, field: 'quantity', value: p.input.quantity });
    }
    if (unitPrice.isNegative() && !unitPrice.isZero()) {
      throw taxInput(`lines[${i}].unitPrice: ${unitPrice.toFixed()} is negative; use a negative quantity on a credit note instead`, { line: i, field: 'unitPrice', value: p.input.unitPrice });
    }
    if (discount.isNegative() && !discount.isZero()) {
      throw taxInput(`lines[${i}].discount: ${discount.toFixed()} is negative`, { line: i, field: 'discount', value: p.input.discount });
    }
    const gross = roundTo(quantity.times(unitPrice), scale, 'halfUp');
    const disc = roundTo(discount, scale, 'halfUp');
    if (disc.gt(gross.abs())) {
      throw taxInput(`lines[${i}].discount: ${disc.toFixed(scale)} is more than the line value ${gross.abs().toFixed(scale)}`, { line: i, field: 'discount', value: p.input.discount });
    }
    // A discount always reduces the line's magnitude (also on credit-note lines).
    const base = gross.isNegative() ? gross.plus(disc) : gross.minus(disc);
    const totalRate = p.components.reduce((sum, c) => sum.plus(c.rate), new Dec(0));
    return { quantity, unitPrice, gross, disc, base, totalRate };
  });

  // 2. Components: group by name and rate; invoice-level rounding; distribute to lines.
  const groups = new Map<string, { name: string; rate: Dec; members: Array<{ line: number; exact: Dec }> }>();
  planned.forEach((p, li) => {
    const v = values[li]!;
    for (const c of p.components) {
      const key = `${c.name}@${rateText(c.rate)}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { name: c.name, rate: c.rate, members: [] }));
      // Exact share in minor units.
      const exact = inclusive ? v.base.times(c.rate).div(new Dec(100).plus(v.totalRate)).times(unit) : v.base.times(c.rate).div(100).times(unit);
      group.members.push({ line: li, exact });
    }
  });

  const lineComponents: TaxComponentAmount[][] = planned.map(() => []);
  const lineTax: Dec[] = planned.map(() => new Dec(0));
  const summaries: Array<TaxComponentSummary & { order: number; rateDec: Dec; amountMinor: Dec; members: number[] }> = [];
  const orderOf = (name: string): number => {
    const at = options.componentOrder.indexOf(name);
    return at < 0 ? options.componentOrder.length : at;
  };
  for (const group of groups.values()) {
    const sum = group.members.reduce((acc, m) => acc.plus(m.exact), new Dec(0));
    const amountMinor = roundTo(sum, 0, 'halfUp');
    const shares = allocateLargestRemainder(group.members.map((m) => ({ exact: m.exact, key: lineKey(planned[m.line]!.input) })), amountMinor);
    group.members.forEach((m, k) => {
      const amount = shares[k]!.div(unit);
      lineComponents[m.line]!.push({ name: group.name, rate: rateText(group.rate), amount: amount.toFixed(scale) });
      lineTax[m.line] = lineTax[m.line]!.plus(amount);
    });
    summaries.push({ name: group.name, rate: rateText(group.rate), taxable: '', amount: amountMinor.div(unit).toFixed(scale), order: orderOf(group.name), rateDec: group.rate, amountMinor, members: group.members.map((m) => m.line) });
  }

  // 3. Lines.
  const lines: TaxLineResult[] = planned.map((p, li) => {
    const v = values[li]!;
    const tax = lineTax[li]!;
    let taxable: Dec;
    let gross: Dec;
    let discount: Dec;
    let unitPrice: string;
    if (inclusive) {
      taxable = v.base.minus(tax);
      const factor = new Dec(100).div(new Dec(100).plus(v.totalRate));
      gross = v.disc.isZero() ? taxable : roundTo(v.gross.times(factor), scale, 'halfUp');
      discount = gross.abs().minus(taxable.abs());
      unitPrice = roundTo(v.unitPrice.times(factor), scale + 2, 'halfUp').toFixed();
    } else {
      taxable = v.base;
      gross = v.gross;
      discount = v.disc;
      unitPrice = v.unitPrice.toFixed();
    }
    const components = lineComponents[li]!.sort((a, b) => orderOf(a.name) - orderOf(b.name) || a.name.localeCompare(b.name));
    const result: TaxLineResult = {
      index: p.index,
      description: p.input.description,
      quantity: v.quantity.toFixed(),
      unitPrice,
      gross: gross.toFixed(scale),
      discount: discount.toFixed(scale),
      taxable: taxable.toFixed(scale),
      category: p.category,
      rate: p.rate,
      components,
      tax: tax.toFixed(scale),
      total: taxable.plus(tax).toFixed(scale),
    };
    if (p.input.hsn !== undefined) result.hsn = p.input.hsn;
    if (p.input.unit !== undefined) result.unit = p.input.unit;
    if (p.input.kind !== undefined) result.kind = p.input.kind;
    return result;
  });

  // 4. Component summaries with their taxable base; totals.
  // By rate (CGST 2.5, SGST 2.5, CGST 9, SGST 9...), with trailing components (cess) last.
  const trailing = (name: string): number => ((options.trailingComponents ?? []).includes(name) ? 1 : 0);
  summaries.sort((a, b) => trailing(a.name) - trailing(b.name) || a.rateDec.comparedTo(b.rateDec) || a.order - b.order || a.name.localeCompare(b.name));
  const components: TaxComponentSummary[] = summaries.map((s) => ({
    name: s.name,
    rate: s.rate,
    taxable: s.members.reduce((acc, li) => acc.plus(lines[li]!.taxable), new Dec(0)).toFixed(scale),
    amount: s.amount,
  }));
  const taxableTotal = lines.reduce((acc, l) => acc.plus(l.taxable), new Dec(0));
  const taxTotal = summaries.reduce((acc, s) => acc.plus(s.amountMinor), new Dec(0)).div(unit);
  const total = taxableTotal.plus(taxTotal);
  const grand = roundedTotal(total, options.roundOffPlaces);
  return {
    lines,
    components,
    totals: {
      taxable: taxableTotal.toFixed(scale),
      tax: taxTotal.toFixed(scale),
      total: total.toFixed(scale),
      roundOff: grand.minus(total).toFixed(scale),
      grandTotal: grand.toFixed(scale),
    },
  };
}

/**
 * The grand total: `total` half-up to `places` decimals, so the round-off stays within half a
 * unit (±0.50 for the rupee). A non-zero total that would round to zero keeps its exact value
 * (no round-off): ₹0.22 must not be invoiced as "₹0.00, Rupees Zero Only" (docs/TAX-RULES.md).
 */
export function roundedTotal(total: Dec, places: number | undefined): Dec {
  if (places === undefined) return total;
  const rounded = roundTo(total, places, 'halfUp');
  return rounded.isZero() && !total.isZero() ? total : rounded;
}

/** Dates already checked (a batch has a few hundred distinct ones). */
const checkedDates = new Set<string>();

/** YYYY-MM-DD, a real calendar date. */
export function checkDate(date: unknown): string {
  if (typeof date === 'string' && checkedDates.has(date)) return date;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw taxInput(`date: "${String(date)}" is not a date (YYYY-MM-DD)`, { field: 'date', value: date });
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw taxInput(`date: "${date}" is not a calendar date`, { field: 'date', value: date });
  }
  if (checkedDates.size >= 10_000) checkedDates.clear();
  checkedDates.add(date);
  return date;
}

/** Goods or services: as given, else services for a SAC (HSN/SAC starting with "99"), else goods. */
export function lineKind(line: Pick<TaxLineInput, 'kind' | 'hsn'>): 'goods' | 'services' {
  if (line.kind === 'goods' || line.kind === 'services') return line.kind;
  return typeof line.hsn === 'string' && line.hsn.trim().startsWith('99') ? 'services' : 'goods';
}

/** "lines" must be a non-empty array. */
export function checkLines(lines: unknown): TaxLineInput[] {
  if (!Array.isArray(lines) || lines.length === 0) throw taxInput('lines: at least one line is required', { field: 'lines' });
  lines.forEach((line, i) => {
    if (typeof line !== 'object' || line === null) throw taxInput(`lines[${i}]: not an object`, { line: i });
    const l = line as Record<string, unknown>;
    if (typeof l.description !== 'string') throw taxInput(`lines[${i}].description: required text`, { line: i, field: 'description' });
    if (l.rate === undefined || l.rate === null || l.rate === '') throw taxInput(`lines[${i}].rate: required`, { line: i, field: 'rate' });
    if (l.kind !== undefined && l.kind !== 'goods' && l.kind !== 'services') throw taxInput(`lines[${i}].kind: "${String(l.kind)}" is not goods or services`, { line: i, field: 'kind', value: l.kind });
  });
  return lines as TaxLineInput[];
}
