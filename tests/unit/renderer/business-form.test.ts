// The new-business form's derived values: the GST state read from a valid GSTIN, SPECIMEN only
// for a sandbox business (never ticked by default for a real one), and the defaults shown in the
// fiscal-year and number-format fields instead of empty boxes. Server messages under a field are
// in the UI language, and the "$input." prefix never reaches a person.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { defaultsFor, derivedChanges } from '../../../src-renderer/features/businesses/BusinessesScreen.js';
import { serverErrorsToSchema } from '../../../src-renderer/components/SchemaForm.js';
import { BackendError } from '../../../src-renderer/app/backend.js';
import { taxRateLabel } from '../../../src-renderer/i18n/tax-category.js';
import type { PluginInfo } from '../../../src-renderer/app/context.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });

const gst = { id: 'gst-in', countries: ['IN'], currencies: ['INR'], defaultSettings: {} } as unknown as PluginInfo;
const vat = { id: 'vat-bh', countries: ['BH'], currencies: ['BHD'], defaultSettings: {} } as unknown as PluginInfo;

describe('the new-business form', () => {
  it('takes the state from a valid GSTIN as it is typed', () => {
    const before = { ...defaultsFor(gst), taxId: '27AAPFU0939F1Z' };
    expect(derivedChanges(before, { ...before, taxId: '27AAPFU0939F1ZV' }).stateCode).toBe('27');
    expect(derivedChanges(before, { ...before, taxId: '29AAACR5055K1Z3' }).stateCode).toBe('29');
    // A GSTIN with a wrong check character says nothing about the state.
    expect(derivedChanges(before, { ...before, taxId: '29AAACR5055K1Z4', stateCode: '27' }).stateCode).toBe('27');
  });

  it('ticks SPECIMEN only for a sandbox business', () => {
    const start = { ...defaultsFor(gst), sandbox: false, specimenMark: false };
    expect(derivedChanges(start, { ...start, name: 'Real shop' }).specimenMark).toBe(false);
    expect(derivedChanges(start, { ...start, specimenMark: true }).specimenMark).toBe(false);
    const sandbox = derivedChanges(start, { ...start, sandbox: true });
    expect(sandbox.specimenMark).toBe(true);
    expect(derivedChanges(sandbox, { ...sandbox, specimenMark: false }).specimenMark).toBe(false);
  });

  it('shows the fiscal year and number formats a business gets, following the regime', () => {
    expect(defaultsFor(gst)).toMatchObject({ fiscalYearStartMonth: 4, invoiceSeriesFormat: 'INV/{FYS}/{SEQ:5}', creditNoteSeriesFormat: 'CN/{FYS}/{SEQ:5}' });
    const india = defaultsFor(gst);
    expect(defaultsFor(vat, { ...india, taxRegime: 'vat-bh' }, 'gst-in')).toMatchObject({ fiscalYearStartMonth: 1, invoiceSeriesFormat: 'INV-{FY}-{SEQ:6}' });
    // A format the person typed stays when the regime changes.
    expect(defaultsFor(vat, { ...india, taxRegime: 'vat-bh', invoiceSeriesFormat: 'SHOP1/{FY}/{SEQ}' }, 'gst-in').invoiceSeriesFormat).toBe('SHOP1/{FY}/{SEQ}');
  });

  it('puts every server message under its field, in the UI language', () => {
    const error = new BackendError({ code: 'BAD_INPUT', message: 'x', details: { issues: [
      { path: '$.taxId', message: 'check digit is "X" but should be "V": a character was probably mistyped' },
      { path: '$input.address', message: '"address" is required' },
    ] } });
    expect(serverErrorsToSchema(error, i18n.getFixedT('ar'))).toEqual({
      taxId: { __errors: ['الحرف الأخير هو "X" والصحيح "V": على الأرجح أُخطئ في كتابة حرف.'] },
      address: { __errors: ['حقل مطلوب'] },
    });
  });
});

describe('a product\'s tax in the list', () => {
  it('names exempt, nil-rated and non-GST products instead of printing 0% like a zero-rated one', () => {
    const t = i18n.getFixedT('en');
    const rate = (r: string) => `${r}%`;
    expect(taxRateLabel(t, rate, { taxRate: '0', taxCategory: 'exempt' })).toBe('Exempt');
    expect(taxRateLabel(t, rate, { taxRate: '0', taxCategory: 'zero' })).toBe('0% (zero-rated)');
    expect(taxRateLabel(t, rate, { taxRate: '0', taxCategory: 'nil' })).toBe('Nil-rated');
    expect(taxRateLabel(t, rate, { taxRate: '18', taxCategory: 'standard' })).toBe('18%');
  });
});
