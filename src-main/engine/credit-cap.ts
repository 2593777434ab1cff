// What is left to credit on an invoice, and whether a credit note fits in it. Pure: it works on
// the tax results the plugin computed (the invoice's and each credit note's), so the UI action,
// the CLI and the batch engine's simulated credit notes apply one cap. The cap holds per line
// (quantity, taxable value, each tax component, line total) and for the grand total: the sum of
// all credit notes against an invoice never exceeds the invoice.
import { Dec, toMinorUnitsBig } from '../../src-shared/money/index.js';
import type { TaxResult } from '../../src-shared/tax/plugin-api.js';

/** Which line of the invoice a credit-note line credits, and how many units (null: by value). */
export interface CreditLineLink {
  /** 1-based line number of the invoice. */
  line: number;
  quantity: string | null;
}

export interface CapLine {
  line: number;
  quantity: Dec;
  taxable: bigint;
  total: bigint;
  components: Map<string, bigint>;
}

export interface CapState {
  currency: string;
  lines: Map<number, CapLine>;
  grandTotal: bigint;
}

export interface CapExcess {
  measure: 'quantity' | 'taxable' | 'component' | 'total' | 'grandTotal';
  /** 1-based invoice line, absent for the grand total. */
  line?: number;
  component?: string;
  /** What is left (minor units, or units for a quantity), and what the credit note asks for. */
  left: string;
  asked: string;
}

function componentsOf(components: Array<{ name: string; amount: string }>, currency: string): Map<string, bigint> {
  const map = new Map<string, bigint>();
  for (const c of components) map.set(c.name, (map.get(c.name) ?? 0n) + toMinorUnitsBig(c.amount, currency));
  return map;
}

/** The invoice as the cap sees it: each line's quantity and amounts, and its grand total. */
export function capOfInvoice(result: TaxResult): CapState {
  const lines = new Map<number, CapLine>();
  result.lines.forEach((l, i) => {
    lines.set(i + 1, { line: i + 1, quantity: new Dec(l.quantity), taxable: toMinorUnitsBig(l.taxable, result.currency), total: toMinorUnitsBig(l.total, result.currency), components: componentsOf(l.components, result.currency) });
  });
  return { currency: result.currency, lines, grandTotal: toMinorUnitsBig(result.totals.grandTotal, result.currency) };
}

/**
 * The links of a stored credit note. Notes written before links were recorded reversed their
 * invoice's lines in order (full reversal) or one line copied from it (simulated): each of their
 * lines is matched to the first unused invoice line with the same description, else the same
 * position.
 */
export function linksOf(note: TaxResult, recorded: unknown, invoice: TaxResult): CreditLineLink[] {
  if (Array.isArray(recorded) && recorded.length === note.lines.length && recorded.every((r) => typeof r === 'object' && r !== null && Number.isInteger((r as CreditLineLink).line))) {
    return recorded as CreditLineLink[];
  }
  const used = new Set<number>();
  return note.lines.map((l, i) => {
    let at = invoice.lines.findIndex((o, k) => !used.has(k) && o.description === l.description);
    if (at < 0) at = Math.min(i, invoice.lines.length - 1);
    used.add(at);
    return { line: at + 1, quantity: l.quantity };
  });
}

/** Subtracts one credit note (its tax result and line links) from what is left. */
export function subtractCredit(state: CapState, note: TaxResult, links: CreditLineLink[]): CapState {
  const lines = new Map<number, CapLine>();
  for (const [k, l] of state.lines) lines.set(k, { ...l, components: new Map(l.components) });
  note.lines.forEach((l, i) => {
    const link = links[i];
    const target = link ? lines.get(link.line) : undefined;
    if (!link || !target) return;
    if (link.quantity !== null) target.quantity = target.quantity.minus(link.quantity);
    target.taxable -= toMinorUnitsBig(l.taxable, note.currency);
    target.total -= toMinorUnitsBig(l.total, note.currency);
    for (const [name, amount] of componentsOf(l.components, note.currency)) target.components.set(name, (target.components.get(name) ?? 0n) - amount);
  });
  return { currency: state.currency, lines, grandTotal: state.grandTotal - toMinorUnitsBig(note.totals.grandTotal, note.currency) };
}

