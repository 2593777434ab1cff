// India GST (gst-in): CGST+SGST/UTGST within a state, IGST across states and for SEZ and
// exports; compensation cess as its own component; tax invoice, bill of supply, credit note.
// Rules and sources: docs/TAX-RULES.md A1-A9. The arithmetic lives in ../common/engine.ts.
import { amountInWords, Dec, minorToText, toMinorUnitsBig } from '../../../src-shared/money/index.js';
import { gstState } from '../../../src-shared/tax/gst-states.js';
import { validateGstin } from '../../../src-shared/tax/gstin.js';
import { TAX_PLUGIN_API_VERSION, type InvoiceKind, type LanguageCode, type LocalizedText, type SummaryTable, type TaxCategory, type TaxContext, type TaxLineInput, type TaxPlugin, type TaxResult } from '../../../src-shared/tax/plugin-api.js';
import { checkDate, checkLines, computeLines, lineDecimal, lineKind, linePlanCache, taxInput, type ComponentSpec, type EngineResult, type PlannedLine } from '../common/engine.js';
import { describeRates, gstRatesOn, legacy28WithCess, CESS_END_DATE, GST_REFORM_DATE } from './rates.js';

/** Aggregate annual turnover in the previous financial year: decides the HSN/SAC digits (N/N 78/2020-CT). */
export type TurnoverTier = 'up-to-5-crore' | 'above-5-crore';

export interface GstSettings {
  roundOffTotal: boolean;
  composition: boolean;
  exportsUnderLut: boolean;
  /** The LUT's ARN (or bond reference) printed with the export statement. */
  lutReference?: string;
  aggregateTurnover: TurnoverTier;
}

/** Digits of HSN/SAC required (N/N 78/2020-CT): 4 up to ₹5 crore (B2B only), 6 above (every tax invoice). */
export const HSN_DIGITS: Record<TurnoverTier, number> = { 'up-to-5-crore': 4, 'above-5-crore': 6 };

const settingsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  title: 'India GST',
  properties: {
    roundOffTotal: { type: 'boolean', title: 'Round the invoice total to the rupee ("Round off" line)', default: true },
    composition: { type: 'boolean', title: 'Composition taxable person (issues bills of supply, collects no tax)', default: false },
    exportsUnderLut: { type: 'boolean', title: 'Exports and SEZ supplies under bond or LUT (no IGST charged)', default: false },
    lutReference: { type: 'string', maxLength: 40, pattern: '^[A-Za-z0-9/ -]*$', title: 'LUT / bond reference (ARN), printed on export invoices' },
    invoiceCopies: {
      type: 'string',
      enum: ['original', 'duplicate', 'triplicate'],
      title: 'Copies of each invoice (CGST r.48(1)): original only; with the duplicate; or all three (goods: for transporter and supplier)',
      default: 'original',
    },
    invoiceCopiesLayout: {
      type: 'string',
      enum: ['one-pdf', 'one-per-copy'],
      title: 'How the copies are written: all in the invoice\'s one PDF (exported with it), or one PDF per copy beside it',
      default: 'one-pdf',
    },
    aggregateTurnover: {
      type: 'string',
      enum: ['up-to-5-crore', 'above-5-crore'],
      title: 'Aggregate turnover in the previous financial year (decides the HSN/SAC digits: 4 up to ₹5 crore, 6 above)',
      default: 'up-to-5-crore',
    },
  },
  additionalProperties: false,
} as const;

const defaultSettings: GstSettings = { roundOffTotal: true, composition: false, exportsUnderLut: false, aggregateTurnover: 'up-to-5-crore' };

const KEYWORDS: Record<string, TaxCategory> = { zero: 'zero', exempt: 'exempt', nil: 'nil', non_gst: 'non_gst' };

