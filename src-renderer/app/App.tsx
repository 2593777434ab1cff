// The app shell: skip link, left nav (right in Arabic), top bar with the open business and the
// language, the current screen, the whole-window drop zone for spreadsheets, and the shortcuts.
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppProvider, markLanguageChosen, useApp } from './context.js';
import { SCREENS, ACTION_SHORTCUTS, type ScreenId } from './navigation.js';
import { useShortcuts } from './shortcuts.js';
import { subscribe } from './backend.js';
import { AnnouncerProvider } from '../components/Announcer.js';
import { Icon } from '../components/Icon.js';
import { DroppedFileProvider, useDroppedFile } from './dropped-file.js';
import { LANGUAGES, isLanguage, setLanguage, type Language } from '../i18n/index.js';
import { HomeScreen } from '../features/home/HomeScreen.js';
import { BusinessesScreen } from '../features/businesses/BusinessesScreen.js';
import { CustomersScreen } from '../features/catalog/CustomersScreen.js';
import { ProductsScreen } from '../features/catalog/ProductsScreen.js';
import { ImportScreen } from '../features/import/ImportScreen.js';
import { GenerateScreen } from '../features/generate/GenerateScreen.js';
import { InvoicesScreen } from '../features/invoices/InvoicesScreen.js';
import { InvoiceEditorScreen } from '../features/invoices/InvoiceEditorScreen.js';
import { ExportsScreen } from '../features/exports/ExportsScreen.js';
import { GstScreen } from '../features/gst/GstScreen.js';
import { AuditScreen } from '../features/audit/AuditScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { SyncPill } from '../features/sync/SyncPill.js';
import { CommandPalette } from '../features/palette/CommandPalette.js';
import { RestoredNotice } from '../features/settings/RestoreBackup.js';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ar: 'العربية', hi: 'हिन्दी' };

// The screen of each route. Customers and products start from their parameters (a search, a
// new-entry form): a new set of parameters (from the palette) starts the screen afresh.
const SCREEN_COMPONENTS: Record<ScreenId, ComponentType> = {
  home: HomeScreen,
  businesses: BusinessesScreen,
  customers: CustomersScreen,
  products: ProductsScreen,
  import: ImportScreen,
  generate: GenerateScreen,
  invoices: InvoicesScreen,
  'invoice-editor': InvoiceEditorScreen,
  exports: ExportsScreen,
  gst: GstScreen,
  audit: AuditScreen,
  settings: SettingsScreen,
};
const STARTS_FROM_PARAMS: ReadonlySet<ScreenId> = new Set<ScreenId>(['customers', 'products']);

function screenFor(id: ScreenId, params: Record<string, string> | undefined): ReactNode {
  const Screen = SCREEN_COMPONENTS[id];
  return STARTS_FROM_PARAMS.has(id) ? <Screen key={`${params?.search ?? ''}|${params?.mode ?? ''}`} /> : <Screen />;
}

function ShortcutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <div className="shortcut-list">
        {ACTION_SHORTCUTS.map((s) => (
          <FragmentRow key={s.keys} label={t(s.label)} keys={s.keys} />
        ))}
        {SCREENS.filter((s) => s.shortcut).map((s) => (
          <FragmentRow key={s.id} label={t('shortcuts.goTo', { screen: t(s.label) })} keys={s.shortcut as string} />
        ))}
      </div>
      <button type="button" className="primary" onClick={onClose} autoFocus>
        {t('common.close')}
      </button>
    </dialog>
  );
}

function FragmentRow({ label, keys }: { label: string; keys: string }) {
  return (
    <>
      <span>{label}</span>
      <kbd dir="ltr">{keys}</kbd>
    </>
  );
}

