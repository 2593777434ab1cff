// The screens, their nav labels, icons and keyboard shortcuts: one list the nav, the shortcut
// handler and the help dialog all read.
import { k } from '../i18n/keys.js';
export type ScreenId = 'home' | 'businesses' | 'customers' | 'products' | 'import' | 'generate' | 'invoices' | 'invoice-editor' | 'exports' | 'gst' | 'audit' | 'settings';

export interface ScreenDef {
  id: ScreenId;
  label: string;
  /** Shown in the nav and in tooltips; handled in useShortcuts. */
  shortcut?: string;
}

export const SCREENS: ScreenDef[] = [
  { id: 'home', label: k('nav.home'), shortcut: 'Alt+1' },
  { id: 'businesses', label: k('nav.businesses'), shortcut: 'Alt+2' },
  { id: 'customers', label: k('nav.customers'), shortcut: 'Alt+3' },
  { id: 'products', label: k('nav.products'), shortcut: 'Alt+4' },
  { id: 'import', label: k('nav.import'), shortcut: 'Alt+5' },
  { id: 'generate', label: k('nav.generate'), shortcut: 'Ctrl+G' },
  { id: 'invoice-editor', label: k('nav.newInvoice'), shortcut: 'Ctrl+N' },
  { id: 'invoices', label: k('nav.invoices'), shortcut: 'Alt+7' },
  { id: 'exports', label: k('nav.exports'), shortcut: 'Alt+8' },
  { id: 'gst', label: k('nav.gst'), shortcut: 'Alt+6' },
  { id: 'audit', label: k('nav.audit'), shortcut: 'Alt+9' },
  { id: 'settings', label: k('nav.settings'), shortcut: 'Ctrl+,' },
];

/** Frequent actions (besides going to a screen), for the shortcut help dialog. */
export const ACTION_SHORTCUTS = [
  { keys: 'Ctrl+N', label: k('shortcuts.newInvoice') },
  { keys: 'Ctrl+Shift+B', label: k('shortcuts.newBusiness') },
  { keys: 'Ctrl+I', label: k('shortcuts.import') },
  { keys: 'Ctrl+G', label: k('shortcuts.generate') },
  { keys: 'Ctrl+K', label: k('shortcuts.palette') },
  { keys: 'Ctrl+F', label: k('shortcuts.search') },
  { keys: 'Shift+?', label: k('shortcuts.help') },
] as const;
