// Checks that an object honours the tax plugin API (TAX_PLUGIN_API_VERSION 1) before the app
// uses it: shape, names, currencies, kinds, invoice-number pattern, and a settings schema that
// compiles with ajv and accepts the plugin's own defaults. Returns every problem found.
import { Ajv } from 'ajv';
import { isKnownCurrency } from '../../src-shared/money/index.js';
import { TAX_PLUGIN_API_VERSION, type InvoiceKind, type TaxPlugin } from '../../src-shared/tax/plugin-api.js';

const KINDS: InvoiceKind[] = ['tax_invoice', 'simplified_tax_invoice', 'bill_of_supply', 'cash_memo', 'credit_note', 'debit_note'];
const ID = /^[a-z][a-z0-9-]{1,31}$/;

export function pluginProblems(candidate: unknown): string[] {
  const problems: string[] = [];
  if (typeof candidate !== 'object' || candidate === null) return ['the module does not export a plugin object (or a factory returning one)'];
  const p = candidate as Partial<Record<keyof TaxPlugin, unknown>>;
  if (p.apiVersion !== TAX_PLUGIN_API_VERSION) problems.push(`apiVersion is ${JSON.stringify(p.apiVersion)}; this LedgerFlow supports ${TAX_PLUGIN_API_VERSION}`);
  if (typeof p.id !== 'string' || !ID.test(p.id)) problems.push(`id ${JSON.stringify(p.id)} must be 2-32 lower-case letters, digits or "-", starting with a letter`);
  const name = p.name as Record<string, unknown> | undefined;
  for (const lang of ['en', 'ar', 'hi']) if (typeof name?.[lang] !== 'string' || name[lang] === '') problems.push(`name.${lang} must be non-empty text`);
  if (!Array.isArray(p.countries) || p.countries.some((c) => typeof c !== 'string' || !/^[A-Z]{2}$/.test(c))) problems.push('countries must be ISO 3166 alpha-2 codes');
  if (!Array.isArray(p.currencies) || p.currencies.length === 0) problems.push('currencies must list at least one ISO 4217 code');
  else for (const c of p.currencies) if (typeof c !== 'string' || !isKnownCurrency(c)) problems.push(`currency ${JSON.stringify(c)} is not an ISO 4217 code LedgerFlow knows`);
  if (!Array.isArray(p.kinds) || p.kinds.length === 0) problems.push('kinds must list at least one invoice kind');
  else for (const k of p.kinds) if (!KINDS.includes(k as InvoiceKind)) problems.push(`kind ${JSON.stringify(k)} is not one of ${KINDS.join(', ')}`);
  for (const fn of ['ratesOn', 'validateTaxId', 'compute', 'amountInWords'] as const) if (typeof p[fn] !== 'function') problems.push(`${fn} must be a function`);
  const rules = p.invoiceNumberRules as Record<string, unknown> | undefined;
  if (typeof rules !== 'object' || rules === null) problems.push('invoiceNumberRules is missing');
  else {
    if (typeof rules.maxLength !== 'number' || !Number.isInteger(rules.maxLength) || rules.maxLength < 1) problems.push('invoiceNumberRules.maxLength must be a positive integer');
    if (typeof rules.description !== 'string') problems.push('invoiceNumberRules.description must be text');
    if (typeof rules.caseInsensitiveUnique !== 'boolean') problems.push('invoiceNumberRules.caseInsensitiveUnique must be true or false');
    try {
      if (typeof rules.pattern !== 'string') throw new Error('not text');
      new RegExp(rules.pattern);
    } catch (error) {
      problems.push(`invoiceNumberRules.pattern is not a regular expression: ${(error as Error).message}`);
    }
  }
  if (typeof p.settingsSchema !== 'object' || p.settingsSchema === null) problems.push('settingsSchema must be a JSON Schema object');
  else {
    try {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(p.settingsSchema as object);
      if (typeof p.defaultSettings !== 'object' || p.defaultSettings === null) problems.push('defaultSettings must be an object');
      else if (!validate(p.defaultSettings)) problems.push(`defaultSettings do not match settingsSchema: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    } catch (error) {
      problems.push(`settingsSchema does not compile: ${(error as Error).message}`);
    }
  }
  if (problems.length === 0) {
    try {
      const rates = (p.ratesOn as TaxPlugin['ratesOn'])('2026-01-01');
      if (!Array.isArray(rates) || rates.some((r) => typeof r !== 'string')) problems.push('ratesOn must return an array of decimal strings');
    } catch (error) {
      problems.push(`ratesOn threw: ${(error as Error).message}`);
    }
  }
  return problems;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Problems with a plugin's compute() result: the parts the engine, the PDF and the store rely on. */
export function resultProblems(result: unknown, lineCount: number, kinds: readonly string[]): string[] {
  if (typeof result !== 'object' || result === null) return ['compute() returned no result object'];
  const r = result as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(r.lines) || r.lines.length !== lineCount) problems.push(`lines must hold one result per input line (${lineCount})`);
  else r.lines.forEach((line: Record<string, unknown>, i: number) => {
    for (const key of ['taxable', 'tax', 'total']) if (typeof line?.[key] !== 'string' || !DECIMAL.test(line[key] as string)) problems.push(`lines[${i}].${key} must be a decimal string`);
    if (!Array.isArray(line?.components)) problems.push(`lines[${i}].components must be an array`);
  });
  if (!Array.isArray(r.components)) problems.push('components must be an array');
  const totals = r.totals as Record<string, unknown> | undefined;
  for (const key of ['taxable', 'tax', 'total', 'roundOff', 'grandTotal']) if (typeof totals?.[key] !== 'string' || !DECIMAL.test(totals[key] as string)) problems.push(`totals.${key} must be a decimal string`);
  if (typeof r.kind !== 'string' || !kinds.includes(r.kind)) problems.push(`kind ${JSON.stringify(r.kind)} is not one of the plugin's kinds`);
  if (!Array.isArray(r.summaryTables)) problems.push('summaryTables must be an array');
  if (!Array.isArray(r.notes)) problems.push('notes must be an array');
  if (typeof (r.amountInWords as Record<string, unknown> | undefined)?.en !== 'string') problems.push('amountInWords.en must be text');
  return problems;
}
