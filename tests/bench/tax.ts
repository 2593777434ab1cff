// `npm run bench -- tax [--invoices 50000] [--repeat 3]`
// The tax plugins alone (gst-in, vat-bh, none) on seeded random invoices shaped like the batch
// engine's (1-15 lines, catalogue-like prices, quantities with up to 3 decimals, some discounts,
// cess, inter-state supplies, a share of tax-inclusive prices and credit notes). Reports CPU ms per
// 1,000 invoices (computing only, best of --repeat passes) and the load average, and prints the SHA-256 of every
// result's JSON: two trees computing byte-identical results print the same digest.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { Random } from '../../src-main/engine/random.js';
import { gstIn } from '../../src-main/tax/gst-in/index.js';
import { noTax } from '../../src-main/tax/none/index.js';
import { vatBh } from '../../src-main/tax/vat-bh/index.js';
import type { TaxContext, TaxLineInput, TaxPlugin } from '../../src-shared/tax/plugin-api.js';

interface Case { plugin: TaxPlugin; context: TaxContext; lines: TaxLineInput[] }

function decimal(rng: Random, maxInt: number, decimals: number): string {
  const i = rng.int(0, maxInt);
  if (decimals === 0) return String(i);
  return `${i}.${String(rng.int(0, 10 ** decimals - 1)).padStart(decimals, '0')}`;
}

function makeCases(count: number, seed: string): Case[] {
  const rng = new Random(seed);
  const cases: Case[] = [];
  const states = ['27', '29', '04', '07', '38'];
  for (let n = 0; n < count; n++) {
    const which = rng.next();
    const inclusive = rng.chance(0.1);
    const credit = rng.chance(0.03);
    const lineCount = rng.int(1, 15);
    const lines: TaxLineInput[] = [];
    if (which < 0.6) {
      const supplier = rng.pick(states);
      const pos = rng.chance(0.3) ? rng.pick(states) : supplier;
      const date = rng.pick(['2025-06-15', '2026-01-15']);
      const rates = date < '2025-09-22' ? ['0', '3', '5', '5', '12', '18', '18', '18', '28', 'exempt', 'nil'] : ['0', '0.25', '3', '5', '5', '18', '18', '18', '28', '40', 'exempt', 'nil'];
      for (let l = 0; l < lineCount; l++) {
        const rate = rng.pick(rates);
        const q = rng.chance(0.8) ? String(rng.int(1, 20)) : decimal(rng, 20, 3);
        lines.push({
          description: rng.pick(['Shirt', 'Rice', 'Consulting', 'Gold ring', 'Cement', 'Bidi', 'Laptop']),
          hsn: rng.pick(['6205', '1006', '998311', '7113', '2523', '8471']),
          quantity: credit ? `-${q === '0' || /^0\.0*$/.test(q) ? '1' : q}` : q,
          unitPrice: rng.chance(0.7) ? decimal(rng, 20_000, 2) : decimal(rng, 999, 0),
          discount: rng.chance(0.15) ? decimal(rng, 5, 2) : '0',
          rate,
          cessRate: rate === '28' && (date < '2025-09-22' ? rng.chance(0.3) : true) ? '12' : '0',
          unit: 'pcs',
        });
      }
      cases.push({ plugin: gstIn, lines, context: { date, currency: 'INR', kind: credit ? 'credit_note' : 'tax_invoice', supplier: { state: supplier, country: 'IN', settings: { roundOffTotal: true } }, placeOfSupply: pos, supplyType: 'regular', pricesIncludeTax: inclusive } });
    } else if (which < 0.95) {
      for (let l = 0; l < lineCount; l++) {
        const q = rng.chance(0.8) ? String(rng.int(1, 20)) : decimal(rng, 20, 3);
        lines.push({
          description: rng.pick(['Bread', 'Phone', 'Service', 'Rent']),
          quantity: credit ? `-${q === '0' || /^0\.0*$/.test(q) ? '1' : q}` : q,
          unitPrice: decimal(rng, 2_000, 3),
          discount: rng.chance(0.1) ? decimal(rng, 1, 3) : '0',
          rate: rng.pick(['10', '10', '10', 'zero', 'exempt']),
        });
      }
      cases.push({ plugin: vatBh, lines, context: { date: '2026-01-15', currency: 'BHD', kind: credit ? 'credit_note' : 'tax_invoice', supplier: { country: 'BH', settings: {} }, supplyType: 'regular', pricesIncludeTax: inclusive } });
    } else {
      for (let l = 0; l < lineCount; l++) lines.push({ description: 'Item', quantity: String(rng.int(1, 9)), unitPrice: decimal(rng, 500, 2), rate: '0' });
      cases.push({ plugin: noTax, lines, context: { date: '2026-01-15', currency: 'INR', kind: 'cash_memo', supplier: { country: 'IN', settings: {} }, supplyType: 'regular', pricesIncludeTax: false } });
    }
  }
  return cases;
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const count = Number(option('--invoices') ?? 50_000);
  const repeat = Number(option('--repeat') ?? 3);
  const cases = makeCases(count, 'tax-bench');
  let digest = '';
  let failed = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < repeat; pass++) {
    // Timed: computing only. Hashing the results' JSON afterwards is not part of the figure.
    const results: unknown[] = new Array<unknown>(cases.length);
    const cpu = process.cpuUsage();
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      try {
        results[i] = c.plugin.compute(c.context, c.lines);
      } catch (error) {
        results[i] = `error:${(error as Error).message}`;
      }
    }
    const used = process.cpuUsage(cpu);
    passes.push((used.user + used.system) / 1000);
    const hash = createHash('sha256');
    failed = 0;
    for (const r of results) {
      if (typeof r === 'string') failed++;
      hash.update(typeof r === 'string' ? r : JSON.stringify(r));
    }
    digest = hash.digest('hex');
  }
  const best = Math.min(...passes);
  const load = loadavg()[0]!;
  console.log(`tax engine: ${count} invoices, CPU ms per pass ${passes.map((p) => p.toFixed(0)).join(', ')}; best ${(best / count * 1000).toFixed(1)} ms per 1,000 invoices (${(count / (best / 1000)).toFixed(0)}/CPU-s); ${failed} refused; load ${load.toFixed(2)}`);
  console.log(`results sha256 ${digest}`);
  console.log(JSON.stringify({ bench: 'tax', invoices: count, cpuMsPerPass: passes, bestMsPer1000: (best / count) * 1000, perCpuSecond: count / (best / 1000), refused: failed, loadAverage: load, sha256: digest }));
}

main();