const NOTES = {
  composition: { en: 'COMPOSITION TAXABLE PERSON, NOT ELIGIBLE TO COLLECT TAX ON SUPPLIES', hi: 'कंपोज़िशन कर योग्य व्यक्ति, आपूर्ति पर कर वसूलने के पात्र नहीं' },
  reverseCharge: { en: 'Tax is payable on reverse charge basis', hi: 'कर रिवर्स चार्ज आधार पर देय है' },
  exportPaid: { en: 'SUPPLY MEANT FOR EXPORT ON PAYMENT OF INTEGRATED TAX' },
  exportLut: { en: 'SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX' },
  sezPaid: { en: 'SUPPLY TO SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS ON PAYMENT OF INTEGRATED TAX' },
  invoiceCumBill: { en: 'Invoice-cum-bill of supply', hi: 'बीजक-सह-आपूर्ति बिल' },
  sezLut: { en: 'SUPPLY TO SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX' },
} satisfies Record<string, LocalizedText>;

function settingsOf(context: TaxContext): GstSettings {
  const s = context.supplier.settings ?? {};
  const settings: GstSettings = {
    roundOffTotal: typeof s.roundOffTotal === 'boolean' ? s.roundOffTotal : defaultSettings.roundOffTotal,
    composition: s.composition === true,
    exportsUnderLut: s.exportsUnderLut === true,
    aggregateTurnover: s.aggregateTurnover === 'above-5-crore' ? 'above-5-crore' : 'up-to-5-crore',
  };
  if (typeof s.lutReference === 'string' && s.lutReference.trim() !== '') settings.lutReference = s.lutReference.trim();
  return settings;
}

function stateField(field: string, code: unknown, date: string): string {
  if (typeof code !== 'string' || code === '') throw taxInput(`${field}: a GST state code is required (e.g. "27" for Maharashtra)`, { field });
  const state = gstState(code);
  if (!state || state.special === 'centre_jurisdiction') throw taxInput(`${field}: "${code}" is not a GST state code (01-38, 96 Other Countries, 97 Other Territory)`, { field, value: code });
  if (state.validUntil && date > state.validUntil) throw taxInput(`${field}: state code ${state.code} is not valid on ${date}: ${state.note}`, { field, value: code });
  return state.code;
}

/** Which taxes apply: intra-state (CGST + SGST/UTGST) or IGST. docs/TAX-RULES.md A5. */
export function gstMode(context: Pick<TaxContext, 'supplyType' | 'placeOfSupply' | 'supplier'>): { mode: 'intra' | 'inter'; stateTax: 'SGST' | 'UTGST' } {
  const supplier = context.supplier.state ?? '';
  const pos = context.placeOfSupply ?? '';
  if (context.supplyType !== 'regular' || supplier !== pos) return { mode: 'inter', stateTax: 'SGST' };
  return { mode: 'intra', stateTax: gstState(pos)?.utWithoutLegislature ? 'UTGST' : 'SGST' };
}

type PlanContext = { date: string; mode: 'intra' | 'inter'; stateTax: string; settings: GstSettings; zeroRatedSupply: boolean };

const cachedPlan = linePlanCache();

function planLine(line: TaxLineInput, index: number, ctx: PlanContext): PlannedLine {
  const era = ctx.date >= CESS_END_DATE ? 2 : ctx.date >= GST_REFORM_DATE ? 1 : 0;
  // Everything the plan depends on: the rate and cess as given, which rate table and cess rule the
  // date falls under, and the invoice's mode and settings.
  const key = `${typeof line.rate}:${String(line.rate)}|${typeof line.cessRate}:${String(line.cessRate)}|${era}|${ctx.mode}|${ctx.stateTax}|${ctx.settings.composition}|${ctx.settings.exportsUnderLut}|${ctx.zeroRatedSupply}`;
  return cachedPlan(key, line, index, () => planLineUncached(line, index, ctx));
}

