// GST state names in the UI language (Hindi in Devanagari; Arabic keeps the English names, as
// Bahraini users read Indian place names in Latin script on GST documents). The codes and the
// English names of record stay in src-shared/tax/gst-states.ts.
import type { TFunction } from 'i18next';
import { gstState } from '../../src-shared/tax/gst-states.js';
import { k } from './keys.js';

export const GST_STATE_NAME_KEYS: Readonly<Record<string, string>> = {
  '01': k('gstStates.s01'),
  '02': k('gstStates.s02'),
  '03': k('gstStates.s03'),
  '04': k('gstStates.s04'),
  '05': k('gstStates.s05'),
  '06': k('gstStates.s06'),
  '07': k('gstStates.s07'),
  '08': k('gstStates.s08'),
  '09': k('gstStates.s09'),
  '10': k('gstStates.s10'),
  '11': k('gstStates.s11'),
  '12': k('gstStates.s12'),
  '13': k('gstStates.s13'),
  '14': k('gstStates.s14'),
  '15': k('gstStates.s15'),
  '16': k('gstStates.s16'),
  '17': k('gstStates.s17'),
  '18': k('gstStates.s18'),
  '19': k('gstStates.s19'),
  '20': k('gstStates.s20'),
  '21': k('gstStates.s21'),
  '22': k('gstStates.s22'),
  '23': k('gstStates.s23'),
  '24': k('gstStates.s24'),
  '25': k('gstStates.s25'),
  '26': k('gstStates.s26'),
  '27': k('gstStates.s27'),
  '28': k('gstStates.s28'),
  '29': k('gstStates.s29'),
  '30': k('gstStates.s30'),
  '31': k('gstStates.s31'),
  '32': k('gstStates.s32'),
  '33': k('gstStates.s33'),
  '34': k('gstStates.s34'),
  '35': k('gstStates.s35'),
  '36': k('gstStates.s36'),
  '37': k('gstStates.s37'),
  '38': k('gstStates.s38'),
  '96': k('gstStates.s96'),
  '97': k('gstStates.s97'),
  '99': k('gstStates.s99'),
};

/** The state's name for a code ("27", "7") in the UI language; undefined for an unknown code. */
export function gstStateLabel(t: TFunction, code: string): string | undefined {
  const state = gstState(code);
  const key = state ? GST_STATE_NAME_KEYS[state.code] : undefined;
  return key ? t(key) : state?.name;
}