/** Everything in which `note` would exceed what is left; empty when it fits. */
export function capExcesses(left: CapState, note: TaxResult, links: CreditLineLink[]): CapExcess[] {
  const excesses: CapExcess[] = [];
  const asked = new Map<number, { quantity: Dec; taxable: bigint; total: bigint; components: Map<string, bigint> }>();
  note.lines.forEach((l, i) => {
    const link = links[i]!;
    const a = asked.get(link.line) ?? { quantity: new Dec(0), taxable: 0n, total: 0n, components: new Map<string, bigint>() };
    if (link.quantity !== null) a.quantity = a.quantity.plus(link.quantity);
    a.taxable += toMinorUnitsBig(l.taxable, note.currency);
    a.total += toMinorUnitsBig(l.total, note.currency);
    for (const [name, amount] of componentsOf(l.components, note.currency)) a.components.set(name, (a.components.get(name) ?? 0n) + amount);
    asked.set(link.line, a);
  });
  for (const [line, a] of asked) {
    const l = left.lines.get(line);
    if (!l) {
      excesses.push({ measure: 'quantity', line, left: '0', asked: a.quantity.toFixed() });
      continue;
    }
    if (a.quantity.gt(l.quantity)) excesses.push({ measure: 'quantity', line, left: l.quantity.toFixed(), asked: a.quantity.toFixed() });
    if (a.taxable > l.taxable) excesses.push({ measure: 'taxable', line, left: l.taxable.toString(), asked: a.taxable.toString() });
    for (const [name, amount] of a.components) {
      const have = l.components.get(name) ?? 0n;
      if (amount > have) excesses.push({ measure: 'component', line, component: name, left: have.toString(), asked: amount.toString() });
    }
    if (a.total > l.total) excesses.push({ measure: 'total', line, left: l.total.toString(), asked: a.total.toString() });
  }
  const grand = toMinorUnitsBig(note.totals.grandTotal, note.currency);
  if (grand > left.grandTotal) excesses.push({ measure: 'grandTotal', left: left.grandTotal.toString(), asked: grand.toString() });
  return excesses;
}

/** True when nothing at all is left to credit (no amount on any line and no grand total). */
export function nothingLeft(left: CapState): boolean {
  return left.grandTotal <= 0n || [...left.lines.values()].every((l) => l.total <= 0n && l.taxable <= 0n);
}

// ---- Building and fitting a credit note -------------------------------------------------------

/** A credit-note line to price: a TaxLineInput plus the invoice line it credits. */
export interface PlannedCreditLine {
  input: { description: string; hsn?: string; unit?: string; quantity: string; unitPrice: string; discount: string; rate: string; cessRate: string; productId?: string };
  link: CreditLineLink;
}

export type CreditRequest = { kind: 'rest' } | { kind: 'lines'; lines: Array<{ line: number; quantity: string }> } | { kind: 'value'; value: string };

export interface CreditPlan {
  lines: PlannedCreditLine[];
  /** Value credits are priced tax-inclusive: the amount asked is what the note totals. */
  pricesIncludeTax: boolean;
}

/** Why a request cannot be planned at all (bad line number, more units than left, too large a value). */
export class CreditRefusal extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

export function scaleOf(currency: string): number {
  return toMinorUnitsBig('1', currency).toString().length - 1;
}