/** The line's cess rate, refused when negative or after compensation cess ended. */
function lineCess(line: TaxLineInput, index: number, ctx: PlanContext): Dec {
  const cess = lineDecimal(index, 'cessRate', line.cessRate, '0');
  if (cess.isNegative()) throw taxInput(`lines[${index}].cessRate: ${cess.toFixed()} is negative`, { line: index, field: 'cessRate' });
  if (!cess.isZero() && ctx.date >= CESS_END_DATE) {
    throw taxInput(`lines[${index}].cessRate: compensation cess ended on 1 Feb 2026; ${cess.toFixed()}% cannot apply on ${ctx.date}`, { line: index, field: 'cessRate', value: line.cessRate });
  }
  return cess;
}

/** The line's category and rate: a keyword ("exempt", "nil", "zero", …) or a GST rate valid on the date. */
function lineCategory(line: TaxLineInput, index: number, cess: Dec, ctx: PlanContext): { category: TaxCategory; rate: Dec } {
  const keyword = KEYWORDS[String(line.rate).trim().toLowerCase()];
  if (keyword) {
    if (keyword === 'zero' && !ctx.zeroRatedSupply) {
      throw taxInput(`lines[${index}].rate: "zero" (zero-rated) applies only to exports and SEZ supplies; use "nil" or "exempt" for a domestic supply`, { line: index, field: 'rate', value: line.rate });
    }
    return { category: keyword, rate: new Dec(0) };
  }
  const rate = lineDecimal(index, 'rate', line.rate);
  const allowed = gstRatesOn(ctx.date);
  const ok = allowed.some((r) => new Dec(r).eq(rate)) || (rate.eq(28) && !cess.isZero() && legacy28WithCess(ctx.date));
  if (!ok) {
    throw taxInput(`lines[${index}].rate: ${rate.toFixed()}% is not a GST rate on ${ctx.date} (${describeRates(ctx.date)})`, { line: index, field: 'rate', value: line.rate, allowed });
  }
  return { category: rate.isZero() ? 'nil' : 'standard', rate };
}

/** The tax components of a standard-rated line: CGST and SGST/UTGST within a state, IGST across; cess after. */
function standardComponents(rate: Dec, cess: Dec, ctx: PlanContext): ComponentSpec[] {
  const components: ComponentSpec[] = ctx.mode === 'intra' ? [{ name: 'CGST', rate: rate.div(2) }, { name: ctx.stateTax, rate: rate.div(2) }] : [{ name: 'IGST', rate }];
  if (!cess.isZero()) components.push({ name: 'CESS', rate: cess });
  return components;
}

function planLineUncached(line: TaxLineInput, index: number, ctx: PlanContext): PlannedLine {
  const cess = lineCess(line, index, ctx);
  const { category, rate } = lineCategory(line, index, cess, ctx);
  if (!cess.isZero() && category !== 'standard' && category !== 'zero') {
    throw taxInput(`lines[${index}].cessRate: cess cannot apply to a ${category.replace('_', '-')} line`, { line: index, field: 'cessRate' });
  }
  const printedRate = category === 'standard' ? rate.toFixed() : '0';
  // A composition dealer collects no tax (r.5(1)(f)); the line keeps its rate for the record.
  if (ctx.settings.composition) return { index, input: line, category, rate: printedRate, components: [] };
  if (category === 'standard' && ctx.zeroRatedSupply && ctx.settings.exportsUnderLut) {
    return { index, input: line, category: 'zero', rate: '0', components: [{ name: 'IGST', rate: new Dec(0) }] };
  }
  if (category === 'standard') return { index, input: line, category, rate: printedRate, components: standardComponents(rate, cess, ctx) };
  const components: ComponentSpec[] = category === 'zero' ? [{ name: 'IGST', rate: new Dec(0) }] : [];
  return { index, input: line, category, rate: printedRate, components };
}

/**
 * The HSN summary, with sums in paise as BigInt (exact at any size).
 *
 * `collectsTax` false (a bill of supply, or any document of a composition dealer): no tax
 * columns, since such a document may carry no tax lines (r.49, r.5(1)(f)); the value column is
 * "Value". A composition dealer's rows are per HSN and show no rate (a rate would read as tax
 * charged); a bill of supply of exempt, nil-rated or non-GST lines keeps that category.
 */
