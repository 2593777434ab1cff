// Dates as people in India and Bahrain type them: day-month-year ("19-11-2026", also with / or .
// and in Arabic-Indic or Devanagari digits), read into the ISO yyyy-mm-dd the schemas and the
// backend keep. Native <input type=date> follows the browser's locale (mm/dd/yyyy in the preview's
// Chromium), which the app cannot set, so date fields are text fields read by these functions.

/** Every UI language writes day first, as the PDFs print dates (dd-mm-yyyy). */
export const DATE_INPUT_PATTERN = 'dd-mm-yyyy';

export type DateReading = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'invalid' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
// Bidi marks that copy-paste from formatted dates brings along (LRM, RLM, ALM, isolates).
const MARKS = /[\u200e\u200f\u061c\u2066-\u2069\s]/g;

/** Arabic-Indic (٠-٩), Extended Arabic-Indic (۰-۹) and Devanagari (०-९) digits as ASCII. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = code >= 0x0966 ? 0x0966 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

function daysIn(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function toIso(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * What a person typed into a date field: day-month-year with -, / or . between (one or two digit
 * day and month, four digit year), or a pasted ISO date. A day the calendar does not have
 * (31-02-2026) is invalid, not rolled over.
 */
export function readDateInput(text: string): DateReading {
  const cleaned = latinDigits(text.replace(/[\u066b\u2212\u2010-\u2015]/g, '-')).replace(MARKS, '');
  if (cleaned === '') return { kind: 'empty' };
  const iso = ISO.exec(cleaned);
  const dmy = iso ? undefined : DAY_FIRST.exec(cleaned);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : undefined;
  if (!parts) return { kind: 'invalid' };
  const [y, m, d] = parts.map((p) => Number.parseInt(p ?? '', 10));
  const result = toIso(y ?? 0, m ?? 0, d ?? 0);
  return result ? { kind: 'date', iso: result } : { kind: 'invalid' };
}

/** An ISO date (yyyy-mm-dd) as the field shows it (dd-mm-yyyy); anything else as it is. */
export function showDateInput(iso: string | undefined | null): string {
  if (!iso) return '';
  const m = ISO.exec(iso);
  return m ? `${m[3] ?? ''}-${m[2] ?? ''}-${m[1] ?? ''}` : iso;
}
