// Number, money and date formatting for printed invoices. Amounts arrive as decimal strings and
// are formatted with decimal.js only (docs/ARCHITECTURE.md rule 1). INR uses Indian grouping (1,23,45,678.50);
// other currencies group by thousands. Scales are ISO 4217's, from src-shared/money. Typst
// templates receive these strings ready to print (templates never do arithmetic on money).
import { Decimal } from 'decimal.js';
import { currencyScale as moneyScale } from '../../src-shared/money/currencies.js';

/** Decimals printed for a currency (ISO 4217 minor units; an unknown code is a BAD_INPUT error). */
export function currencyScale(currency: string): number {
  return moneyScale(currency.toUpperCase());
}

function groupInteger(digits: string, indian: boolean): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const step = indian ? 2 : 3;
  const groups: string[] = [];
  while (rest.length > step) {
    groups.unshift(rest.slice(-step));
    rest = rest.slice(0, -step);
  }
  if (rest.length > 0) groups.unshift(rest);
  return [...groups, last3].join(',');
}

/** Formats a decimal string with grouping. `indian` selects lakh/crore grouping. */
export function formatDecimal(value: string, scale: number, indian: boolean): string {
  const d = new Decimal(value);
  const fixed = d.abs().toFixed(scale, Decimal.ROUND_HALF_UP);
  const [intPart = '0', frac] = fixed.split('.');
  const grouped = groupInteger(intPart, indian);
  const negative = d.isNegative() && !new Decimal(fixed).isZero();
  return (negative ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** An amount at the currency's scale: INR "1,23,456.50", BHD "1,234.500". */
export function formatMoney(value: string, currency: string): string {
  return formatDecimal(value, currencyScale(currency), currency.toUpperCase() === 'INR');
}

/** A quantity without trailing zeros ("2", "1.5", "0.125"). */
export function formatQuantity(value: string): string {
  const d = new Decimal(value);
  return d.toFixed();
}

/** A unit price: at least the currency scale, keeping up to 4 extra decimals when given. */
export function formatUnitPrice(value: string, currency: string): string {
  const scale = currencyScale(currency);
  const d = new Decimal(value);
  const dp = Math.min(Math.max(d.decimalPlaces(), scale), scale + 4);
  return formatDecimal(value, dp, currency.toUpperCase() === 'INR');
}

/** A percentage as printed: "18%", "2.5%", "0.125%". */
export function formatRate(value: string): string {
  return new Decimal(value).toFixed() + '%';
}

/** YYYY-MM-DD -> DD-MM-YYYY (the form Indian and Bahraini invoices commonly print). */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

export function isZero(value: string): boolean {
  return new Decimal(value).isZero();
}

/** Currency symbol or code as printed beside totals. */
export function currencyLabel(currency: string): string {
  const c = currency.toUpperCase();
  if (c === 'INR') return '₹';
  return c;
}
