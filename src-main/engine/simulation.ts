// The simulated market: invoices drawn from a catalogue by a realism profile and a seed.
// Every invoice i is drawn from its own forked random stream, so the same seed and inputs give the
// same invoices however the batch is chunked, and dates are drawn first and sorted so numbers run
// in date order.
import { Dec, currencyScale, fromMinorUnits, roundTo } from '../../src-shared/money/index.js';
import type { SimulationConfig } from '../../src-shared/schemas/batch.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { ProductRow } from '../db/types.js';
import { cumulativeOf, Random, zipfWeights } from './random.js';
import type { CustomerSnapshot, InvoiceSpec, SpecLine } from './spec.js';
import { makeGstin, makeBahrainVatNumber } from './tax-ids.js';

const DAY_MS = 86_400_000;
const OTHER_STATES = ['29', '24', '33', '07', '09', '19', '36', '04', '32', '06', '23', '08'];
const IN_FIRST = ['Aarav', 'Vivaan', 'Aditi', 'Ishaan', 'Kavya', 'Rohan', 'Priya', 'Arjun', 'Sneha', 'Vikram', 'Neha', 'Rahul', 'Pooja', 'Siddharth', 'Anjali', 'Manoj'];
const IN_LAST = ['Sharma', 'Patil', 'Iyer', 'Reddy', 'Deshmukh', 'Nair', 'Gupta', 'Kulkarni', 'Menon', 'Joshi', 'Bose', 'Chopra', 'Rao', 'Shah'];
const IN_FIRM = ['Shree', 'Sai', 'Om', 'Ganga', 'Laxmi', 'Sunrise', 'Deccan', 'Coastal', 'Everest', 'Royal', 'Heritage', 'Metro'];
const IN_TRADE = ['Textiles', 'Garments', 'Fabrics', 'Traders', 'Enterprises', 'Exports', 'Retail', 'Fashions', 'Handicrafts', 'Stores'];
const IN_SUFFIX = ['Pvt Ltd', 'LLP', '& Co.', 'Industries', ''];
const AR_FIRST = ['Ahmed', 'Fatima', 'Yousif', 'Maryam', 'Ali', 'Noora', 'Hassan', 'Layla', 'Khalid', 'Aisha', 'Omar', 'Zainab'];
const AR_LAST = ['Al-Sayed', 'Al-Khalifa', 'Haji', 'Al-Mahmood', 'Janahi', 'Kanoo', 'Al-Aali', 'Fakhro', 'Zayani', 'Al-Moayyed'];
const BH_FIRM = ['Gulf', 'Pearl', 'Dilmun', 'Seef', 'Marina', 'Oasis', 'Falcon', 'Crescent', 'Juffair', 'Riffa'];
const BH_TRADE = ['Trading', 'Catering', 'Hospitality', 'Supplies', 'Contracting', 'Foods', 'Services'];
const CITIES_BH = ['Manama', 'Muharraq', 'Riffa', 'Isa Town', 'Hamad Town', 'Sitra', 'Budaiya'];
const CITIES_IN: Record<string, string> = { '27': 'Pune', '29': 'Bengaluru', '24': 'Ahmedabad', '33': 'Chennai', '07': 'New Delhi', '09': 'Lucknow', '19': 'Kolkata', '36': 'Hyderabad', '04': 'Chandigarh', '32': 'Kochi', '06': 'Gurugram', '23': 'Indore', '08': 'Jaipur' };
// The first three digits of each city's PIN codes, so a simulated address passes the IRP's
// PIN-against-state check (a Chennai address with a Rajasthan PIN would be refused there).
const PIN_PREFIX_IN: Record<string, string> = { Pune: '411', Bengaluru: '560', Ahmedabad: '380', Chennai: '600', 'New Delhi': '110', Lucknow: '226', Kolkata: '700', Hyderabad: '500', Chandigarh: '160', Kochi: '682', Gurugram: '122', Indore: '452', Jaipur: '302', Mumbai: '400' };
/** Relative sales by weekday, Sunday first (shops open, offices closed). */
const WEEKDAY_WEIGHTS = [0.45, 1, 1, 1.05, 1.1, 1.25, 1.35];
/** Relative sales by month for the advanced profile: festive peaks (Diwali Oct–Nov; Dec in the Gulf). */
const SEASON_IN = [0.9, 0.85, 1, 0.95, 0.8, 0.75, 0.8, 0.95, 1.1, 1.45, 1.6, 1.1];
const SEASON_BH = [1, 0.95, 1.1, 1.2, 0.9, 0.8, 0.75, 0.8, 0.95, 1, 1.15, 1.5];
/** Business hours and their weights, 10:00 to 20:00. */
const HOURS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const HOUR_WEIGHTS = cumulativeOf([0.6, 0.9, 1.1, 0.8, 0.7, 0.8, 1, 1.2, 1.4, 1.3, 0.7]);

