// Amounts in words: Indian system for INR (to-words en-IN examples, docs/TAX-RULES.md A9), dinars and
// fils for BHD in English and Arabic (dual and plural forms).
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../../src-shared/money/index.js';

describe('INR in words (Indian system)', () => {
  it.each([
    ['137', 'Rupees One Hundred Thirty Seven Only'],
    ['4680', 'Rupees Four Thousand Six Hundred Eighty Only'],
    ['792581', 'Rupees Seven Lakh Ninety Two Thousand Five Hundred Eighty One Only'],
    ['2741034', 'Rupees Twenty Seven Lakh Forty One Thousand Thirty Four Only'],
    ['86429753', 'Rupees Eight Crore Sixty Four Lakh Twenty Nine Thousand Seven Hundred Fifty Three Only'],
    ['975310864', 'Rupees Ninety Seven Crore Fifty Three Lakh Ten Thousand Eight Hundred Sixty Four Only'],
    ['123456.50', 'Rupees One Lakh Twenty Three Thousand Four Hundred Fifty Six and Fifty Paise Only'],
    ['100.01', 'Rupees One Hundred and One Paisa Only'],
    ['1000000000', 'Rupees One Hundred Crore Only'],
    ['12345678901.00', 'Rupees One Thousand Two Hundred Thirty Four Crore Fifty Six Lakh Seventy Eight Thousand Nine Hundred One Only'],
    ['0', 'Rupees Zero Only'],
    ['-118', 'Minus Rupees One Hundred Eighteen Only'],
  ])('%s -> %s', (amount, words) => expect(amountInWords(amount, 'INR', 'en')).toBe(words));

  it('rounds to the paisa first', () => {
    expect(amountInWords('1.005', 'INR')).toBe('Rupees One and One Paisa Only');
  });
});

describe('BHD in words', () => {
  it.each([
    ['1', 'One Bahraini Dinar Only'],
    ['2.500', 'Two Bahraini Dinars and Five Hundred Fils Only'],
    ['0.001', 'One Fils Only'],
    ['1234.567', 'One Thousand Two Hundred Thirty Four Bahraini Dinars and Five Hundred Sixty Seven Fils Only'],
  ])('English %s -> %s', (amount, words) => expect(amountInWords(amount, 'BHD', 'en')).toBe(words));

  it.each([
    ['1', 'فقط دينار واحد لا غير'],
    ['2', 'فقط ديناران لا غير'],
    ['3', 'فقط ثلاثة دنانير لا غير'],
    ['7', 'فقط سبعة دنانير لا غير'],
    ['10', 'فقط عشرة دنانير لا غير'],
    ['11', 'فقط أحد عشر ديناراً لا غير'],
    ['25', 'فقط خمسة وعشرون ديناراً لا غير'],
    ['99', 'فقط تسعة وتسعون ديناراً لا غير'],
    ['100', 'فقط مائة دينار لا غير'],
    ['103', 'فقط مائة وثلاثة دنانير لا غير'],
    ['200', 'فقط مائتا دينار لا غير'],
    ['1000', 'فقط ألف دينار لا غير'],
    ['2000', 'فقط ألفا دينار لا غير'],
    ['3000', 'فقط ثلاثة آلاف دينار لا غير'],
    ['2500', 'فقط ألفان وخمسمائة دينار لا غير'],
    ['15000', 'فقط خمسة عشر ألف دينار لا غير'],
    ['1000000', 'فقط مليون دينار لا غير'],
  ])('Arabic dinars %s -> %s', (amount, words) => expect(amountInWords(amount, 'BHD', 'ar')).toBe(words));

  it.each([
    ['0.001', 'فقط فلس واحد لا غير'],
    ['0.002', 'فقط فلسان لا غير'],
    ['0.003', 'فقط ثلاثة فلوس لا غير'],
    ['0.010', 'فقط عشرة فلوس لا غير'],
    ['0.011', 'فقط أحد عشر فلساً لا غير'],
    ['0.100', 'فقط مائة فلس لا غير'],
    ['0.200', 'فقط مائتا فلس لا غير'],
    ['0.250', 'فقط مائتان وخمسون فلساً لا غير'],
    ['2.002', 'فقط ديناران وفلسان لا غير'],
    ['0', 'فقط صفر دينار لا غير'],
  ])('Arabic fils %s -> %s', (amount, words) => expect(amountInWords(amount, 'BHD', 'ar')).toBe(words));
});