function hsnTable(result: Pick<TaxResult, 'lines'>, stateTax: string, collectsTax = true, composition = false): SummaryTable {
  const present = new Set<string>();
  for (const l of result.lines) for (const c of l.components) present.add(c.name);
  const names = collectsTax ? ['IGST', 'CGST', stateTax, 'CESS'].filter((n) => present.has(n)) : [];
  const money = collectsTax ? ['taxable', ...names, 'tax'] : ['taxable'];
  // The collators localeCompare would build on every call (same comparisons), made once.
  const sorted = [...hsnRows(result, names, composition).values()].sort((a, b) => DEFAULT_COLLATOR.compare(String(a.hsn), String(b.hsn)) || NUMERIC_EN_COLLATOR.compare(String(a.rate), String(b.rate)));
  const columns = hsnColumns(names, collectsTax, composition);
  const keys = new Set(columns.map((c) => c.key));
  const totals: Record<string, string> = { hsn: 'Total' };
  if (keys.has('rate')) totals.rate = '';
  for (const k of money) totals[k] = minorToText(sorted.reduce((acc, r) => acc + (r[k] as bigint), 0n), 2);
  return {
    id: 'hsn',
    title: { en: 'HSN/SAC summary', hi: 'एचएसएन/एसएसी सारांश' },
    columns,
    rows: sorted.map((r) => hsnRowText(r, names, keys.has('rate'), collectsTax)),
    totals,
  };
}

/** The HSN summary's rows (per code, category and rate; per code alone for a composition dealer), sums in paise. */
function hsnRows(result: Pick<TaxResult, 'lines'>, names: string[], composition: boolean): Map<string, Record<string, bigint | string>> {
  const rows = new Map<string, Record<string, bigint | string>>();
  for (const line of result.lines) {
    // A line without a code (allowed on B2C invoices up to ₹5 crore) is summed under a named row, never a blank one.
    const hsn = line.hsn?.trim() || WITHOUT_HSN;
    const key = composition ? hsn : `${hsn}|${line.category}|${line.rate}`;
    let row = rows.get(key);
    if (!row) {
      row = { hsn, rate: line.category === 'standard' || line.category === 'zero' ? line.rate : line.category, taxable: 0n, tax: 0n };
      for (const n of names) row[n] = 0n;
      rows.set(key, row);
    }
    row.taxable = (row.taxable as bigint) + paiseOf(line.taxable);
    row.tax = (row.tax as bigint) + paiseOf(line.tax);
    for (const c of line.components) if (names.includes(c.name)) row[c.name] = (row[c.name] as bigint) + paiseOf(c.amount);
  }
  return rows;
}

/**
 * One summary row as printed: the columns the table shows, in the row's own key order (hsn, rate,
 * taxable, tax, then the components), sums as rupees. Built key by key rather than by filtering
 * the row's entries (the same object, a third of the summary's cost on a batch).
 */
function hsnRowText(row: Record<string, bigint | string>, names: readonly string[], showsRate: boolean, collectsTax: boolean): Record<string, string> {
  const out: Record<string, string> = { hsn: String(row.hsn) };
  if (showsRate) out.rate = String(row.rate);
  out.taxable = minorToText(row.taxable as bigint, 2);
  if (!collectsTax) return out;
  out.tax = minorToText(row.tax as bigint, 2);
  for (const n of names) out[n] = minorToText(row[n] as bigint, 2);
  return out;
}

