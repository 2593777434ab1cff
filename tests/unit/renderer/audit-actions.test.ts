// Audit log actions are shown to a person in the UI language, not as codes ("invoice.void"):
// every action code the main process writes has a label in English, Arabic and Hindi.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { auditActionLabel, auditEntityLabel } from '../../../src-renderer/i18n/audit-actions.js';
import en from '../../../locales/en/translation.json' with { type: 'json' };
import ar from '../../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../../locales/hi/translation.json' with { type: 'json' };

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });

const root = join(import.meta.dirname, '..', '..', '..', 'src-main');
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
});
const codes = new Set<string>();
for (const file of files(root)) for (const m of readFileSync(file, 'utf8').matchAll(/action: [^,]*?'([a-z_]+\.[a-z_.]+)'(?: : '([a-z_]+\.[a-z_.]+)')?/g)) for (const code of [m[1], m[2]]) if (code) codes.add(code);

describe('audit actions in the UI language', () => {
  it('finds the action codes the main process writes (the scan works)', () => {
    expect(codes.size).toBeGreaterThan(15);
    expect(codes).toContain('invoice.void');
    expect(codes).toContain('invoice.draft_create');
    expect(codes).toContain('invoice.draft_update');
  });

  for (const lang of ['en', 'ar', 'hi'] as const) {
    it(`labels every one of them in ${lang}`, () => {
      const t = i18n.getFixedT(lang);
      expect([...codes].filter((code) => auditActionLabel(t, code) === code)).toEqual([]);
    });
  }

  it('reads IPC method names and entity names alike', () => {
    const t = i18n.getFixedT('en');
    expect(auditActionLabel(t, 'customers.update')).toBe('Customer: changed');
    expect(auditActionLabel(t, 'invoice.void')).toBe('Invoice: voided');
    expect(auditActionLabel(t, 'something.new')).toBe('something.new');
    expect(auditEntityLabel(i18n.getFixedT('ar'), 'invoice')).toBe('الفاتورة');
  });
});
