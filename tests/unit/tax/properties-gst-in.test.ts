// Properties of gst-in over random invoices (10,000 each), stated as sentences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src-shared/money/index.js';
import { gstIn } from '../../../src-main/tax/gst-in/index.js';
import { canonical, checkAddsUp, gstContext, gstInvoice, PROPERTY_TIMEOUT, RUNS } from './invoice-arbitraries.js';

describe('gst-in over 10,000 random invoices', () => {
  it('CGST always equals SGST (or UTGST), per rate and per line', () => {
    fc.assert(fc.property(gstInvoice, (inv) => {
      const r = gstIn.compute(gstContext(inv), inv.lines);
      for (const c of r.components.filter((x) => x.name === 'CGST')) {
        const other = r.components.find((x) => (x.name === 'SGST' || x.name === 'UTGST') && x.rate === c.rate);
        expect(other?.amount).toBe(c.amount);
      }
      for (const line of r.lines) {
        const cgst = line.components.find((x) => x.name === 'CGST');
        const sgst = line.components.find((x) => x.name === 'SGST' || x.name === 'UTGST');
        expect(sgst?.amount).toBe(cgst?.amount);
      }
    }), RUNS);
  }, PROPERTY_TIMEOUT);

  it('components add up to the tax, and lines add up to the totals', () => {
    fc.assert(fc.property(gstInvoice, (inv) => checkAddsUp(gstIn.compute(gstContext(inv), inv.lines))), RUNS);
  }, PROPERTY_TIMEOUT);

  it('the result does not depend on the order of the lines', () => {
    fc.assert(fc.property(gstInvoice.chain((inv) => fc.shuffledSubarray(inv.lines.map((_, i) => i), { minLength: inv.lines.length, maxLength: inv.lines.length }).map((order) => ({ inv, order }))), ({ inv, order }) => {
      const a = gstIn.compute(gstContext(inv), inv.lines);
      const b = gstIn.compute(gstContext(inv), order.map((i) => inv.lines[i]!));
      expect(canonical(b)).toEqual(canonical(a));
    }), RUNS);
  }, PROPERTY_TIMEOUT);

  it('exclusive -> inclusive -> exclusive round-trips within one paisa', () => {
    fc.assert(fc.property(gstInvoice, (inv) => {
      const ctx = gstContext({ ...inv, pricesIncludeTax: false });
      const exclusive = gstIn.compute(ctx, inv.lines);
      const asInclusive = inv.lines.map((l, i) => ({ ...l, quantity: '1', unitPrice: exclusive.lines[i]!.total, discount: '0' }));
      const back = gstIn.compute({ ...ctx, pricesIncludeTax: true }, asInclusive);
      expect(new Dec(back.totals.taxable).minus(exclusive.totals.taxable).abs().lte('0.01')).toBe(true);
      back.lines.forEach((line, i) => expect(new Dec(line.taxable).minus(exclusive.lines[i]!.taxable).abs().lte('0.01')).toBe(true));
      expect(back.totals.total).toBe(exclusive.totals.total);
    }), RUNS);
  }, PROPERTY_TIMEOUT);
});
