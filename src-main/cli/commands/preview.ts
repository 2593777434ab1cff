// `ledgerflow preview [--port P]`: serves the built renderer and the IPC handlers over the
// loopback bridge (src-main/preview) until Ctrl+C, printing the URL with this run's token.
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { packageRoot } from '../../runtime/paths.js';
import { startPreviewServer } from '../../preview/server.js';
import { startAutoBackups } from '../../core/auto-backup.js';
import { startBackgroundSync } from '../../core/background-sync.js';
import { removeOrphanedTempFiles } from '../../runtime/temp-files.js';
import type { CommandRegistrar } from '../context.js';

export function rendererDir(): string {
  return process.env.LEDGERFLOW_RENDERER_DIR ?? join(packageRoot(), 'dist', 'renderer');
}

export const registerPreviewCommands: CommandRegistrar = (program, action) => {
  program
    .command('preview')
    .description('serve the UI in a browser over the loopback bridge (127.0.0.1 only, random token)')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .action(action(async (ctx, options: { port?: string }) => {
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('BAD_INPUT', `--port: "${options.port}" is not a port number (0-65535)`, { details: { option: '--port' } });
      const core = await ctx.core();
      // Start-up cleaning: temp files of PDFs and ZIPs whose writer was killed.
      const { removed } = removeOrphanedTempFiles(core.dataDir);
      if (removed.length) core.logger.info('orphaned temp files removed', { count: removed.length });
      const server = await startPreviewServer({ core, rendererDir: rendererDir(), port });
      startAutoBackups(core);
      // A connected seat pushes and pulls in the background here too (the desktop app's loop).
      startBackgroundSync(core);
      ctx.result({ url: server.url, origin: server.origin, port: server.port, token: server.token, dataDir: core.dataDir },
        [`LedgerFlow preview on ${server.url}`, `data folder: ${core.dataDir}`, 'press Ctrl+C to stop']);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      ctx.info('stopping the preview bridge');
      await server.close();
    }));
};
