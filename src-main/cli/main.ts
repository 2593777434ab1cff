// The `ledgerflow` CLI (docs/ARCHITECTURE.md "CLI contract"): global --data-dir and --json before or after
// the command; exit 0 done, 1 failed, 2 bad input or usage. Commands live in ./commands/, each a
// thin layer over core functions.
import { Command, CommanderError } from 'commander';
import { toAppError, type AppError, type ErrorCode } from '../../src-shared/errors.js';
import { appVersion, resolveDataDir } from '../runtime/paths.js';
import { createCore, type Core } from '../core/create-core.js';
import type { ActionFactory, CliContext } from './context.js';
import { registerCommands } from './registry.js';

/** Codes that mean "the input was wrong" (exit 2) rather than "the work failed" (exit 1). */
const INPUT_CODES = new Set<ErrorCode>(['BAD_INPUT', 'TAX_INPUT', 'NOT_FOUND', 'IMPORT_UNREADABLE', 'IMPORT_MISSING_COLUMN', 'IMPORT_TOO_LARGE', 'FORBIDDEN', 'PLUGIN_INVALID']);

export function exitCodeFor(error: AppError): number {
  return INPUT_CODES.has(error.code) ? 2 : 1;
}

export async function main(argv: string[], io: { stdout?: (s: string) => void; stderr?: (s: string) => void } = {}): Promise<number> {
  const stdout = io.stdout ?? ((s: string) => process.stdout.write(s));
  const stderr = io.stderr ?? ((s: string) => process.stderr.write(s));
  let exitCode = 0;
  let openedCore: Promise<Core> | undefined;

  const program = new Command('ledgerflow')
    .description('LedgerFlow: offline invoice studio for India GST and Bahrain VAT')
    .version(appVersion(), '-V, --version')
    .option('--data-dir <dir>', 'data folder (default: LEDGERFLOW_DATA_DIR or the desktop app folder)')
    .option('--json', 'print one JSON document on stdout, nothing else')
    .exitOverride()
    .configureOutput({ writeOut: stdout, writeErr: stderr })
    .showHelpAfterError();

  const action: ActionFactory = (fn) => async (...args: unknown[]) => {
    const globals = program.opts<{ dataDir?: string; json?: boolean }>();
    const json = Boolean(globals.json);
    const ctx: CliContext = {
      json,
      dataDir: resolveDataDir(globals.dataDir),
      result(doc, human) {
        if (json) stdout(JSON.stringify(doc, null, 2) + '\n');
        else stdout((Array.isArray(human) ? human.join('\n') : human) + '\n');
      },
      info(message) {
        if (!json) stderr(message + '\n');
      },
      core() {
        openedCore ??= createCore({ dataDir: ctx.dataDir });
        return openedCore;
      },
    };
    // commander passes (...positionals, options, command); commands take what they declared.
    const run = fn as unknown as (ctx: CliContext, ...rest: unknown[]) => Promise<number | void>;
    const code = await run(ctx, ...args.slice(0, -1));
    exitCode = typeof code === 'number' ? code : 0;
  };

  registerCommands(program, action);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') exitCode = 0;
      else exitCode = 2;
    } else {
      const appError = toAppError(error);
      exitCode = exitCodeFor(appError);
      if (program.opts<{ json?: boolean }>().json) stdout(JSON.stringify({ ok: false, error: appError.toJSON() }, null, 2) + '\n');
      stderr(`ledgerflow: ${appError.message}\n`);
      if (appError.code === 'INTERNAL' && process.env.LEDGERFLOW_DEBUG) stderr(String((error as Error).stack) + '\n');
    }
  } finally {
    if (openedCore) await (await openedCore.catch(() => undefined))?.close();
  }
  return exitCode;
}
