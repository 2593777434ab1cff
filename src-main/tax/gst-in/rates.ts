// GST rates by time of supply (docs/TAX-RULES.md A6).
// - From 22 Sep 2025 (N/N 9/2025-CT(Rate)): 0, 0.25, 1.5, 3, 5, 18, 40.
// - 28% (with compensation cess) continues for tobacco and pan masala until 31 Jan 2026; from
//   1 Feb 2026 those move to 40% and compensation cess ends (N/N 19/2025-CT(Rate)).
// - Before: the pre-reform set (india-compliance GST_TAX_RATES snapshot): 0, 0.1, 0.25, 1, 1.5,
//   3, 5, 6, 7.5, 12, 18, 28.
export const GST_REFORM_DATE = '2025-09-22';
export const CESS_END_DATE = '2026-02-01';
export const RATES_FROM_REFORM = ['0', '0.25', '1.5', '3', '5', '18', '40'] as const;
export const RATES_BEFORE_REFORM = ['0', '0.1', '0.25', '1', '1.5', '3', '5', '6', '7.5', '12', '18', '28'] as const;

export function gstRatesOn(date: string): string[] {
  return date >= GST_REFORM_DATE ? [...RATES_FROM_REFORM] : [...RATES_BEFORE_REFORM];
}

/** 28% is still lawful between the reform and 31 Jan 2026 for goods that also carry compensation cess. */
export function legacy28WithCess(date: string): boolean {
  return date >= GST_REFORM_DATE && date < CESS_END_DATE;
}

export function describeRates(date: string): string {
  return date >= GST_REFORM_DATE ? `rates from 22 Sep 2025: ${RATES_FROM_REFORM.join(', ')}` : `rates before 22 Sep 2025: ${RATES_BEFORE_REFORM.join(', ')}`;
}