function hsnColumns(names: string[], collectsTax: boolean, composition: boolean): SummaryTable['columns'] {
  if (collectsTax) {
    return [
      { key: 'hsn', label: { en: 'HSN/SAC', hi: 'एचएसएन/एसएसी' } },
      { key: 'taxable', label: { en: 'Taxable value', hi: 'कर योग्य मूल्य' }, align: 'end' },
      { key: 'rate', label: { en: 'Rate %', hi: 'दर %' }, align: 'end' },
      ...names.map((n) => ({ key: n, label: { en: n === 'CESS' ? 'Cess' : n }, align: 'end' as const })),
      { key: 'tax', label: { en: 'Total tax', hi: 'कुल कर' }, align: 'end' },
    ];
  }
  return [
    { key: 'hsn', label: { en: 'HSN/SAC', hi: 'एचएसएन/एसएसी' } },
    { key: 'taxable', label: { en: 'Value', hi: 'मूल्य' }, align: 'end' },
    ...(composition ? [] : [{ key: 'rate', label: { en: 'Supply', hi: 'आपूर्ति' }, align: 'end' as const }]),
  ];
}

/** The HSN summary's row for lines without a code. */
export const WITHOUT_HSN = 'Without HSN/SAC';

const DEFAULT_COLLATOR = new Intl.Collator();
const NUMERIC_EN_COLLATOR = new Intl.Collator('en', { numeric: true });

/** An INR amount string of a tax result (scale 2) in paise. */
function paiseOf(amount: string): bigint {
  return toMinorUnitsBig(amount, 'INR');
}

const NON_TAXED: ReadonlySet<TaxCategory> = new Set(['exempt', 'nil', 'non_gst']);

/** CGST Act s.10(2)(c): a composition taxable person makes no inter-State outward supply of goods (exports included). */
function checkComposition(lines: TaxLineInput[], supplierState: string, placeOfSupply: string, supplyType: string): void {
  if (supplyType === 'regular' && supplierState === placeOfSupply) return;
  const at = lines.findIndex((line) => lineKind(line) === 'goods');
  if (at < 0) return;
  const state = (code: string) => `${code} ${gstState(code)?.name ?? ''}`.trim();
  const where = supplyType === 'export' ? 'an export' : supplyType === 'sez' ? 'a supply to an SEZ' : `an inter-State supply (supplier in ${state(supplierState)}, place of supply ${state(placeOfSupply)})`;
  throw taxInput(`lines[${at}]: a composition taxable person may not make ${where} of goods ("${lines[at]!.description}") (CGST Act s.10(2)(c)); invoice it from a regular registration or within the state`, { line: at, field: 'kind', rule: 'composition-inter-state-goods' });
}

/**
 * HSN/SAC digits by aggregate turnover (N/N 78/2020-CT): up to ₹5 crore at least 4 digits on
 * invoices to registered persons (B2C may omit it); above ₹5 crore at least 6 digits on every tax
 * invoice. Codes have at most 8 digits.
 */
function checkHsn(lines: TaxLineInput[], tier: TurnoverTier, b2b: boolean): void {
  const digits = HSN_DIGITS[tier];
  if (!b2b && tier === 'up-to-5-crore') return;
  const why = `${b2b ? 'an invoice to a registered person' : 'every invoice'} needs an HSN/SAC code of at least ${digits} digits (N/N 78/2020-CT, aggregate turnover ${tier === 'up-to-5-crore' ? 'up to ₹5 crore' : 'above ₹5 crore'})`;
  lines.forEach((line, i) => {
    const hsn = typeof line.hsn === 'string' ? line.hsn.trim() : '';
    if (hsn === '') throw taxInput(`lines[${i}].hsn: missing for "${line.description}": ${why}`, { line: i, field: 'hsn', rule: 'hsn-digits' });
    if (!/^[0-9]+$/.test(hsn) || hsn.length < digits || hsn.length > 8) {
      throw taxInput(`lines[${i}].hsn: "${hsn}" ${/^[0-9]+$/.test(hsn) ? `has ${hsn.length} digit${hsn.length === 1 ? '' : 's'}` : 'is not digits only'}: ${why}, at most 8`, { line: i, field: 'hsn', value: line.hsn, rule: 'hsn-digits' });
    }
  });
}

