// UAE VAT (vat-ae): an example LedgerFlow tax plugin, loaded at run time from
// <data-dir>/plugins/vat-ae/. It imports nothing: the loader calls the default export with a
// `host` ({ apiVersion, Decimal, currencyScale, amountInWords, taxInputError }), so the plugin
// computes with the app's decimal.js and reports bad input as the app's TAX_INPUT error.
// Rules: Federal Decree-Law 8/2017 (5% standard rate from 1 Jan 2018; zero-rated and exempt
// supplies); TRN 15 digits; simplified tax invoice when the recipient is not registered or the
// total is at most AED 10,000. VAT is rounded half-up to the fils once per rate per invoice and
// shared out to the lines by largest remainder, so the lines add up to the totals.

const STANDARD_RATE = '5';
const SIMPLIFIED_LIMIT = '10000';

export default function createPlugin(host) {
  const D = host.Decimal;
  const fail = (message, details) => { throw host.taxInputError(message, details); };

  function decimalField(i, field, value, fallback) {
    if ((value === undefined || value === '') && fallback !== undefined) return new D(fallback);
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^-?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) {
      fail(`lines[${i}].${field}: "${String(value)}" is not a decimal number`, { line: i, field, value });
    }
    return new D(text.trim());
  }

  function compute(context, lines) {
    if (context.currency !== 'AED') fail(`currency: vat-ae computes in AED, not "${context.currency}"`, { field: 'currency' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(context.date) || context.date < '2018-01-01') fail(`date: "${context.date}" is not a date on or after 1 Jan 2018, when UAE VAT started`, { field: 'date' });
    if (!Array.isArray(lines) || lines.length === 0) fail('lines: at least one line is required', { field: 'lines' });
    const scale = host.currencyScale('AED');
    const unit = new D(10).pow(scale);
    const credit = context.kind === 'credit_note';
    const inclusive = context.pricesIncludeTax === true;

    const planned = lines.map((line, i) => {
      const raw = String(line.rate).trim().toLowerCase();
      let category = 'standard';
      let rate = new D(0);
      if (raw === 'zero' || raw === '0') category = 'zero';
      else if (raw === 'exempt') category = 'exempt';
      else {
        rate = decimalField(i, 'rate', line.rate);
        if (!rate.eq(STANDARD_RATE)) fail(`lines[${i}].rate: ${rate.toFixed()}% is not a UAE VAT rate (5, "zero" or "exempt")`, { line: i, field: 'rate', value: line.rate });
      }
      const quantity = decimalField(i, 'quantity', line.quantity);
      const price = decimalField(i, 'unitPrice', line.unitPrice);
      const discount = decimalField(i, 'discount', line.discount, '0');
      if (quantity.isNeg() && !credit) fail(`lines[${i}].quantity: negative quantities are allowed only on a credit note`, { line: i, field: 'quantity' });
      if (price.isNeg()) fail(`lines[${i}].unitPrice: must not be negative`, { line: i, field: 'unitPrice' });
      const gross = quantity.times(price).toDecimalPlaces(scale, D.ROUND_HALF_UP);
      const disc = discount.toDecimalPlaces(scale, D.ROUND_HALF_UP);
      if (disc.isNeg() || disc.gt(gross.abs())) fail(`lines[${i}].discount: must be between 0 and the line value`, { line: i, field: 'discount' });
      const base = gross.isNeg() ? gross.plus(disc) : gross.minus(disc);
      // Exact VAT share in fils.
      const exact = category === 'exempt' ? null : inclusive ? base.times(rate).div(rate.plus(100)).times(unit) : base.times(rate).div(100).times(unit);
      return { i, line, category, rate, quantity, price, gross, disc, base, exact, vat: new D(0) };
    });

    // One rounding per rate (half-up), then largest remainder back to the lines.
    const groups = new Map();
    for (const p of planned) if (p.exact) groups.set(p.rate.toFixed(), [...(groups.get(p.rate.toFixed()) ?? []), p]);
    const components = [];
    for (const [rate, members] of [...groups.entries()].sort((a, b) => new D(a[0]).comparedTo(b[0]))) {
      const total = members.reduce((s, p) => s.plus(p.exact), new D(0)).toDecimalPlaces(0, D.ROUND_HALF_UP);
      let missing = members.reduce((s, p) => s.minus(p.exact.floor()), total).toNumber();
      const order = [...members].sort((a, b) => b.exact.minus(b.exact.floor()).comparedTo(a.exact.minus(a.exact.floor())) || b.exact.abs().comparedTo(a.exact.abs()) || a.i - b.i);
      for (const p of order) { p.vat = p.exact.floor().plus(missing > 0 ? 1 : 0).div(unit); missing -= 1; }
      const taxable = members.reduce((s, p) => s.plus(inclusive ? p.base.minus(p.vat) : p.base), new D(0));
      components.push({ name: 'VAT', rate, taxable: taxable.toFixed(scale), amount: total.div(unit).toFixed(scale) });
    }

    const out = planned.map((p) => {
      const taxable = inclusive ? p.base.minus(p.vat) : p.base;
      const result = {
        index: p.i, description: p.line.description, quantity: p.quantity.toFixed(), unitPrice: p.price.toFixed(),
        gross: (inclusive ? taxable.plus(p.disc) : p.gross).toFixed(scale), discount: p.disc.toFixed(scale), taxable: taxable.toFixed(scale),
        category: p.category, rate: p.category === 'standard' ? p.rate.toFixed() : '0',
        components: p.exact ? [{ name: 'VAT', rate: p.rate.toFixed(), amount: p.vat.toFixed(scale) }] : [],
        tax: p.vat.toFixed(scale), total: taxable.plus(p.vat).toFixed(scale),
      };
      if (p.line.hsn !== undefined) result.hsn = p.line.hsn;
      if (p.line.unit !== undefined) result.unit = p.line.unit;
      return result;
    });
    const taxableTotal = out.reduce((s, l) => s.plus(l.taxable), new D(0));
    const tax = out.reduce((s, l) => s.plus(l.tax), new D(0));
    const total = taxableTotal.plus(tax).toFixed(scale);
    const registered = Boolean(context.customer && context.customer.taxId);
    const kind = credit ? 'credit_note' : !registered || new D(total).lte(SIMPLIFIED_LIMIT) ? 'simplified_tax_invoice' : 'tax_invoice';
    const notes = [];
    if (planned.some((p) => p.category === 'zero')) notes.push({ en: 'Zero-rated supply', ar: 'توريد خاضع لنسبة الصفر' });
    if (planned.some((p) => p.category === 'exempt')) notes.push({ en: 'Exempt supply', ar: 'توريد معفى' });
    return {
      regime: 'vat-ae', currency: 'AED', kind, lines: out, components,
      totals: { taxable: taxableTotal.toFixed(scale), tax: tax.toFixed(scale), total, roundOff: new D(0).toFixed(scale), grandTotal: total },
      summaryTables: [{
        id: 'vat', title: { en: 'VAT summary', ar: 'ملخص ضريبة القيمة المضافة' },
        columns: [{ key: 'rate', label: { en: 'VAT %', ar: 'نسبة الضريبة' } }, { key: 'taxable', label: { en: 'Taxable (AED)' }, align: 'end' }, { key: 'vat', label: { en: 'VAT (AED)' }, align: 'end' }],
        rows: components.map((c) => ({ rate: c.rate, taxable: c.taxable, vat: c.amount })),
      }],
      notes,
      amountInWords: { en: host.amountInWords(total, 'AED', 'en') },
    };
  }

  return {
    apiVersion: 1,
    id: 'vat-ae',
    name: { en: 'UAE VAT', ar: 'ضريبة القيمة المضافة في الإمارات', hi: 'यूएई वैट' },
    countries: ['AE'],
    currencies: ['AED'],
    settingsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultSettings: {},
    kinds: ['tax_invoice', 'simplified_tax_invoice', 'credit_note'],
    ratesOn: () => ['0', STANDARD_RATE],
    validateTaxId(value) {
      const v = String(value ?? '').trim();
      if (!/^\d+$/.test(v)) return { valid: false, reason: 'a TRN has digits only' };
      if (v.length !== 15) return { valid: false, reason: `has ${v.length} digits; a TRN has exactly 15` };
      return { valid: true, reason: 'valid format (15 digits)' };
    },
    invoiceNumberRules: { maxLength: 30, pattern: '^[A-Za-z0-9][A-Za-z0-9/-]{0,29}$', description: 'at most 30 letters, digits, "-" and "/"', caseInsensitiveUnique: true },
    compute,
    amountInWords: (amount, currency, language) => host.amountInWords(amount, currency, language),
  };
}