export function minorText(minor: bigint, currency: string): string {
  const scale = scaleOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export function taxLineInput(invoice: TaxResult, index: number, productIds: Array<string | null | undefined>): PlannedCreditLine['input'] {
  const l = invoice.lines[index]!;
  return {
    description: l.description, ...(l.hsn !== undefined ? { hsn: l.hsn } : {}), ...(l.unit !== undefined ? { unit: l.unit } : {}),
    quantity: l.quantity, unitPrice: l.unitPrice, discount: '0',
    rate: l.category === 'standard' ? l.rate : l.category,
    cessRate: l.components.find((c) => c.name === 'CESS')?.rate ?? '0',
    ...(productIds[index] ? { productId: productIds[index]! } : {}),
  };
}

/** Line `line` (1-based) of `invoice` at quantity `q`, its discount prorated to the currency's scale. */
export function lineAtQuantity(invoice: TaxResult, line: number, q: Dec, productIds: Array<string | null | undefined>): PlannedCreditLine {
  const original = invoice.lines[line - 1]!;
  const scale = scaleOf(invoice.currency);
  const discount = new Dec(original.discount).times(q).div(original.quantity).toDecimalPlaces(scale, Dec.ROUND_HALF_UP);
  return { input: { ...taxLineInput(invoice, line - 1, productIds), quantity: q.toFixed(), discount: discount.toFixed(scale) }, link: { line, quantity: q.toFixed() } };
}

/**
 * `value` (minor units, tax included) spread over `open` lines in proportion to their totals:
 * each gets the floor of its share, the units still missing go one each to the largest
 * remainders (ties: the lower line number). So the shares add up to `value` exactly and, when
 * `value` is at most the lines' sum, no line gets more than its total. Each share becomes one
 * unit of that line at that price; lines whose share is 0 are left out.
 */
export function spreadValue(invoice: TaxResult, open: Array<{ line: number; total: bigint }>, value: bigint, productIds: Array<string | null | undefined>): PlannedCreditLine[] {
  const weight = open.reduce((sum, l) => sum + l.total, 0n);
  if (weight <= 0n) throw new Error('spreadValue: the lines have no positive total to spread over');
  const shares = open.map((l) => ({ l, share: (value * l.total) / weight, rest: (value * l.total) % weight }));
  let remainder = value - shares.reduce((sum, s) => sum + s.share, 0n);
  for (const s of [...shares].sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.l.line - b.l.line))) {
    if (remainder <= 0n) break;
    s.share += 1n;
    remainder -= 1n;
  }
  return shares.filter((s) => s.share > 0n).map(({ l, share }) => {
    const input = taxLineInput(invoice, l.line - 1, productIds);
    delete input.unit;
    return { input: { ...input, quantity: '1', unitPrice: minorText(share, invoice.currency), discount: '0' }, link: { line: l.line, quantity: null } };
  });
}

/**
 * The lines of a credit note for `request`: chosen lines and quantities (discount prorated), a
 * value spread over the lines in proportion to what is left of each, or "the rest" (every unit
 * left, or the value left once a note credited by value).
 */
export function planCredit(invoice: TaxResult, left: CapState, request: CreditRequest, priorLinks: CreditLineLink[][], productIds: Array<string | null | undefined> = []): CreditPlan {
  const currency = invoice.currency;
  if (request.kind === 'rest') {
    const byValue = priorLinks.some((links) => links.some((l) => l.quantity === null));
    if (byValue) return planCredit(invoice, left, { kind: 'value', value: minorText(left.grandTotal, currency) }, priorLinks, productIds);
    const lines = [...left.lines.values()].filter((l) => l.quantity.gt(0)).map((l) => ({ line: l.line, quantity: l.quantity.toFixed() }));
    return planCredit(invoice, left, { kind: 'lines', lines }, priorLinks, productIds);
  }
  if (request.kind === 'lines') {
    if (request.lines.length === 0) throw new CreditRefusal('lines: name at least one line and quantity to credit', 'lines');
    const seen = new Set<number>();
    const lines = request.lines.map(({ line, quantity }) => {
      const at = left.lines.get(line);
      if (!at || !invoice.lines[line - 1]) throw new CreditRefusal(`lines: the invoice has no line ${line} (it has ${invoice.lines.length})`, 'lines');
      if (seen.has(line)) throw new CreditRefusal(`lines: line ${line} is named twice`, 'lines');
      seen.add(line);
      let q: Dec;
      try {
        q = new Dec(quantity);
      } catch {
        throw new CreditRefusal(`lines: line ${line}: "${quantity}" is not a quantity`, 'lines');
      }
      if (!q.isFinite() || q.lte(0)) throw new CreditRefusal(`lines: line ${line}: the quantity to credit must be more than 0, got ${quantity}`, 'lines');
      const original = invoice.lines[line - 1]!;
      if (q.gt(at.quantity)) {
        throw new CreditRefusal(`lines: line ${line} (${original.description}): only ${at.quantity.toFixed()} of ${original.quantity}${original.unit ? ` ${original.unit}` : ''} are left to credit, asked ${q.toFixed()}`, 'lines');
      }
      return lineAtQuantity(invoice, line, q, productIds);
    });
    return { lines, pricesIncludeTax: false };
  }
  let value: bigint;
  try {
    value = toMinorUnitsBig(request.value, currency);
  } catch {
    throw new CreditRefusal(`value: "${request.value}" is not an amount in ${currency} (at most ${scaleOf(currency)} decimals)`, 'value');
  }
  if (value <= 0n) throw new CreditRefusal(`value: the amount to credit must be more than 0, got ${request.value}`, 'value');
  if (value > left.grandTotal) throw new CreditRefusal(`value: ${request.value} is more than what is left`, 'value');
  // Spread over the lines by what is left of each (largest remainder), so no line is over-credited.
  const open = [...left.lines.values()].filter((l) => l.total > 0n);
  if (open.length === 0) throw new CreditRefusal('value: nothing is left to credit on any line', 'value');
  return { lines: spreadValue(invoice, open, value, productIds), pricesIncludeTax: true };
}

