// What the engine needs from the app around it: the data folder, the store, the tax plugins, the
// logger and the metrics. The composition root's Core satisfies it; the engine never imports core
// (layers point down: docs/ARCHITECTURE.md "What each folder owns").
import type { TaxPlugin } from '../../src-shared/tax/plugin-api.js';
import type { Store } from '../db/store.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';

export interface EngineContext {
  readonly dataDir: string;
  readonly store: Store;
  readonly plugins: ReadonlyMap<string, TaxPlugin>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}
