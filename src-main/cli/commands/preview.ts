// `ledgerflow preview [--port P]`: serves the built renderer and the IPC handlers over the
// loopback bridge (src-main/preview) until Ctrl+C, printing the URL with this run's token.
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors.js';
import { packageRoot } from '../../runtime/paths.js';
import { startPreviewServer } from '../../preview/server.js';
import { openAppHost } from '../../core/app-core.js';
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
      // The desktop app's start-up (temp-file cleaning, automatic backups, background sync), in a
      // host that can close and reopen the core for a restore from Settings.
      const host = await openAppHost({ dataDir: ctx.dataDir });
      const server = await startPreviewServer({ host, rendererDir: rendererDir(), port });
      ctx.result({ url: server.url, origin: server.origin, port: server.port, token: server.token, dataDir: host.dataDir },
        [`LedgerFlow preview on ${server.url}`, `data folder: ${host.dataDir}`, 'press Ctrl+C to stop']);
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
      await host.close();
    }));
};
