// The native menus: File (Import…, Export…, Backup…), Edit, View, Help, with accelerators. Items
// that open a screen send a `menu.command` event to the renderer; Backup… runs in main.
import type { MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '../../src-shared/ipc/events.js';

export type MenuCommandName = EventPayload<'menu.command'>['command'];

export interface MenuActions {
  command(name: MenuCommandName): void;
  backup(): void;
  openDataFolder(): void;
  openLogsFolder(): void;
}

export function buildMenuTemplate(actions: MenuActions, options: { isMac: boolean; isDev: boolean; appName: string }): MenuItemConstructorOptions[] {
  const { isMac, isDev, appName } = options;
  // The renderer already handles Ctrl+I and Ctrl+, itself (its shortcut list); the menu shows
  // them without capturing the keys, so the keyboard works the same in the browser preview.
  const settings: MenuItemConstructorOptions = { label: 'Settings…', accelerator: 'CmdOrCtrl+,', registerAccelerator: false, click: () => actions.command('view.settings') };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: () => actions.command('help.about') },
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'Import…', accelerator: 'CmdOrCtrl+I', registerAccelerator: false, click: () => actions.command('file.import') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('file.export') },
      { label: 'Backup…', accelerator: 'CmdOrCtrl+Alt+B', click: () => actions.backup() },
      { type: 'separator' },
      ...(isMac ? [] : [settings, { type: 'separator' } as MenuItemConstructorOptions]),
      isMac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(isDev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ...(isMac ? [] : [{ type: 'separator' } as MenuItemConstructorOptions, { label: `About ${appName}`, click: () => actions.command('help.about') }]),
    ],
  });
  return template;
}
