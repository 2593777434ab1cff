// GST state codes (the first two digits of a GSTIN and the place of supply), with the flags the
// tax engine needs. Sources: docs/TAX-RULES.md A5 (UTs without legislature: 04, 26, 31, 35, 38) and A8
// (01-38; 25 Daman and Diu before 26 Jan 2020; 28 the old Andhra Pradesh; 97 Other Territory;
// 99 Centre Jurisdiction); 96 "Other Countries" for exports as india-compliance uses it.

export interface GstState {
  code: string;
  name: string;
  /** Union territory without its own legislature: UTGST replaces SGST on intra-UT supplies. */
  utWithoutLegislature: boolean;
  /** Union territory (with or without legislature). */
  unionTerritory: boolean;
  /** Not a state or UT code of India: 96 (exports), 97 (offshore territory), 99 (Centre). */
  special?: 'other_countries' | 'other_territory' | 'centre_jurisdiction';
  /** Last day the code is valid (YYYY-MM-DD), for merged or superseded codes. */
  validUntil?: string;
  /** Why the code is legacy, for messages. */
  note?: string;
}

function s(code: string, name: string, extra: Partial<GstState> = {}): GstState {
  return { code, name, utWithoutLegislature: false, unionTerritory: false, ...extra };
}
const utNoLeg = { utWithoutLegislature: true, unionTerritory: true } as const;
const utLeg = { unionTerritory: true } as const;

export const GST_STATES: readonly GstState[] = Object.freeze([
  s('01', 'Jammu and Kashmir', utLeg),
  s('02', 'Himachal Pradesh'),
  s('03', 'Punjab'),
  s('04', 'Chandigarh', utNoLeg),
  s('05', 'Uttarakhand'),
  s('06', 'Haryana'),
  s('07', 'Delhi', utLeg),
  s('08', 'Rajasthan'),
  s('09', 'Uttar Pradesh'),
  s('10', 'Bihar'),
  s('11', 'Sikkim'),
  s('12', 'Arunachal Pradesh'),
  s('13', 'Nagaland'),
  s('14', 'Manipur'),
  s('15', 'Mizoram'),
  s('16', 'Tripura'),
  s('17', 'Meghalaya'),
  s('18', 'Assam'),
  s('19', 'West Bengal'),
  s('20', 'Jharkhand'),
  s('21', 'Odisha'),
  s('22', 'Chhattisgarh'),
  s('23', 'Madhya Pradesh'),
  s('24', 'Gujarat'),
  s('25', 'Daman and Diu', { ...utNoLeg, validUntil: '2020-01-25', note: 'merged into 26 (Dadra and Nagar Haveli and Daman and Diu) on 26 Jan 2020' }),
  s('26', 'Dadra and Nagar Haveli and Daman and Diu', utNoLeg),
  s('27', 'Maharashtra'),
  s('28', 'Andhra Pradesh (before division)', { validUntil: '2017-06-30', note: 'the old Andhra Pradesh code; Andhra Pradesh registers under 37' }),
  s('29', 'Karnataka'),
  s('30', 'Goa'),
  s('31', 'Lakshadweep', utNoLeg),
  s('32', 'Kerala'),
  s('33', 'Tamil Nadu'),
  s('34', 'Puducherry', utLeg),
  s('35', 'Andaman and Nicobar Islands', utNoLeg),
  s('36', 'Telangana'),
  s('37', 'Andhra Pradesh'),
  s('38', 'Ladakh', utNoLeg),
  s('96', 'Other Countries', { special: 'other_countries' }),
  s('97', 'Other Territory', { special: 'other_territory' }),
  s('99', 'Centre Jurisdiction', { special: 'centre_jurisdiction' }),
]);

const BY_CODE = new Map(GST_STATES.map((state) => [state.code, state]));

/** The state for a code ("27" or "7"); undefined when unknown. */
export function gstState(code: string): GstState | undefined {
  const normalised = /^\d$/.test(code) ? `0${code}` : code;
  return BY_CODE.get(normalised);
}

export function gstStateName(code: string): string | undefined {
  return gstState(code)?.name;
}

/** Codes that are UTs without legislature (UTGST instead of SGST). */
export const UT_WITHOUT_LEGISLATURE = Object.freeze(GST_STATES.filter((st) => st.utWithoutLegislature && !st.validUntil).map((st) => st.code));
