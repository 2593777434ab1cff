import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatMoney, formatQuantity, formatRate, formatUnitPrice } from '../../../src-main/pdf/format.js';

describe('PDF number formatting', () => {
  it('groups rupees in lakh and crore', () => {
    expect(formatMoney('123456.5', 'INR')).toBe('1,23,456.50');
    expect(formatMoney('12345678.9', 'INR')).toBe('1,23,45,678.90');
    expect(formatMoney('999', 'INR')).toBe('999.00');
    expect(formatMoney('1000', 'INR')).toBe('1,000.00');
    expect(formatMoney('-43593.21', 'INR')).toBe('-43,593.21');
  });

  it('prints Bahraini dinars with three decimals and thousands grouping', () => {
    expect(formatMoney('1495.455', 'BHD')).toBe('1,495.455');
    expect(formatMoney('1234567.5', 'BHD')).toBe('1,234,567.500');
    expect(formatMoney('0.0005', 'BHD')).toBe('0.001');
  });

  it('prints every currency at its ISO 4217 scale from src-shared/money, and refuses an unknown code', () => {
    expect(formatMoney('1234.5', 'JOD')).toBe('1,234.500');
    expect(formatMoney('1234.5', 'KWD')).toBe('1,234.500');
    expect(formatMoney('0.0005', 'TND')).toBe('0.001');
    expect(formatMoney('1234.5', 'jpy')).toBe('1,235');
    expect(formatMoney('1.23456', 'CLF')).toBe('1.2346');
    expect(() => formatMoney('1', 'XYZ')).toThrow(/unknown currency "XYZ"/);
  });

  it('never prints negative zero', () => {
    expect(formatMoney('-0.001', 'INR')).toBe('0.00');
    expect(formatDecimal('-0', 2, true)).toBe('0.00');
  });

  it('keeps the extra decimals a unit price was given with, up to four more than the currency', () => {
    expect(formatUnitPrice('50.005', 'INR')).toBe('50.005');
    expect(formatUnitPrice('1450', 'INR')).toBe('1,450.00');
    expect(formatUnitPrice('0.12345678', 'INR')).toBe('0.123457');
    expect(formatUnitPrice('2.35', 'BHD')).toBe('2.350');
  });

  it('prints quantities, rates and dates as a reader expects', () => {
    expect(formatQuantity('2.500')).toBe('2.5');
    expect(formatQuantity('-3')).toBe('-3');
    expect(formatRate('2.50')).toBe('2.5%');
    expect(formatRate('0.125')).toBe('0.125%');
    expect(formatDate('2025-11-14')).toBe('14-11-2025');
  });
});
