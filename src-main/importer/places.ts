// States, countries and tax ids as they appear in customer and order sheets: Indian states by
// name or GST state code, countries by name (English, Arabic, Hindi) or ISO code, GSTINs with
// their check character, Bahrain VAT numbers (15 digits).
import { normalizeHeader } from './headers.js';

/** GST state codes (CBIC list). */
const STATES: [string, string[]][] = [
  ['01', ['Jammu and Kashmir', 'Jammu & Kashmir', 'J&K', 'JK']],
  ['02', ['Himachal Pradesh', 'HP']],
  ['03', ['Punjab', 'PB']],
  ['04', ['Chandigarh', 'CH']],
  ['05', ['Uttarakhand', 'Uttaranchal', 'UK', 'UT']],
  ['06', ['Haryana', 'HR']],
  ['07', ['Delhi', 'New Delhi', 'NCT of Delhi', 'DL']],
  ['08', ['Rajasthan', 'RJ']],
  ['09', ['Uttar Pradesh', 'UP']],
  ['10', ['Bihar', 'BR']],
  ['11', ['Sikkim', 'SK']],
  ['12', ['Arunachal Pradesh', 'AR']],
  ['13', ['Nagaland', 'NL']],
  ['14', ['Manipur', 'MN']],
  ['15', ['Mizoram', 'MZ']],
  ['16', ['Tripura', 'TR']],
  ['17', ['Meghalaya', 'ML']],
  ['18', ['Assam', 'AS']],
  ['19', ['West Bengal', 'WB']],
  ['20', ['Jharkhand', 'JH']],
  ['21', ['Odisha', 'Orissa', 'OD', 'OR']],
  ['22', ['Chhattisgarh', 'Chattisgarh', 'CG']],
  ['23', ['Madhya Pradesh', 'MP']],
  ['24', ['Gujarat', 'GJ']],
  ['26', ['Dadra and Nagar Haveli and Daman and Diu', 'Dadra and Nagar Haveli', 'Daman and Diu', 'DN', 'DD']],
  ['27', ['Maharashtra', 'MH']],
  ['29', ['Karnataka', 'KA']],
  ['30', ['Goa', 'GA']],
  ['31', ['Lakshadweep', 'LD']],
  ['32', ['Kerala', 'KL']],
  ['33', ['Tamil Nadu', 'TN']],
  ['34', ['Puducherry', 'Pondicherry', 'PY']],
  ['35', ['Andaman and Nicobar Islands', 'Andaman and Nicobar', 'AN']],
  ['36', ['Telangana', 'TS', 'TG']],
  ['37', ['Andhra Pradesh', 'AP']],
  ['38', ['Ladakh', 'LA']],
  ['97', ['Other Territory']],
];

const stateIndex = new Map<string, string>();
for (const [code, names] of STATES) {
  stateIndex.set(code, code);
  for (const name of names) stateIndex.set(normalizeHeader(name), code);
}

/** "Maharashtra", "MH", "27", "27-Maharashtra" -> "27"; null when not an Indian state. */
export function indianStateCode(text: string): string | null {
  const t = text.trim();
  const lead = /^(\d{1,2})\b/.exec(t);
  if (lead) {
    const code = lead[1]!.padStart(2, '0');
    return stateIndex.has(code) ? code : null;
  }
  return stateIndex.get(normalizeHeader(t)) ?? null;
}

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

export function normaliseTaxId(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(/[\s.-]/g, '');
}

const GSTIN_RE = /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;
const GSTIN_LOOSE = /^\d{2}[0-9A-Z]{13}$/;

export function looksLikeTaxId(id: string): 'gstin' | 'vat-bh' | null {
  if (/^\d{15}$/.test(id)) return 'vat-bh';
  if (GSTIN_LOOSE.test(id) && /[A-Z]/.test(id)) return 'gstin';
  return null;
}

const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Why a GSTIN is wrong (shape or check character), or null when it is well formed. */
export function gstinProblem(id: string): string | null {
  if (!GSTIN_RE.test(id)) return `"${id}" is not a well-formed GSTIN (2-digit state, 10-character PAN, entity number, Z, check character)`;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = B36.indexOf(id[i]!) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  const check = B36[(36 - (sum % 36)) % 36];
  if (check !== id[14]) return `GSTIN "${id}" has a wrong check character (expected ${check}); a digit may be mistyped`;
  if (!stateIndex.has(id.slice(0, 2)) && id.slice(0, 2) !== '99') return `GSTIN "${id}" starts with ${id.slice(0, 2)}, which is not a GST state code`;
  return null;
}

export function stateOfGstin(id: string): string {
  return id.slice(0, 2);
}