/**
 * Prices a planned credit note with the regime's plugin (`compute`) and fits it into what is
 * left. A note that takes the last units of a line can come out a minor unit or two above what
 * is left of it (the invoice rounded each tax component once, the notes round theirs), and a
 * rounded grand total up to one currency unit above: such rounding excesses are taken off the
 * line as a discount and the note priced again, so the plugin computes every amount printed.
 * Any other excess is returned, not fitted.
 */
export function fitCredit(compute: (lines: PlannedCreditLine['input'][], pricesIncludeTax: boolean) => TaxResult, plan: CreditPlan, left: CapState, priorNotes: number): { result: TaxResult; plan: CreditPlan } | { excesses: CapExcess[] } {
  const currency = left.currency;
  const scale = scaleOf(currency);
  const unit = 10n ** BigInt(scale);
  const lineTolerance = BigInt(priorNotes + 2) * BigInt(plan.lines.length + 1);
  const grandTolerance = unit + lineTolerance;
  let current = plan.lines.map((l) => ({ input: { ...l.input }, link: l.link }));
  let first: CapExcess[] | undefined;
  for (let round = 0; round < 24; round++) {
    const result = compute(current.map((l) => l.input), plan.pricesIncludeTax);
    const excesses = capExcesses(left, result, current.map((l) => l.link));
    if (excesses.length === 0) return { result, plan: { lines: current, pricesIncludeTax: plan.pricesIncludeTax } };
    first ??= excesses;
    const fittable = excesses.every((e) => e.measure !== 'quantity' && BigInt(e.asked) - BigInt(e.left) <= (e.measure === 'grandTotal' ? grandTolerance : lineTolerance));
    if (!fittable) return { excesses: first };
    const raise = new Map<number, bigint>();
    const bump = (index: number, minor: bigint) => raise.set(index, (raise.get(index) ?? 0n) > minor ? raise.get(index)! : minor);
    for (const e of excesses) {
      const over = BigInt(e.asked) - BigInt(e.left);
      if (e.measure === 'grandTotal') {
        let best = 0;
        result.lines.forEach((l, k) => { if (new Dec(l.taxable).gt(result.lines[best]!.taxable)) best = k; });
        bump(best, ceilDiv(over * 100n, 100n + rateHundredths(result.lines[best]!.components) / 100n));
        continue;
      }
      current.forEach((l, k) => {
        if (l.link.line !== e.line) return;
        const rl = result.lines[k]!;
        if (e.measure === 'taxable') bump(k, over);
        else if (e.measure === 'total') bump(k, ceilDiv(over * 100n, 100n + rateHundredths(rl.components) / 100n));
        else {
          const rate = rateHundredths(rl.components.filter((c) => c.name === e.component));
          bump(k, rate > 0n ? ceilDiv(over * 10000n, rate) : over);
        }
      });
    }
    current = current.map((l, k) => {
      const add = raise.get(k);
      if (!add) return l;
      const discount = new Dec(l.input.discount).plus(new Dec(add.toString()).div(unit.toString()));
      return { ...l, input: { ...l.input, discount: discount.toFixed(scale) } };
    });
  }
  return { excesses: first ?? [] };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (q * b < a ? q + 1n : q) || 1n;
}

/** Sum of the components' rates in hundredths of a percent ("9" -> 900n). */
function rateHundredths(components: Array<{ rate: string }>): bigint {
  return components.reduce((sum, c) => sum + BigInt(new Dec(c.rate).times(100).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0)), 0n);
}

/** An amount of minor units as a decimal string of the currency. */
export function capMinorText(minor: bigint, currency: string): string {
  return minorText(minor, currency);
}
