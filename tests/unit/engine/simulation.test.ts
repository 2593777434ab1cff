import { describe, expect, it } from 'vitest';
import { planSimulation } from '../../../src-main/engine/simulation.js';
import { Random } from '../../../src-main/engine/random.js';
import { makeGstin, gstinCheckCharacter } from '../../../src-main/engine/tax-ids.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';
import type { ProductRow } from '../../../src-main/db/types.js';
import type { Business } from '../../../src-shared/schemas/business.js';

const business: Business = {
  id: 'b1', name: 'Sim Traders', legalName: null, address: 'Pune', city: null, postalCode: null, stateCode: '27', countryCode: 'IN', taxRegime: 'gst-in',
  taxId: '27AAPFU0939F1ZV', currency: 'INR', fiscalYearStartMonth: 4, email: null, phone: null, logo: null, signature: null, signatoryName: null,
  taxSettings: {}, sandbox: true, specimenMark: true, createdAt: '2026-01-01T00:00:00Z',
};

const products: ProductRow[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`, business_id: 'b1', sku: `SKU-${String(i).padStart(2, '0')}`, name: `Product ${i}`, name_key: `product ${i}`, description: null, hsn: '6205',
  unit: i % 3 === 0 ? 'MTR' : 'PCS', kind: 'goods', price_minor: BigInt(10000 + i * 100), currency: 'INR', tax_rate: i % 2 ? '5' : '18', tax_category: 'standard',
  cess_rate: '0', created_at: '', updated_at: '',
}));

const base = { source: 'simulation' as const, businessId: 'b1', seed: 's', startDate: '2026-04-01', endDate: '2026-09-30' };

function topShare(profile: 'basic' | 'realistic', count = 2000): number {
  const plan = planSimulation({ ...base, count, profile }, business, products, '2026-10-01');
  const counts = new Map<string, number>();
  let lines = 0;
  for (let i = 0; i < plan.total; i++) for (const line of plan.spec(i).lines) { counts.set(line.productId!, (counts.get(line.productId!) ?? 0) + 1); lines++; }
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, 3).reduce((a, b) => a + b, 0);
  return top / lines;
}

describe('the simulated market', () => {
  it('makes GSTINs whose check digit validates', () => {
    const rng = new Random('gstin');
    for (let i = 0; i < 200; i++) {
      const gstin = makeGstin('29', rng);
      expect(gstIn.validateTaxId(gstin)).toEqual(expect.objectContaining({ valid: true }));
    }
    expect(gstinCheckCharacter('27AAPFU0939F1Z')).toBe('V');
  });

  it('draws a long tail of popular products in the realistic profile, uniform picks in basic', () => {
    const uniform = topShare('basic');
    const longTail = topShare('realistic');
    expect(uniform).toBeLessThan(0.16); // 3 of 30 products ≈ 10%
    expect(longTail).toBeGreaterThan(0.3);
  });

  it('sells less on Sundays than on Saturdays in the realistic profile', () => {
    const plan = planSimulation({ ...base, count: 3000, profile: 'realistic' }, business, products, '2026-10-01');
    const byDay = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < plan.total; i++) byDay[new Date(plan.spec(i).date + 'T00:00:00Z').getUTCDay()]!++;
    expect(byDay[0]!).toBeLessThan(byDay[6]! * 0.6);
  });

  it('mixes B2B customers with valid GSTINs and inter-state customers at about the configured shares', () => {
    const plan = planSimulation({ ...base, count: 1000, profile: 'realistic', b2bShare: 0.5, interStateShare: 0.3 }, business, products, '2026-10-01');
    const customers = new Map<string, { taxId?: string | null; stateCode?: string | null }>();
    for (let i = 0; i < plan.total; i++) customers.set(plan.spec(i).customer.name, plan.spec(i).customer);
    const all = [...customers.values()];
    const b2b = all.filter((c) => c.taxId);
    expect(b2b.length / all.length).toBeGreaterThan(0.3);
    expect(b2b.length / all.length).toBeLessThan(0.7);
    for (const c of b2b) expect(c.taxId!.slice(0, 2)).toBe(c.stateCode);
    const inter = all.filter((c) => c.stateCode !== '27').length / all.length;
    expect(inter).toBeGreaterThan(0.15);
    expect(inter).toBeLessThan(0.45);
  });

  it('gives every Indian address a PIN code of its own state (the IRP checks PIN against state)', () => {
    // First digits of PIN codes by GST state code (India Post's postal circles).
    const pinStartsByState: Record<string, string[]> = { '27': ['4'], '29': ['56', '57', '58', '59'], '24': ['36', '37', '38', '39'], '33': ['6'], '07': ['11'], '09': ['20', '21', '22', '23', '24', '25', '26', '27', '28'], '19': ['7'], '36': ['50'], '04': ['16'], '32': ['67', '68', '69'], '06': ['12', '13'], '23': ['45', '46', '47', '48'], '08': ['30', '31', '32', '33', '34'] };
    const plan = planSimulation({ ...base, count: 1000, profile: 'realistic', b2bShare: 0.5, interStateShare: 0.5 }, business, products, '2026-10-01');
    let checked = 0;
    for (let i = 0; i < plan.total; i++) {
      const { address, stateCode } = plan.spec(i).customer;
      const pin = /(\d{6})$/.exec(address ?? '')?.[1];
      const starts = pinStartsByState[stateCode ?? ''];
      expect(pin, address ?? '').toBeDefined();
      if (!starts) continue;
      expect(starts.some((prefix) => pin!.startsWith(prefix)), `${address} in state ${stateCode}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('keeps dates inside the range and in order, and is reproducible per seed', () => {
    const a = planSimulation({ ...base, count: 300, profile: 'advanced' }, business, products, '2026-10-01');
    const b = planSimulation({ ...base, count: 300, profile: 'advanced' }, business, products, '2026-10-01');
    const c = planSimulation({ ...base, count: 300, profile: 'advanced', seed: 'other' }, business, products, '2026-10-01');
    const dates = Array.from({ length: a.total }, (_, i) => a.spec(i).date);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]! >= '2026-04-01' && dates.at(-1)! <= '2026-09-30').toBe(true);
    expect(Array.from({ length: 300 }, (_, i) => b.spec(i))).toEqual(Array.from({ length: 300 }, (_, i) => a.spec(i)));
    expect(Array.from({ length: 300 }, (_, i) => c.spec(i))).not.toEqual(Array.from({ length: 300 }, (_, i) => a.spec(i)));
  });

  it('adds discounts and credit notes only in the advanced profile', () => {
    const count = 1000;
    const adv = planSimulation({ ...base, count, profile: 'advanced', creditNoteShare: 0.05 }, business, products, '2026-10-01');
    const real = planSimulation({ ...base, count, profile: 'realistic' }, business, products, '2026-10-01');
    const stats = (plan: typeof adv) => {
      let credit = 0, discounted = 0;
      for (let i = 0; i < count; i++) {
        const s = plan.spec(i);
        if (s.documentKind === 'credit_note') credit++;
        if (s.lines.some((l) => l.discount && l.discount !== '0')) discounted++;
      }
      return { credit, discounted };
    };
    expect(stats(real)).toEqual({ credit: 0, discounted: 0 });
    const a = stats(adv);
    expect(a.credit).toBeGreaterThan(20);
    expect(a.discounted).toBeGreaterThan(50);
  });
});