export interface SimulationPlan {
  total: number;
  resolvedConfig: SimulationConfig & { startDate: string; endDate: string };
  /** The i-th invoice spec, in date order. */
  spec(index: number): InvoiceSpec;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function resolveDates(config: SimulationConfig, today: string): { startDate: string; endDate: string } {
  const endDate = config.endDate ?? today;
  const startDate = config.startDate ?? isoDay(Date.parse(endDate) - 89 * DAY_MS);
  return { startDate, endDate };
}

function drawDates(config: SimulationConfig, business: Business, startDate: string, endDate: string, rng: Random): string[] {
  const start = Date.parse(startDate);
  const days = Math.max(1, Math.round((Date.parse(endDate) - start) / DAY_MS) + 1);
  const season = business.countryCode === 'BH' ? SEASON_BH : SEASON_IN;
  const weights = Array.from({ length: days }, (_, d) => {
    const date = new Date(start + d * DAY_MS);
    if (config.profile === 'basic') return 1;
    const w = WEEKDAY_WEIGHTS[date.getUTCDay()]!;
    return config.profile === 'advanced' ? w * season[date.getUTCMonth()]! : w;
  });
  const cumulative = cumulativeOf(weights);
  const dates = Array.from({ length: config.count }, () => isoDay(start + rng.weighted(cumulative) * DAY_MS));
  return dates.sort();
}

/** A Bahraini customer: a W.L.L. with a VAT number (B2B) or a person. */
function bahrainCustomer(b2b: boolean, rng: Random): CustomerSnapshot {
  const name = b2b ? `${rng.pick(BH_FIRM)} ${rng.pick(BH_TRADE)} W.L.L.` : `${rng.pick(AR_FIRST)} ${rng.pick(AR_LAST)}`;
  return { name, countryCode: 'BH', taxId: b2b ? makeBahrainVatNumber(rng) : null, address: `Building ${rng.int(1, 3999)}, Road ${rng.int(1, 5999)}\nBlock ${rng.int(101, 999)}, ${rng.pick(CITIES_BH)}` };
}

/** An Indian customer: a firm with a GSTIN (B2B) or a person, in the business's state or (GST, by share) another. */
function indianCustomer(business: Business, b2b: boolean, interStateShare: number, rng: Random): CustomerSnapshot {
  const home = business.stateCode ?? '27';
  const state = business.taxRegime === 'gst-in' && rng.chance(interStateShare) ? rng.pick(OTHER_STATES.filter((s) => s !== home)) : home;
  const name = b2b ? `${rng.pick(IN_FIRM)} ${rng.pick(IN_TRADE)} ${rng.pick(IN_SUFFIX)}`.trim() : `${rng.pick(IN_FIRST)} ${rng.pick(IN_LAST)}`;
  const city = CITIES_IN[state] ?? 'Mumbai';
  return { name, countryCode: 'IN', stateCode: state, taxId: b2b ? makeGstin(state, rng) : null, address: `${rng.int(1, 250)}, ${rng.pick(['MG Road', 'Station Road', 'Market Yard', 'Ring Road', 'Industrial Estate'])}\n${city} ${pinFor(city, rng)}` };
}

function makeCustomerPool(config: SimulationConfig, business: Business, rng: Random): CustomerSnapshot[] {
  const size = Math.min(2000, Math.max(12, Math.ceil(config.count / 8)));
  const b2bShare = config.b2bShare ?? 0.4;
  const interStateShare = config.interStateShare ?? 0.3;
  const pool: CustomerSnapshot[] = [];
  const seen = new Set<string>();
  for (let i = 0; pool.length < size && i < size * 5; i++) {
    const b2b = business.taxRegime !== 'none' && rng.chance(b2bShare);
    const customer = business.countryCode === 'BH' ? bahrainCustomer(b2b, rng) : indianCustomer(business, b2b, interStateShare, rng);
    if (seen.has(customer.name)) continue;
    seen.add(customer.name);
    pool.push(customer);
  }
  return pool;
}

/** Two draws as before (seeded runs keep their sequence); the first is replaced by the city's prefix. */
function pinFor(city: string, rng: Random): string {
  const drawn = rng.int(100, 999);
  return `${PIN_PREFIX_IN[city] ?? String(drawn)}${String(rng.int(0, 999)).padStart(3, '0')}`;
}

function quantityFor(product: ProductRow, b2b: boolean, rng: Random, profile: SimulationConfig['profile']): string {
  if (profile === 'basic') return String(rng.int(1, 5));
  const unit = (product.unit ?? '').toUpperCase();
  if (product.kind === 'services' || unit === 'NOS' || unit === 'HR') return String(unit === 'HR' ? rng.int(2, 12) : 1);
  if (['MTR', 'KGS', 'KG', 'LTR', 'L'].includes(unit)) return new Dec(rng.int(2, b2b ? 120 : 12)).div(2).toString();
  return String(b2b ? rng.int(5, 60) : rng.chance(0.7) ? 1 : rng.int(2, 4));
}

function rateOf(product: ProductRow, regime: string): string {
  if (regime === 'none') return '0';
  return product.tax_category === 'standard' ? product.tax_rate : product.tax_category;
}

export function planSimulation(config: SimulationConfig, business: Business, products: ProductRow[], today: string): SimulationPlan {
  if (products.length === 0) throw new Error('the business has no products to simulate sales from; import a catalogue first');
  const root = new Random(`ledgerflow-sim:${config.seed}`);
  const { startDate, endDate } = resolveDates(config, today);
  const dates = drawDates(config, business, startDate, endDate, root.fork('dates'));
  const pool = makeCustomerPool(config, business, root.fork('customers'));
  const catalogue = config.profile === 'basic' ? products : shuffled(products, root.fork('popularity'));
  const productWeights = cumulativeOf(config.profile === 'basic' ? products.map(() => 1) : zipfWeights(catalogue.length, 1.1));
  const customerWeights = cumulativeOf(config.profile === 'basic' ? pool.map(() => 1) : zipfWeights(pool.length, 0.8));
  const maxLines = config.maxLines ?? 15;
  const lineDraw: LineDraw = { config, business, catalogue, productWeights, scale: currencyScale(business.currency) };

  const spec = (index: number): InvoiceSpec => {
    const rng = root.fork(`invoice:${index}`);
    const customer = pool[rng.weighted(customerWeights)]!;
    const b2b = Boolean(customer.taxId);
    if (config.profile === 'advanced' && index >= 5 && rng.chance(config.creditNoteShare ?? 0.03)) {
      return { sourceRef: `simulated #${index + 1}`, documentKind: 'credit_note', date: dates[index]!, customer, createCustomer: true, supplyType: 'regular', lines: [], creditNoteOfEarlier: true, creditReason: rng.pick(['Goods returned', 'Rate difference', 'Damaged in transit']), metadata: { simulated: true, index, seedStream: `invoice:${index}` } };
    }
    const lineCount = config.profile === 'basic' ? rng.int(1, maxLines) : Math.min(maxLines, 1 + Math.floor(-Math.log(1 - rng.next()) * (b2b ? 4 : 2)));
    const lines = drawLines(lineDraw, lineCount, b2b, rng);
    const hour = config.profile === 'basic' ? undefined : HOURS[rng.weighted(HOUR_WEIGHTS)];
    return {
      sourceRef: `simulated #${index + 1}`,
      documentKind: 'invoice',
      date: dates[index]!,
      customer,
      createCustomer: true,
      supplyType: 'regular',
      placeOfSupply: business.taxRegime === 'gst-in' ? (customer.stateCode ?? business.stateCode ?? undefined) : undefined,
      lines,
      metadata: { simulated: true, index, b2b, time: hour === undefined ? undefined : `${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}` },
    };
  };
  return { total: dates.length, resolvedConfig: { ...config, startDate, endDate }, spec };
}

/** What drawing an invoice's lines needs: the catalogue in popularity order and its weights. */
interface LineDraw {
  config: SimulationConfig;
  business: Business;
  catalogue: ProductRow[];
  productWeights: readonly number[];
  scale: number;
}

/** A discount on some advanced-profile lines: 5, 10 or 15 % of the line, rounded half up. */
function discountFor(draw: LineDraw, quantity: string, unitPrice: string, rng: Random): string {
  if (draw.config.profile !== 'advanced' || !rng.chance(0.15)) return '0';
  const percent = rng.pick([5, 10, 15]);
  return roundTo(new Dec(quantity).mul(unitPrice).mul(percent).div(100), draw.scale, 'halfUp').toFixed(draw.scale);
}

/** Up to `lineCount` lines of distinct products, popular ones more often. */
function drawLines(draw: LineDraw, lineCount: number, b2b: boolean, rng: Random): SpecLine[] {
  const { catalogue, productWeights, business } = draw;
  const chosen = new Set<number>();
  const lines: SpecLine[] = [];
  for (let l = 0; l < lineCount && chosen.size < catalogue.length; l++) {
    let pick = rng.weighted(productWeights);
    for (let guard = 0; chosen.has(pick) && guard < 20; guard++) pick = rng.weighted(productWeights);
    if (chosen.has(pick)) continue;
    chosen.add(pick);
    const product = catalogue[pick]!;
    const quantity = quantityFor(product, b2b, rng, draw.config.profile);
    const unitPrice = fromMinorUnits(product.price_minor, business.currency);
    const discount = discountFor(draw, quantity, unitPrice, rng);
    lines.push({ productId: product.id, description: product.name, hsn: product.hsn ?? undefined, unit: product.unit ?? undefined, quantity, unitPrice, discount, rate: rateOf(product, business.taxRegime), cessRate: product.cess_rate });
  }
  return lines;
}

function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
