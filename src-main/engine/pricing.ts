// Pricing a chunk of specs with the regime's plugin, apart from the writes (pure but for the
// invoice ids). Sequential state (the recent invoices a simulated credit note may correct, and the
// seeded stream choosing among them) lives in a PricingState and advances chunk by chunk, in order.
import { toAppError } from '../../src-shared/errors.js';
import { Dec } from '../../src-shared/money/index.js';
import type { Business } from '../../src-shared/schemas/business.js';
import type { TaxContext, TaxPlugin, TaxResult } from '../../src-shared/tax/plugin-api.js';
import { capOfInvoice, fitCredit, planCredit, subtractCredit, type CapState, type CreditLineLink } from './credit-cap.js';
import { newRowId } from './fast-ids.js';
import type { FailedItem, PricedInvoice } from './persist.js';
import { Random } from './random.js';
import type { InvoiceSpec, SpecOrFailure } from './spec.js';

/** The kind an invoice asks the plugin for; the plugin may settle on another (bill of supply, simplified). */
export function requestedKind(plugin: TaxPlugin, spec: InvoiceSpec): TaxContext['kind'] {
  if (spec.documentKind === 'credit_note' || spec.documentKind === 'debit_note') return spec.documentKind;
  return plugin.kinds.includes('tax_invoice') ? 'tax_invoice' : plugin.kinds[0]!;
}

export function taxContextFor(business: Business, plugin: TaxPlugin, spec: InvoiceSpec): TaxContext {
  return {
    date: spec.date,
    currency: business.currency,
    kind: requestedKind(plugin, spec),
    supplier: { state: business.stateCode ?? undefined, country: business.countryCode, taxId: business.taxId, settings: business.taxSettings },
    customer: { taxId: spec.customer.taxId ?? null, state: spec.customer.stateCode ?? undefined, country: spec.customer.countryCode ?? undefined },
    placeOfSupply: spec.placeOfSupply,
    supplyType: spec.supplyType,
    pricesIncludeTax: false,
  };
}

/** A simulated credit note: part of one line of a recent invoice of this batch, same customer. */
interface CreditCandidate {
  invoiceId: string;
  spec: InvoiceSpec;
  result: TaxResult;
  /** What is left to credit after the simulated credit notes issued against it so far. */
  left: CapState;
  links: CreditLineLink[][];
}

export interface PricingState {
  business: Business;
  plugin: TaxPlugin;
  recent: CreditCandidate[];
  creditRng: Random;
}

export function newPricingState(business: Business, plugin: TaxPlugin, creditSeed: string): PricingState {
  return { business, plugin, recent: [], creditRng: new Random(`credit-notes:${creditSeed}`) };
}

export interface PricedChunk {
  priced: PricedInvoice[];
  failedItems: FailedItem[];
}

/** Prices items [from, to) in order. */
export function priceChunk(state: PricingState, itemAt: (index: number) => { position: number; item: SpecOrFailure }, from: number, to: number): PricedChunk {
  const { business, plugin, recent } = state;
  const priced: PricedInvoice[] = [];
  const failedItems: FailedItem[] = [];
  for (let index = from; index < to; index++) {
    const { position, item } = itemAt(index);
    if (!item.ok) {
      failedItems.push({ position, failure: item.failure });
      continue;
    }
    let credit: { spec: InvoiceSpec; result: TaxResult } | undefined;
    if (item.spec.creditNoteOfEarlier) {
      credit = resolveCreditNote(item.spec, state);
      if (!credit) {
        failedItems.push({ position, failure: { sourceRef: item.spec.sourceRef, message: 'no earlier invoice in this batch is left to credit', payload: { type: 'spec', spec: item.spec } } });
        continue;
      }
    }
    const spec = credit?.spec ?? item.spec;
    try {
      const pricedItem: PricedInvoice = { position, invoiceId: newRowId(), spec, result: credit?.result ?? plugin.compute(taxContextFor(business, plugin, spec), spec.lines) };
      priced.push(pricedItem);
      // Credit notes may correct any earlier invoice of the batch, including this chunk's.
      if (spec.documentKind === 'invoice') {
        recent.push({ invoiceId: pricedItem.invoiceId, spec, result: pricedItem.result, left: capOfInvoice(pricedItem.result), links: [] });
        if (recent.length > 200) recent.shift();
      }
    } catch (error) {
      failedItems.push({ position, failure: { sourceRef: spec.sourceRef, message: toAppError(error).message, payload: { type: 'spec', spec } } });
    }
  }
  return { priced, failedItems };
}

