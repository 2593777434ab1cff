// Countries as they appear in customer and order sheets: by name (English, Arabic, Hindi) or ISO
// code. States, GSTINs and VAT numbers follow the shared field rules (src-shared/validation).
import { normalizeHeader } from './headers.js';

const COUNTRIES: [string, string[]][] = [
  ['IN', ['India', 'Bharat', 'IND', 'भारत', 'इंडिया', 'الهند']],
  ['BH', ['Bahrain', 'Kingdom of Bahrain', 'BHR', 'البحرين', 'مملكة البحرين', 'बहरीन']],
  ['AE', ['United Arab Emirates', 'UAE', 'ARE', 'الإمارات', 'الامارات العربية المتحدة']],
  ['SA', ['Saudi Arabia', 'KSA', 'SAU', 'السعودية', 'المملكة العربية السعودية']],
  ['OM', ['Oman', 'OMN', 'عمان']],
  ['QA', ['Qatar', 'QAT', 'قطر']],
  ['KW', ['Kuwait', 'KWT', 'الكويت']],
  ['US', ['United States', 'USA', 'United States of America']],
  ['GB', ['United Kingdom', 'UK', 'Great Britain', 'GBR']],
];
const countryIndex = new Map<string, string>();
for (const [code, names] of COUNTRIES) for (const name of [code, ...names]) countryIndex.set(normalizeHeader(name), code);

/** ISO 3166 alpha-2 from a name or code; any other 2-letter code is taken as given. */
export function countryCode(text: string): string | null {
  const norm = normalizeHeader(text);
  const known = countryIndex.get(norm);
  if (known) return known;
  return /^[a-z]{2}$/.test(norm) ? norm.toUpperCase() : null;
}
