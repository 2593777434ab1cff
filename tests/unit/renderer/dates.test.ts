// Date fields are typed day-month-year in every UI language (as Indian and Bahraini users write
// them and as the PDFs print them) and kept as ISO yyyy-mm-dd in the form data and the backend.
import { describe, expect, it } from 'vitest';
import { latinDigits, readDateInput, showDateInput } from '../../../src-renderer/i18n/dates.js';
import { dateWidgetValue, UNREADABLE_DATE_PREFIX } from '../../../src-renderer/components/SchemaForm.js';
import { validateValue } from '../../../src-renderer/components/schema-validator.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { SimulationConfig } from '../../../src-shared/schemas/batch.js';

describe('reading a typed date', () => {
  it('reads day-month-year with -, / or . into ISO', () => {
    expect(readDateInput('19-11-2026')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput('19/11/2026')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput('19.11.2026')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput(' 1-2-2026 ')).toEqual({ kind: 'date', iso: '2026-02-01' });
  });

  it('reads the day first, never the month (03-04-2026 is the 3rd of April)', () => {
    expect(readDateInput('03-04-2026')).toEqual({ kind: 'date', iso: '2026-04-03' });
  });

  it('reads Arabic-Indic, Persian and Devanagari digits, and marks pasted from formatted dates', () => {
    expect(readDateInput('١٩-١١-٢٠٢٦')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput('١٩\u200f/١١\u200f/٢٠٢٦')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput('۱۹-۱۱-۲۰۲۶')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(readDateInput('१९-११-२०२६')).toEqual({ kind: 'date', iso: '2026-11-19' });
    expect(latinDigits('٠١٢٣٤٥٦٧٨٩ ०१२३४५६७८९')).toBe('0123456789 0123456789');
  });

  it('takes a pasted ISO date as it is', () => {
    expect(readDateInput('2026-11-19')).toEqual({ kind: 'date', iso: '2026-11-19' });
  });

  it('refuses days the calendar does not have instead of rolling them over', () => {
    expect(readDateInput('31-02-2026')).toEqual({ kind: 'invalid' });
    expect(readDateInput('29-02-2026')).toEqual({ kind: 'invalid' });
    expect(readDateInput('29-02-2028')).toEqual({ kind: 'date', iso: '2028-02-29' });
    expect(readDateInput('29-02-2100')).toEqual({ kind: 'invalid' });
    expect(readDateInput('29-02-2000')).toEqual({ kind: 'date', iso: '2000-02-29' });
    expect(readDateInput('19-13-2026')).toEqual({ kind: 'invalid' });
    expect(readDateInput('2026-02-31')).toEqual({ kind: 'invalid' });
  });

  it('refuses what is not day-month-year (two-digit years, month names, half a date)', () => {
    for (const text of ['19-11-26', '19 Nov 2026', '19-11', '11/19/2026x', 'tomorrow']) expect(readDateInput(text)).toEqual({ kind: 'invalid' });
  });

  it('treats an empty field as no date', () => {
    expect(readDateInput('')).toEqual({ kind: 'empty' });
    expect(readDateInput('  ')).toEqual({ kind: 'empty' });
  });

  it('shows an ISO date as dd-mm-yyyy and round-trips it', () => {
    expect(showDateInput('2026-04-03')).toBe('03-04-2026');
    expect(showDateInput(undefined)).toBe('');
    expect(readDateInput(showDateInput('2026-04-03'))).toEqual({ kind: 'date', iso: '2026-04-03' });
  });
});

describe('the form date widget', () => {
  const base = { source: 'simulation', businessId: 'b', count: 5, profile: 'basic', seed: '1' };
  const schema = JSON.parse(JSON.stringify(SimulationConfig)) as Record<string, unknown>;

  it('puts ISO in the form data, which the shared schema accepts', () => {
    const value = dateWidgetValue('19-11-2026', readDateInput('19-11-2026'));
    expect(value).toBe('2026-11-19');
    expect(compile(SimulationConfig)({ ...base, startDate: value })).toBe(true);
    expect(validateValue(schema, { ...base, startDate: value })).toEqual([]);
  });

  it('leaves no key for an empty field', () => {
    expect(dateWidgetValue('', readDateInput(''))).toBeUndefined();
  });

  it('keeps unreadable text in a form the date format refuses, even text shaped like ISO', () => {
    for (const text of ['31-02-2026', '2026-02-31', '19-11-26']) {
      const value = dateWidgetValue(text, readDateInput(text));
      expect(value).toBe(`${UNREADABLE_DATE_PREFIX}${text}`);
      expect(compile(SimulationConfig)({ ...base, startDate: value })).toBe(false);
      expect(validateValue(schema, { ...base, startDate: value })).toContainEqual(expect.objectContaining({ keyword: 'format', params: { format: 'date' } }));
    }
  });
});
