// The start-up of a long-running shell (the desktop app and the preview bridge share it): the core
// on the data folder, orphaned temp files cleared, automatic backups and the background sync
// started, all closed with the core. A restore from the UI reopens the folder through the same
// function (src-main/core/core-host.ts), so the restored data starts exactly as the app does.
import { startAutoBackups } from './auto-backup.js';
import { startBackgroundSync } from './background-sync.js';
import { createCore, type Core } from './create-core.js';
import { createCoreHost, type CoreHost } from './core-host.js';
import { clearDeadWritersTempFiles, keepPdfWriterWarm } from './services.js';
import type { EventBus } from './events.js';

export interface AppCoreOptions {
  dataDir: string;
  /** Runs before the services start (the desktop app hands the core its keychain here). */
  prepare?: (core: Core) => void;
}

export async function openAppCore(options: AppCoreOptions, events?: EventBus): Promise<Core> {
  const core = await createCore({ dataDir: options.dataDir, events });
  // Temp files of PDFs and ZIPs whose writer was killed (the app or a CLI run) go at start.
  clearDeadWritersTempFiles(core);
  options.prepare?.(core);
  // The PDF workers start now (compiler and fonts ready before the first invoice) and serve every
  // request of the app's life, instead of a pool started and stopped per request.
  keepPdfWriterWarm(core);
  startAutoBackups(core);
  // Push then pull in the background while connected; offline the queue grows and the window says so.
  startBackgroundSync(core);
  return core;
}

/** The shell's host: the app core now, and the same start-up again after a restore. */
export async function openAppHost(options: AppCoreOptions): Promise<CoreHost> {
  const open = (events?: EventBus) => openAppCore(options, events);
  return createCoreHost(await open(), open);
}
