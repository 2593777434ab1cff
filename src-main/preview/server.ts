// The preview bridge (docs/ARCHITECTURE.md "processes", way 2): the built renderer and the same handlers as
// the desktop app, over HTTP on 127.0.0.1 only. Every POST /api/call must carry this run's random
// token in a header; GET /api/events streams the core's events as server-sent events (token as a
// query parameter, since EventSource cannot send headers). The Host header must name the
// loopback address (a DNS-rebinding page cannot reach it) and a cross-origin Origin is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppError, fail, type ErrorCode, type Result } from '../../src-shared/errors.js';
import { MAX_REQUEST_BYTES } from '../../src-shared/ipc/contract.js';
import { PREVIEW_TOKEN_HEADER } from '../../src-shared/ipc/bridge.js';
import type { Core } from '../core/create-core.js';
import { createCoreHost, type CoreHost } from '../core/core-host.js';
import type { DispatchOptions } from '../core/dispatch.js';
import { mimeTypeOf, resolveStaticPath, SECURITY_HEADERS } from './security.js';

export const PREVIEW_HOST = '127.0.0.1';

export type PreviewServerOptions = PreviewServerSettings & ({ core: Core; host?: undefined } | { host: CoreHost; core?: undefined });

interface PreviewServerSettings {
  /** Folder of the built renderer (dist/renderer). A placeholder page is served when it is missing. */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token (tests); a fresh random one per run otherwise. */
  token?: string;
  maxBodyBytes?: number;
  dispatchOptions?: DispatchOptions;
  /** Seconds between SSE keep-alive comments. */
  heartbeatSeconds?: number;
}

export interface PreviewServer {
  readonly port: number;
  readonly token: string;
  /** Origin, e.g. http://127.0.0.1:5173 */
  readonly origin: string;
  /** What to open in a browser: the origin with the token in the fragment (never sent to servers). */
  readonly url: string;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameToken(given: string | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const buffer = Buffer.from(given, 'utf8');
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LedgerFlow preview</title></head>
<body><h1>LedgerFlow preview bridge</h1><p>The renderer is not built yet: run <code>npm run build</code>, then reload.
The API is up at <code>/api/call</code>.</p></body></html>`;

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  // A bare core (tests) gets a host that refuses restores; `ledgerflow preview` passes its own.
  const host = options.host ?? createCoreHost(options.core);
  const token = options.token ?? newToken();
  const expected = Buffer.from(token, 'utf8');
  const maxBody = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, result: Result<unknown>) =>
    send(res, status, JSON.stringify(result), 'application/json; charset=utf-8', { 'cache-control': 'no-store' });
  const refuse = (res: ServerResponse, status: number, code: ErrorCode, message: string, details: Record<string, unknown> = {}) =>
    sendJson(res, status, fail(new AppError(code, message, { details })));

  const hostAllowed = (req: IncomingMessage) => {
    const host = req.headers.host;
    return host === `${PREVIEW_HOST}:${port}` || host === `localhost:${port}`;
  };
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${PREVIEW_HOST}:${port}` || origin === `http://localhost:${port}`;
  };

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameToken(req.headers[PREVIEW_TOKEN_HEADER] as string | undefined, expected)) {
      req.resume();
      return refuse(res, 401, 'FORBIDDEN', `missing or wrong ${PREVIEW_TOKEN_HEADER} header: open the URL printed by \`ledgerflow preview\``);
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      req.resume();
      return refuse(res, 415, 'BAD_INPUT', 'the body must be JSON (content-type: application/json)');
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      res.setHeader('connection', 'close');
      // Answer first, then drop the connection: the rest of the body is never read.
      res.once('finish', () => req.socket.destroy());
      refuse(res, 413, 'BAD_INPUT', `request body of ${declared} bytes is over the ${maxBody}-byte limit`, { limit: maxBody });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    await new Promise<void>((done) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          tooLarge = true;
          req.pause();
          done();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => done());
      req.on('error', () => done());
      req.on('close', () => done());
    });
    if (tooLarge) {
      res.setHeader('connection', 'close');
      res.once('finish', () => req.socket.destroy());
      refuse(res, 413, 'BAD_INPUT', `request body is over the ${maxBody}-byte limit`, { limit: maxBody });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      return refuse(res, 400, 'BAD_INPUT', `the body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, 400, 'BAD_INPUT', 'the body must be a JSON object {"method": "...", "input": {...}}');
    }
    const { method, input, ...rest } = body as { method?: unknown; input?: unknown };
    const extra = Object.keys(rest);
    if (extra.length > 0) return refuse(res, 400, 'BAD_INPUT', `unknown key(s) in the call: ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    // No native dialogs here: no canRead/canWrite, so paths the page types are refused (docs/ARCHITECTURE.md "Paths from the renderer").
    const result = await host.dispatch(method, input, { actor: 'ui', transport: 'preview' }, options.dispatchOptions);
    sendJson(res, 200, result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!sameToken(url.searchParams.get('token') ?? undefined, expected)) return refuse(res, 401, 'FORBIDDEN', 'missing or wrong token');
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), (options.heartbeatSeconds ?? 15) * 1000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      sseClients.delete(res);
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const root = options.rendererDir;
    const indexPath = join(root, 'index.html');
    if (!existsSync(indexPath)) {
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, PLACEHOLDER, 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
      return send(res, 404, 'not found', 'text/plain; charset=utf-8');
    }
    const resolved = resolveStaticPath(root, url.pathname);
    if (resolved.kind === 'refused') return send(res, 400, `refused: ${resolved.reason}`, 'text/plain; charset=utf-8');
    if (resolved.kind === 'not-found') return send(res, 404, 'not found', 'text/plain; charset=utf-8');
    const file = resolved.kind === 'file' ? resolved.path : indexPath;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': mimeTypeOf(file), 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        if (!hostAllowed(req)) {
          req.resume();
          return refuse(res, 421, 'FORBIDDEN', 'the preview bridge answers only on the loopback address it printed');
        }
        if (!originAllowed(req)) {
          req.resume();
          return refuse(res, 403, 'FORBIDDEN', 'cross-origin requests are refused');
        }
        const url = new URL(req.url ?? '/', `http://${PREVIEW_HOST}:${port}`);
        if (url.pathname === '/api/call') {
          if (req.method !== 'POST') {
            req.resume();
            return refuse(res, 405, 'BAD_INPUT', '/api/call takes POST', {});
          }
          return await handleCall(req, res);
        }
        if (url.pathname === '/api/events') {
          if (req.method !== 'GET') return refuse(res, 405, 'BAD_INPUT', '/api/events takes GET');
          return handleEvents(req, res, url);
        }
        if (url.pathname.startsWith('/api/')) return refuse(res, 404, 'NOT_FOUND', `no endpoint ${url.pathname.slice(0, 80)}`);
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          req.resume();
          return send(res, 405, 'method not allowed', 'text/plain; charset=utf-8', { allow: 'GET, HEAD' });
        }
        return handleStatic(req, res, url);
      } catch (error) {
        try {
          host.current().logger.error('preview bridge request failed', { error });
        } catch {
          // A restore is swapping the core: nothing to log to; the reply still goes out.
        }
        if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'the preview bridge failed to answer');
        else res.destroy();
      }
    })();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  const unsubscribe = host.events.on((name, payload) => {
    if (sseClients.size === 0) return;
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, PREVIEW_HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${PREVIEW_HOST}:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      sseClients.clear();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
