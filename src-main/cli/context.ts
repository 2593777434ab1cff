// What every CLI command receives: the resolved global options and the way to print results.
// Commands never call process.exit; they return an exit code (0 done, 1 failed) or throw an
// AppError (BAD_INPUT and other input codes -> exit 2, anything else -> exit 1).
import type { Command } from 'commander';
import type { Core } from '../core/create-core.js';

export interface CliContext {
  /** `--json`: print exactly one JSON document on stdout, nothing else. */
  readonly json: boolean;
  /** `--data-dir`, LEDGERFLOW_DATA_DIR, or the desktop app's data folder. */
  readonly dataDir: string;
  /** Print the command's result: `doc` as JSON under --json, otherwise `human` (lines). */
  result(doc: unknown, human: string | string[]): void;
  /** Progress and notes for people: stderr, silent under --json. */
  info(message: string): void;
  /** Opens the data folder's store once per run (migrating it) and returns the core. */
  core(): Promise<Core>;
}

export type CommandAction<A extends unknown[]> = (ctx: CliContext, ...args: A) => Promise<number | void>;

/** Wraps a command implementation into a commander action with context and error handling. */
export type ActionFactory = <A extends unknown[]>(fn: CommandAction<A>) => (...args: unknown[]) => Promise<void>;

export type CommandRegistrar = (program: Command, action: ActionFactory) => void;