/**
 * Advances a pricing state over an item that a stopped batch already handled, exactly as pricing
 * it did (resume): an issued invoice becomes a credit-note candidate again (its tax computed again),
 * and a simulated credit note draws from the seeded stream and uses up what is left of its invoice
 * again, so what the resumed batch issues next is what the uninterrupted batch would have issued.
 */
export function replayHandled(state: PricingState, spec: InvoiceSpec, issuedInvoiceId: string | null): void {
  if (spec.creditNoteOfEarlier) {
    resolveCreditNote(spec, state);
    return;
  }
  if (spec.documentKind === 'invoice' && issuedInvoiceId) {
    const result = state.plugin.compute(taxContextFor(state.business, state.plugin, spec), spec.lines);
    state.recent.push({ invoiceId: issuedInvoiceId, spec, result, left: capOfInvoice(result), links: [] });
    if (state.recent.length > 200) state.recent.shift();
  }
}

/**
 * A simulated credit note: half (at least one unit) of one line of a recent invoice of the batch,
 * capped like any credit note by what is left of that invoice (the same plan, plugin and fit as
 * the credit-note action), so repeated picks of one invoice never credit more than it.
 */
function resolveCreditNote(spec: InvoiceSpec, state: PricingState): { spec: InvoiceSpec; result: TaxResult } | undefined {
  const { business, plugin, recent, creditRng: rng } = state;
  const candidates = recent.filter((r) => r.spec.date <= spec.date && r.spec.lines.length > 0);
  if (candidates.length === 0) return undefined;
  const original = rng.pick(candidates);
  const lineIndex = original.spec.lines.indexOf(rng.pick(original.spec.lines));
  const line = original.spec.lines[lineIndex]!;
  const wanted = Dec.max(new Dec(line.quantity).div(2).toDecimalPlaces(0, Dec.ROUND_DOWN), new Dec(line.quantity).gte(1) ? 1 : line.quantity);
  const leftUnits = original.left.lines.get(lineIndex + 1)?.quantity ?? new Dec(0);
  const quantity = Dec.min(wanted, leftUnits);
  if (quantity.lte(0)) return undefined;
  const base: InvoiceSpec = {
    ...spec,
    customer: original.spec.customer,
    customerId: original.spec.customerId,
    createCustomer: original.spec.createCustomer,
    supplyType: original.spec.supplyType,
    placeOfSupply: original.spec.placeOfSupply,
    originalInvoiceId: original.invoiceId,
    lines: [],
  };
  const plan = planCredit(original.result, original.left, { kind: 'lines', lines: [{ line: lineIndex + 1, quantity: quantity.toFixed() }] }, original.links, original.spec.lines.map((l) => l.productId));
  const fitted = fitCredit((lines, inclusive) => plugin.compute({ ...taxContextFor(business, plugin, base), pricesIncludeTax: inclusive }, lines), plan, original.left, original.links.length);
  if ('excesses' in fitted) return undefined;
  const links = fitted.plan.lines.map((l) => l.link);
  original.left = subtractCredit(original.left, fitted.result, links);
  original.links.push(links);
  return {
    spec: { ...base, lines: fitted.plan.lines.map((l) => l.input), metadata: { ...spec.metadata, creditNoteForInvoiceId: original.invoiceId, creditLines: links } },
    result: fitted.result,
  };
}
