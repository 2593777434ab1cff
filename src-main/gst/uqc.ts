// Units as people type them -> the GST portal's Unique Quantity Codes (UQC), the list the GSTR-1
// HSN summary and the e-invoice accept. A unit we cannot map is reported as OTH ("others"), which
// the portal accepts, rather than guessed. Services carry quantity 0 and UQC "NA" in the HSN
// summary (the portal's rule for SAC rows).

const UQC_CODES = new Set([
  'BAG', 'BAL', 'BDL', 'BKL', 'BOU', 'BOX', 'BTL', 'BUN', 'CAN', 'CBM', 'CCM', 'CMS', 'CTN', 'DOZ', 'DRM', 'GGK', 'GMS', 'GRS', 'GYD',
  'KGS', 'KLR', 'KME', 'LTR', 'MLT', 'MTR', 'MTS', 'NOS', 'OTH', 'PAC', 'PCS', 'PRS', 'QTL', 'ROL', 'SET', 'SQF', 'SQM', 'SQY', 'TBS',
  'TGM', 'THD', 'TON', 'TUB', 'UGS', 'UNT', 'YDS',
]);

const SYNONYMS: Record<string, string> = {
  KG: 'KGS', KGM: 'KGS', KILOGRAM: 'KGS', KILOGRAMS: 'KGS', G: 'GMS', GM: 'GMS', GRAM: 'GMS', GRAMS: 'GMS',
  L: 'LTR', LT: 'LTR', LITRE: 'LTR', LITRES: 'LTR', LITER: 'LTR', ML: 'MLT', M: 'MTR', METRE: 'MTR', METER: 'MTR', METRES: 'MTR',
  PC: 'PCS', PIECE: 'PCS', PIECES: 'PCS', NO: 'NOS', NUMBER: 'NOS', NUMBERS: 'NOS', UNIT: 'UNT', UNITS: 'UNT',
  DOZEN: 'DOZ', PAIR: 'PRS', PAIRS: 'PRS', BOTTLE: 'BTL', BOTTLES: 'BTL', CARTON: 'CTN', CARTONS: 'CTN', TONNE: 'TON', TONNES: 'TON',
  SQFT: 'SQF', SQMT: 'SQM', PACK: 'PAC', PACKET: 'PAC', ROLL: 'ROL', ROLLS: 'ROL', QUINTAL: 'QTL',
};

export function uqcOf(unit: string | undefined | null): string {
  const key = (unit ?? '').trim().toUpperCase().replace(/[\s.]/g, '');
  if (!key) return 'OTH';
  if (UQC_CODES.has(key)) return key;
  return SYNONYMS[key] ?? 'OTH';
}
