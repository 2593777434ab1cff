// The composition root: opens the store, loads the tax plugins, and wires logging and metrics.
// Everything the transports (Electron IPC, the preview bridge, the CLI) reach goes through the
// Core returned here; nothing in it knows which transport called.
import { loadTaxPlugins } from '../tax/loader.js';
import type { TaxPlugin } from '../../src-shared/tax/plugin-api.js';
import { openStore, type Store, type StoreOptions } from '../db/store.js';
import { prepareDataFolder } from '../backup/restore.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { EventBus } from './events.js';
import type { EngineContext } from '../engine/context.js';

export interface CoreDeps {
  dataDir: string;
  store?: StoreOptions;
  logger?: Logger;
  metrics?: Metrics;
  /** Override the plugin set (tests); defaults to built-ins plus <dataDir>/plugins. */
  plugins?: ReadonlyMap<string, TaxPlugin>;
  /** The bus to emit on (a shell reopening the core after a restore keeps its listeners). */
  events?: EventBus;
}

export interface Core extends EngineContext {
  readonly dataDir: string;
  readonly store: Store;
  readonly plugins: ReadonlyMap<string, TaxPlugin>;
  /** Plugins that failed to load, by id, with the reason (shown on the Home screen). */
  readonly pluginErrors: ReadonlyArray<{ id: string; message: string }>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly events: EventBus;
  /** Registers cleanup (worker pools, servers) run by close(), last registered first. */
  onClose(closer: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export async function createCore(deps: CoreDeps): Promise<Core> {
  const logger = deps.logger ?? createLogger(deps.dataDir);
  // A restore killed part-way is finished (or undone) before anything opens the folder.
  prepareDataFolder(deps.dataDir);
  const store = openStore(deps.dataDir, deps.store);
  let plugins: ReadonlyMap<string, TaxPlugin>;
  let pluginErrors: Array<{ id: string; message: string }> = [];
  if (deps.plugins) plugins = deps.plugins;
  else {
    const loaded = await loadTaxPlugins(deps.dataDir);
    plugins = loaded.plugins;
    pluginErrors = loaded.errors;
    for (const error of pluginErrors) logger.warn('tax plugin failed to load', { plugin: error.id, reason: error.message });
  }
  const closers: Array<() => Promise<void> | void> = [];
  let closed = false;
  const core: Core = {
    dataDir: deps.dataDir,
    store,
    plugins,
    pluginErrors,
    logger,
    metrics: deps.metrics ?? createMetrics(),
    events: deps.events ?? new EventBus(),
    onClose(closer) {
      closers.push(closer);
    },
    async close() {
      // Idempotent: a shell that restored closes the old core, and the CLI closes it again at exit.
      if (closed) return;
      closed = true;
      for (const close of closers.reverse()) await close();
      store.close();
    },
  };
  return core;
}
