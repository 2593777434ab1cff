// Shares typed as percentages ("40", "2.5 %", "٤٠٪") while the batch schema, the CLI and the stored
// generation metadata keep the ratio (0.4). The decimal point is moved in the digits themselves, so
// 30 % is 0.3 and 0.3 shows as 30, never 30.000000000000004.
import { latinDigits } from './dates.js';

/** Moves the decimal point of a plain decimal string by `places` (positive: right). */
function shift(digits: string, places: number): string {
  const [int = '0', frac = ''] = digits.split('.');
  const all = int + frac;
  const point = int.length + places;
  const padded = point <= 0 ? '0'.repeat(1 - point) + all : point > all.length ? all + '0'.repeat(point - all.length) : all;
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(at).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/** A share (0.4) as the percentage a person reads and types ("40"). */
export function shareAsPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '';
  // Shortest round-trip digits; exponent forms (1e-7) are far finer than a share needs.
  const text = Math.abs(ratio) < 1e-6 && ratio !== 0 ? ratio.toFixed(12) : String(ratio);
  const negative = text.startsWith('-');
  const shifted = shift(negative ? text.slice(1) : text, 2);
  return negative && shifted !== '0' ? `-${shifted}` : shifted;
}

export type PercentReading = { kind: 'empty' } | { kind: 'share'; ratio: number } | { kind: 'invalid' };

/** What was typed into a percentage field, as the share the schema keeps. */
export function readPercentInput(text: string): PercentReading {
  const cleaned = latinDigits(text)
    .replace(/[\u200e\u200f\u061c\s%\u066a]/g, '')
    .replace(/[\u066b,]/g, '.');
  if (cleaned === '') return { kind: 'empty' };
  if (!/^\d+(\.\d+)?$/.test(cleaned) && !/^\.\d+$/.test(cleaned)) return { kind: 'invalid' };
  return { kind: 'share', ratio: Number(shift(cleaned.startsWith('.') ? `0${cleaned}` : cleaned, -2)) };
}