/** A tax invoice with exempt, nil-rated or non-GST lines: their value is kept out of "taxable" and shown apart. */
function splitNonTaxable(computed: EngineResult): EngineResult {
  let taxable = 0n;
  let nonTaxable = 0n;
  for (const line of computed.lines) {
    if (NON_TAXED.has(line.category)) nonTaxable += paiseOf(line.taxable);
    else taxable += paiseOf(line.taxable);
  }
  if (!computed.lines.some((l) => NON_TAXED.has(l.category))) return computed;
  const { tax, total, roundOff, grandTotal } = computed.totals;
  return { ...computed, totals: { taxable: minorToText(taxable, 2), nonTaxable: minorToText(nonTaxable, 2), tax, total, roundOff, grandTotal } };
}

/** The context's checked parts: date, lines, settings, supply type, the states and the kind asked for. */
function checkedContext(context: TaxContext, inputLines: TaxLineInput[]) {
  const date = checkDate(context.date);
  const lines = checkLines(inputLines);
  if (context.currency !== 'INR') throw taxInput(`currency: gst-in computes in INR, not "${context.currency}"`, { field: 'currency', value: context.currency });
  const settings = settingsOf(context);
  const supplyType = context.supplyType ?? 'regular';
  if (!['regular', 'sez', 'export'].includes(supplyType)) throw taxInput(`supplyType: "${String(supplyType)}" is not regular, sez or export`, { field: 'supplyType' });
  const supplierState = stateField('supplier.state', context.supplier.state, date);
  if (supplierState === '96') throw taxInput('supplier.state: 96 (Other Countries) is not a supplier state', { field: 'supplier.state' });
  const posInput = context.placeOfSupply ?? (supplyType === 'export' ? '96' : context.customer?.state);
  const placeOfSupply = stateField('placeOfSupply', posInput, date);
  if (supplyType === 'export' && placeOfSupply !== '96') throw taxInput(`placeOfSupply: an export's place of supply is 96 (Other Countries), not ${placeOfSupply}`, { field: 'placeOfSupply' });
  const requested = context.kind ?? 'tax_invoice';
  if (!gstIn.kinds.includes(requested)) throw taxInput(`kind: gst-in issues ${gstIn.kinds.join(', ')}, not ${requested}`, { field: 'kind', value: requested });
  return { date, lines, settings, supplyType, supplierState, placeOfSupply, requested };
}

function isNote(kind: InvoiceKind): boolean {
  return kind === 'credit_note' || kind === 'debit_note';
}

/** The document's kind: a credit or debit note stays one; otherwise a bill of supply unless some line is taxed. */
function documentKind(requested: InvoiceKind, composition: boolean, planned: PlannedLine[]): InvoiceKind {
  const taxedLines = planned.filter((p) => p.category === 'standard' || p.category === 'zero');
  if (isNote(requested)) return requested;
  const kind: InvoiceKind = composition || taxedLines.length === 0 ? 'bill_of_supply' : 'tax_invoice';
  if (requested === 'bill_of_supply' && kind === 'tax_invoice') {
    const first = taxedLines[0]!;
    throw taxInput(`lines[${first.index}].rate: a bill of supply carries only exempt, nil-rated or non-GST lines (or a composition dealer's); this line is taxed at ${first.rate}%`, { line: first.index, field: 'rate' });
  }
  return kind;
}

