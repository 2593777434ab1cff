// App-wide state every screen reads: where we are, which business is open, the settings, and the
// installed tax plugins. Navigation is in memory (the URL hash belongs to the preview bridge's token).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Static } from '@sinclair/typebox';
import type { AppInfo, BusinessView, PluginInfo as PluginInfoSchema } from '../../src-shared/ipc/models.js';
import type { Settings, SettingsPatch } from '../../src-shared/schemas/settings.js';
import { call } from './backend.js';
import { SCREENS, type ScreenId } from './navigation.js';
import { isLanguage, setLanguage } from '../i18n/index.js';

export interface Route {
  screen: ScreenId;
  /** Screen-specific parameters (an invoice id, "new" for a form, a batch id...). */
  params?: Record<string, string>;
}

interface AppState {
  route: Route;
  navigate(screen: ScreenId, params?: Record<string, string>): void;
  businesses: BusinessView[] | undefined;
  businessesError: unknown;
  business: BusinessView | undefined;
  selectBusiness(id: string): void;
  reloadBusinesses(): Promise<BusinessView[]>;
  settings: Settings | undefined;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  info: AppInfo | undefined;
  /** Bumped to ask the current screen to focus its search box (Ctrl+K). */
  searchRequest: number;
  requestSearch(): void;
}

const Ctx = createContext<AppState | null>(null);

/** Set once the person picks a language, so late-arriving settings do not switch it back. */
let languageChosenByUser = false;
export function markLanguageChosen(): void {
  languageChosenByUser = true;
}

export type PluginInfo = Static<typeof PluginInfoSchema>;

/** `?screen=import` opens a screen directly (links, audits such as Lighthouse); the hash is the bridge's. */
function initialRoute(): Route {
  const wanted = new URLSearchParams(window.location.search).get('screen');
  return { screen: SCREENS.some((s) => s.id === wanted) ? (wanted as ScreenId) : 'home' };
}

function applyTheme(settings: Settings | undefined) {
  const root = document.documentElement;
  if (!settings || settings.theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', settings.theme);
  root.toggleAttribute('data-reduce-motion', Boolean(settings?.reduceMotion));
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState<Route>(initialRoute);
  const [businesses, setBusinesses] = useState<BusinessView[] | undefined>();
  const [businessesError, setBusinessesError] = useState<unknown>();
  const [businessId, setBusinessId] = useState<string | undefined>();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [searchRequest, setSearchRequest] = useState(0);

  const reloadBusinesses = useCallback(async () => {
    try {
      const list = await call('businesses.list', {});
      setBusinesses(list);
      setBusinessesError(undefined);
      setBusinessId((current) => (current && list.some((b) => b.id === current) ? current : list[0]?.id));
      return list;
    } catch (error) {
      setBusinessesError(error);
      throw error;
    }
  }, []);

  useEffect(() => {
    reloadBusinesses().catch(() => undefined);
    call('app.info', {}).then(setInfo, () => undefined);
    call('settings.get', {}).then(
      (s) => {
        setSettings(s);
        applyTheme(s);
        if (isLanguage(s.language) && !languageChosenByUser) void setLanguage(s.language);
        if (s.defaultBusinessId) setBusinessId((current) => current ?? s.defaultBusinessId ?? undefined);
      },
      () => undefined,
    );
  }, [reloadBusinesses]);

  const updateSettings = useCallback(async (patch: SettingsPatch) => {
    const next = await call('settings.set', patch);
    setSettings(next);
    applyTheme(next);
    if (patch.language && isLanguage(next.language)) await setLanguage(next.language);
    return next;
  }, []);

  const value = useMemo<AppState>(
    () => ({
      route,
      navigate: (screen, params) => setRoute({ screen, params }),
      businesses,
      businessesError,
      business: businesses?.find((b) => b.id === businessId),
      selectBusiness: setBusinessId,
      reloadBusinesses,
      settings,
      updateSettings,
      info,
      searchRequest,
      requestSearch: () => setSearchRequest((n) => n + 1),
    }),
    [route, businesses, businessesError, businessId, reloadBusinesses, settings, updateSettings, info, searchRequest],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useApp(): AppState {
  const value = useContext(Ctx);
  if (!value) throw new Error('useApp outside AppProvider');
  return value;
}
