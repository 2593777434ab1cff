// i18next set up once for the whole renderer: three bundled languages, the chosen one remembered
// in localStorage, and <html lang dir> kept in step so Arabic mirrors the whole layout.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../locales/en/translation.json' with { type: 'json' };
import ar from '../../locales/ar/translation.json' with { type: 'json' };
import hi from '../../locales/hi/translation.json' with { type: 'json' };

export const LANGUAGES = ['en', 'ar', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The Intl locale used for numbers, money and dates in each UI language. */
export const INTL_LOCALE: Record<Language, string> = { en: 'en-IN', ar: 'ar-BH', hi: 'hi-IN' };

const STORAGE_KEY = 'ledgerflow.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (privacy mode); fall back to the browser's language
  }
  const nav = (navigator.language || 'en').slice(0, 2);
  return isLanguage(nav) ? nav : 'en';
}

function applyDocumentLanguage(lang: Language): void {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ar: { translation: ar }, hi: { translation: hi } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDocumentLanguage(lng);
  return i18next;
}

export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
  applyDocumentLanguage(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the switch still applies to this session
  }
}

export function currentLanguage(): Language {
  const lng = i18next.language;
  return isLanguage(lng) ? lng : 'en';
}