/** The notes the document must carry (composition, invoice-cum-bill, reverse charge, export and SEZ statements). */
function documentNotes(context: TaxContext, kind: InvoiceKind, settings: GstSettings, supplyType: string, planned: PlannedLine[]): { notes: LocalizedText[]; exported: TaxResult['export'] } {
  const notes: LocalizedText[] = [];
  if (settings.composition) notes.push(NOTES.composition);
  // r.46A: taxable and exempt supplies to an unregistered person on one document.
  if (kind === 'tax_invoice' && !context.customer?.taxId && planned.some((p) => ['exempt', 'nil', 'non_gst'].includes(p.category))) notes.push(NOTES.invoiceCumBill);
  if (context.reverseCharge) notes.push(NOTES.reverseCharge);
  let exported: TaxResult['export'];
  if (supplyType === 'export') {
    const lut = settings.exportsUnderLut ? settings.lutReference : undefined;
    const statement = settings.exportsUnderLut ? { ...NOTES.exportLut, en: lut ? `${NOTES.exportLut.en} (LUT ${lut})` : NOTES.exportLut.en } : NOTES.exportPaid;
    notes.push(statement);
    exported = lut ? { statement, lut } : { statement };
  }
  if (supplyType === 'sez') notes.push(settings.exportsUnderLut ? NOTES.sezLut : NOTES.sezPaid);
  return { notes, exported };
}

function compute(context: TaxContext, inputLines: TaxLineInput[]): TaxResult {
  const { date, lines, settings, supplyType, supplierState, placeOfSupply, requested } = checkedContext(context, inputLines);
  const { mode, stateTax } = gstMode({ supplyType, placeOfSupply, supplier: { ...context.supplier, state: supplierState } });
  const zeroRatedSupply = supplyType !== 'regular';
  // Credit and debit notes keep their invoice's codes and its (already checked) supply.
  if (!isNote(requested)) {
    if (settings.composition) checkComposition(lines, supplierState, placeOfSupply, supplyType);
    checkHsn(lines, settings.aggregateTurnover, supplyType !== 'export' && typeof context.customer?.taxId === 'string' && context.customer.taxId.trim() !== '');
  }

  const planned = lines.map((line, i) => planLine(line, i, { date, mode, stateTax, settings, zeroRatedSupply }));
  const kind = documentKind(requested, settings.composition, planned);

  const engine = computeLines({ ...context, supplyType, placeOfSupply, supplier: { ...context.supplier, state: supplierState } }, planned, {
    componentOrder: ['CGST', 'SGST', 'UTGST', 'IGST', 'CESS'],
    trailingComponents: ['CESS'],
    roundOffPlaces: settings.roundOffTotal ? 0 : undefined,
    allowNegative: kind === 'credit_note',
  });

  const computed = kind === 'tax_invoice' ? splitNonTaxable(engine) : engine;
  const { notes, exported } = documentNotes(context, kind, settings, supplyType, planned);

  const grand = computed.totals.grandTotal;
  return {
    regime: 'gst-in',
    currency: 'INR',
    kind,
    ...computed,
    summaryTables: [hsnTable(computed, stateTax, !settings.composition && kind !== 'bill_of_supply', settings.composition)],
    notes,
    amountInWords: { en: amountInWords(grand, 'INR', 'en'), hi: amountInWords(grand, 'INR', 'hi') },
    ...(exported ? { export: exported } : {}),
  };
}

export const gstIn: TaxPlugin = {
  apiVersion: TAX_PLUGIN_API_VERSION,
  id: 'gst-in',
  name: { en: 'India GST', ar: 'ضريبة السلع والخدمات الهندية', hi: 'भारत जीएसटी' },
  countries: ['IN'],
  currencies: ['INR'],
  settingsSchema: settingsSchema as unknown as Record<string, unknown>,
  defaultSettings: { ...defaultSettings },
  kinds: ['tax_invoice', 'bill_of_supply', 'credit_note', 'debit_note'],
  ratesOn: gstRatesOn,
  validateTaxId: validateGstin,
  invoiceNumberRules: {
    maxLength: 16,
    // Exactly what CGST Rule 46(b) allows (docs/TAX-RULES.md A2), no more.
    pattern: '^[A-Za-z0-9/-]{1,16}$',
    description: 'at most 16 characters: letters, digits, hyphen "-" and slash "/" (CGST Rule 46(b))',
    caseInsensitiveUnique: true,
  },
  compute,
  amountInWords(amount: string, currency: string, language: LanguageCode): string {
    return amountInWords(amount, currency, language === 'hi' ? 'hi' : 'en');
  },
};

export default gstIn;