function Shell() {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const { setFile } = useDroppedFile();
  const [helpOpen, setHelpOpen] = useState(false);
  const [paletteRequest, setPaletteRequest] = useState(0);
  const openPalette = useCallback(() => setPaletteRequest((n) => n + 1), []);
  const [dragging, setDragging] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const lang: Language = isLanguage(i18n.language) ? i18n.language : 'en';

  const handlers = useMemo(
    () => ({ go: app.navigate, search: app.requestSearch, palette: openPalette, help: () => setHelpOpen(true) }),
    [app.navigate, app.requestSearch, openPalette],
  );
  useShortcuts(handlers);

  // The desktop app's native menu asks for screens (File > Import..., Settings...).
  useEffect(
    () =>
      subscribe('menu.command', ({ command }) => {
        const target: Record<string, ScreenId> = { 'file.import': 'import', 'file.export': 'exports', 'view.settings': 'settings', 'help.about': 'settings' };
        const screen = target[command];
        if (screen) app.navigate(screen);
      }),
    [app],
  );

  // After navigating, put focus on the new screen's heading so screen readers announce it.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [app.route]);

  // The whole window is a drop zone for spreadsheets: a drop anywhere opens the import wizard.
  const dragDepth = useRef(0);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      const file = e.dataTransfer?.files?.[0];
      if (file) {
        setFile(file);
        app.navigate('import');
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [app, setFile]);

  const changeLanguage = useCallback(
    (next: Language) => {
      markLanguageChosen();
      void setLanguage(next);
      app.updateSettings({ language: next }).catch(() => undefined);
    },
    [app],
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        {t('shell.skipToContent')}
      </a>
      <nav className="nav" aria-label={t('shell.mainNav')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <span>LedgerFlow</span>
        </div>
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={app.route.screen === screen.id ? 'page' : undefined}
                onClick={() => app.navigate(screen.id)}
                title={screen.shortcut ? `${t(screen.label)} (${screen.shortcut})` : t(screen.label)}
                aria-keyshortcuts={screen.shortcut?.replace('Ctrl', 'Control')}
              >
                <Icon name={screen.id} />
                <span>{t(screen.label)}</span>
                {screen.shortcut ? (
                  <kbd aria-hidden="true" dir="ltr">
                    {screen.shortcut}
                  </kbd>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
        <div className="nav-footer">
          {app.info ? t('shell.version', { version: app.info.version }) : null}
        </div>
      </nav>
      <header className="topbar">
        <label>
          <span>{t('shell.business')}</span>
          <select
            value={app.business?.id ?? ''}
            onChange={(e) => app.selectBusiness(e.target.value)}
            disabled={!app.businesses?.length}
            data-testid="business-select"
          >
            {!app.businesses?.length ? <option value="">{t('shell.noBusiness')}</option> : null}
            {app.businesses?.map((b) => (
              <option key={b.id} value={b.id}>
                {/* An option holds text only: the name in first-strong isolates, as <bdi> does elsewhere. */}
                {`\u2068${b.name}\u2069`}
                {b.sandbox ? ` · ${t('business.sandbox')}` : ''}
              </option>
            ))}
          </select>
        </label>
        {app.business?.sandbox ? <span className="badge warn">{t('business.sandboxBadge')}</span> : null}
        <span className="spacer" />
        <button type="button" onClick={openPalette} title={`${t('palette.title')} (Ctrl+K)`} aria-keyshortcuts="Control+K" data-testid="open-palette">
          <span aria-hidden="true">⌕</span> {t('palette.button')} <kbd dir="ltr" aria-hidden="true">Ctrl+K</kbd>
        </button>
        <SyncPill />
        <label>
          <span>{t('shell.language')}</span>
          <select value={lang} onChange={(e) => isLanguage(e.target.value) && changeLanguage(e.target.value)} data-testid="language-select">
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setHelpOpen(true)} title={`${t('shortcuts.title')} (Shift+?)`} aria-keyshortcuts="Shift+?">
          <span aria-hidden="true">⌨</span> {t('shortcuts.button')}
        </button>
      </header>
      <main id="main" className="content" ref={mainRef} tabIndex={-1}>
        <RestoredNotice />
        {screenFor(app.route.screen, app.route.params)}
      </main>
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div>{t('import.dropAnywhere')}</div>
        </div>
      ) : null}
      <ShortcutDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <CommandPalette openRequest={paletteRequest} />
    </div>
  );
}

export function App() {
  return (
    <AnnouncerProvider>
      <AppProvider>
        <DroppedFileProvider>
          <Shell />
        </DroppedFileProvider>
      </AppProvider>
    </AnnouncerProvider>
  );
}
