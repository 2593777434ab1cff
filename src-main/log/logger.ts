// Structured logs (docs/ARCHITECTURE.md rule 10): electron-log writing one JSON object per line to
// <data-dir>/logs/ledgerflow.jsonl, in the CLI and in Electron alike. A child logger binds fields
// (the batch's trace id) so every line of an operation carries them.
import electronLog from 'electron-log/node.js';
import { join } from 'node:path';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line carries `fields` (e.g. { traceId }). */
  child(fields: LogFields): Logger;
}

type Level = 'debug' | 'info' | 'warn' | 'error';

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack };
  return value;
}

let instanceCount = 0;

export function createLogger(dataDir: string, options: { level?: Level; console?: boolean } = {}): Logger {
  const log = electronLog.create({ logId: `ledgerflow-${++instanceCount}` });
  log.transports.file.resolvePathFn = () => join(dataDir, 'logs', 'ledgerflow.jsonl');
  log.transports.file.level = options.level ?? 'info';
  log.transports.file.maxSize = 20 * 1024 * 1024;
  log.transports.file.format = ({ message }) => [message.data[0]];
  log.transports.console.level = options.console ? 'warn' : false;
  const write = (level: Level, message: string, fields: LogFields) => {
    const entry: LogFields = { time: new Date().toISOString(), level, msg: message };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
    log[level](JSON.stringify(entry));
  };
  const make = (bound: LogFields): Logger => ({
    debug: (message, fields = {}) => write('debug', message, { ...bound, ...fields }),
    info: (message, fields = {}) => write('info', message, { ...bound, ...fields }),
    warn: (message, fields = {}) => write('warn', message, { ...bound, ...fields }),
    error: (message, fields = {}) => write('error', message, { ...bound, ...fields }),
    child: (fields) => make({ ...bound, ...fields }),
  });
  return make({ pid: process.pid });
}

/** A logger that drops everything (unit tests of pure code). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
