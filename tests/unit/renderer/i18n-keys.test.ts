// Every UI string goes through i18next: a key used in the renderer must exist in en, ar and hi,
// every locale must have exactly the same keys, no value may be empty, placeholders must match,
// and no key may sit unused. Keys appear in source only as t('key') or k('key') (see i18n/keys.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const LANGS = ['en', 'ar', 'hi'] as const;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(obj)) {
    if (value && typeof value === 'object') for (const [k, v] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, String(value));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'ipc' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const locales = Object.fromEntries(LANGS.map((lang) => [lang, flatten(JSON.parse(readFileSync(join(root, 'locales', lang, 'translation.json'), 'utf8')) as Record<string, unknown>)]));
const used = new Set<string>();
for (const file of sourceFiles(join(root, 'src-renderer'))) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/\b[tk]\(\s*'([A-Za-z0-9_.]+)'/g)) if (match[1]) used.add(match[1]);
}
// i18next plurals: t('key', { count }) reads key_one, key_other... (the forms of each language's
// Intl.PluralRules); the source names only `key`.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseOf = (key: string) => key.replace(PLURAL, '');
const has = (lang: (typeof LANGS)[number], key: string) => Boolean(locales[lang]?.has(key) || locales[lang]?.has(`${key}_other`));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('finds keys in the renderer at all (the scan works)', () => {
    expect(used.size).toBeGreaterThan(100);
  });

  for (const lang of LANGS) {
    it(`has every key the renderer uses in ${lang}`, () => {
      expect([...used].filter((key) => !has(lang, key))).toEqual([]);
    });
    it(`has no key in ${lang} that the renderer does not use`, () => {
      expect([...(locales[lang]?.keys() ?? [])].filter((key) => !used.has(key) && !used.has(baseOf(key)))).toEqual([]);
    });
    it(`has no empty message in ${lang}`, () => {
      expect([...(locales[lang]?.entries() ?? [])].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });
  }

  it('uses the same placeholders in every language', () => {
    const mismatched: string[] = [];
    for (const [key, en] of locales.en ?? []) {
      for (const lang of ['ar', 'hi'] as const) {
        const other = locales[lang]?.get(key);
        if (other !== undefined && placeholders(other).join() !== placeholders(en).join()) mismatched.push(`${lang}:${key}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('gives every plural every form its language needs, with the placeholders of the English', () => {
    const missing: string[] = [];
    for (const lang of LANGS) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const bases = new Set([...(locales[lang]?.keys() ?? [])].filter((key) => PLURAL.test(key)).map(baseOf));
      for (const base of bases) {
        for (const form of forms) {
          const text = locales[lang]?.get(`${base}_${form}`);
          if (text === undefined) missing.push(`${lang}:${base}_${form}`);
          else if (placeholders(text).join() !== placeholders(locales.en?.get(`${base}_other`) ?? '').join()) missing.push(`${lang}:${base}_${form} placeholders`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('counts with plurals, not "(s)", "(एँ)" or "1 entries"', () => {
    const bad = LANGS.flatMap((lang) => [...(locales[lang]?.entries() ?? [])].filter(([, v]) => /\w\(s\)|\((एँ|ें|याँ)\)/.test(v)).map(([key]) => `${lang}:${key}`));
    expect(bad).toEqual([]);
  });

  it('really translates Arabic and Hindi (most messages differ from English)', () => {
    for (const lang of ['ar', 'hi'] as const) {
      let same = 0;
      for (const [key, en] of locales.en ?? []) if (locales[lang]?.get(key) === en) same++;
      expect(same / (locales.en?.size ?? 1)).toBeLessThan(0.1);
    }
  });
});
