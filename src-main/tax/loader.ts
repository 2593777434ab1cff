// Loads the tax plugins: the built-ins (gst-in, vat-bh, none) plus each folder in
// <dataDir>/plugins/<id>/ holding manifest.json and an ES module. Every external plugin is
// validated against the plugin API before use; a broken one is reported by id with the reason
// and skipped: loading never throws.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../src-shared/errors.js';
import { amountInWords, currencyScale, Dec } from '../../src-shared/money/index.js';
import { TAX_PLUGIN_API_VERSION, type TaxPlugin, type TaxPluginHost, type TaxPluginManifest, type TaxResult } from '../../src-shared/tax/plugin-api.js';
import { gstIn } from './gst-in/index.js';
import { noTax } from './none/index.js';
import { vatBh } from './vat-bh/index.js';
import { pluginProblems, resultProblems } from './validate-plugin.js';

export const BUILT_IN_PLUGINS: readonly TaxPlugin[] = Object.freeze([gstIn, vatBh, noTax]);

export interface LoadedPlugins {
  plugins: Map<string, TaxPlugin>;
  errors: Array<{ id: string; message: string }>;
}

export const pluginHost: TaxPluginHost = Object.freeze({
  apiVersion: TAX_PLUGIN_API_VERSION,
  Decimal: Dec,
  currencyScale,
  amountInWords: (amount: string, currency: string, language: 'en' | 'ar' | 'hi') => amountInWords(amount, currency, language),
  taxInputError: (message: string, details: Record<string, unknown> = {}) => new AppError('TAX_INPUT', message, { details }),
});

function readManifest(folder: string, id: string): TaxPluginManifest {
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) throw new Error('manifest.json is missing');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`manifest.json is not valid JSON: ${(error as Error).message}`);
  }
  const m = manifest as Partial<TaxPluginManifest> | null;
  if (typeof m !== 'object' || m === null) throw new Error('manifest.json is not an object');
  if (typeof m.id !== 'string') throw new Error('manifest.json has no "id"');
  if (m.id !== id) throw new Error(`manifest id "${m.id}" differs from the folder name "${id}"`);
  if (m.apiVersion !== TAX_PLUGIN_API_VERSION) throw new Error(`manifest apiVersion is ${JSON.stringify(m.apiVersion)}; this LedgerFlow supports ${TAX_PLUGIN_API_VERSION}`);
  if (typeof m.main !== 'string' || !/\.m?js$/.test(m.main)) throw new Error('manifest "main" must name the plugin\'s .js or .mjs ES module');
  return m as TaxPluginManifest;
}

async function loadOne(folder: string, id: string): Promise<TaxPlugin> {
  const manifest = readManifest(folder, id);
  const entry = resolve(folder, manifest.main);
  if (!entry.startsWith(resolve(folder) + sep)) throw new Error(`manifest "main" (${manifest.main}) points outside the plugin folder`);
  if (!existsSync(entry)) throw new Error(`module ${manifest.main} is missing`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`module ${manifest.main} failed to load: ${(error as Error).message}`);
  }
  const exported = mod.default ?? mod.createPlugin ?? mod.plugin;
  let plugin: unknown = exported;
  if (typeof exported === 'function') {
    try {
      plugin = (exported as (host: TaxPluginHost) => unknown)(pluginHost);
    } catch (error) {
      throw new Error(`the plugin factory threw: ${(error as Error).message}`);
    }
  }
  const problems = pluginProblems(plugin);
  if (problems.length > 0) throw new Error(`does not match the plugin API: ${problems.join('; ')}`);
  const p = plugin as TaxPlugin;
  if (p.id !== id) throw new Error(`plugin id "${p.id}" differs from the folder name "${id}"`);
  return guarded(p);
}

/**
 * An external plugin behind a guard: its own input errors (TAX_INPUT via the host) pass through;
 * anything else it throws, or a result the app could not use, becomes PLUGIN_INVALID naming it.
 */
function guarded(plugin: TaxPlugin): TaxPlugin {
  const invalid = (why: string) => new AppError('PLUGIN_INVALID', `tax plugin "${plugin.id}" ${why}`, { details: { plugin: plugin.id } });
  return Object.freeze({
    ...plugin,
    compute(context, lines) {
      let result: TaxResult;
      try {
        result = plugin.compute(context, lines);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw invalid(`failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const problems = resultProblems(result, lines.length, plugin.kinds);
      if (problems.length > 0) throw invalid(`returned an unusable result: ${problems.join('; ')}`);
      return result;
    },
  } satisfies TaxPlugin);
}

/** Built-ins plus `<dataDir>/plugins/*`, with a list of the plugins that failed and why. */
export async function loadTaxPlugins(dataDir?: string): Promise<LoadedPlugins> {
  const plugins = new Map<string, TaxPlugin>(BUILT_IN_PLUGINS.map((p) => [p.id, p]));
  const errors: LoadedPlugins['errors'] = [];
  if (!dataDir) return { plugins, errors };
  const root = join(dataDir, 'plugins');
  let names: string[] = [];
  try {
    if (existsSync(root)) names = readdirSync(root).filter((n) => !n.startsWith('.')).sort();
  } catch (error) {
    errors.push({ id: '(plugins folder)', message: `cannot read ${root}: ${(error as Error).message}` });
  }
  for (const id of names) {
    const folder = join(root, id);
    try {
      if (!statSync(folder).isDirectory()) continue;
      if (plugins.has(id)) throw new Error(`"${id}" is a built-in plugin id; rename the folder and the plugin`);
      plugins.set(id, await loadOne(folder, id));
    } catch (error) {
      errors.push({ id, message: `tax plugin "${id}" was not loaded: ${(error as Error).message}` });
    }
  }
  return { plugins, errors };
}

/** The plugin with this id, or AppError NOT_FOUND naming it and the ids available. */
export function getTaxPlugin(plugins: ReadonlyMap<string, TaxPlugin>, id: string): TaxPlugin {
  const plugin = plugins.get(id);
  if (!plugin) throw new AppError('NOT_FOUND', `tax plugin "${id}" is not installed (available: ${[...plugins.keys()].join(', ')})`, { details: { plugin: id } });
  return plugin;
}
