// The app:// protocol's answer for a request URL, decided without Electron (so it is unit-tested):
// only app://ledgerflow/..., only GET/HEAD, only files inside the built renderer folder (the same
// traversal checks as the preview bridge), client-side routes get index.html, every answer
// carries the strict CSP.
import { resolveStaticPath, mimeTypeOf, SECURITY_HEADERS } from '../preview/security.js';
import { join } from 'node:path';
import { APP_HOST, APP_SCHEME } from './sender.js';

export type ProtocolAnswer =
  | { status: 200; file: string; headers: Record<string, string> }
  | { status: 400 | 403 | 404 | 405; body: string; headers: Record<string, string> };

export function answerAppRequest(rendererDir: string, method: string, requestUrl: string): ProtocolAnswer {
  const text = (status: 400 | 403 | 404 | 405, body: string): ProtocolAnswer => ({ status, body, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'method not allowed');
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return text(400, 'bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(403, 'foreign host');
  const resolved = resolveStaticPath(rendererDir, url.pathname);
  if (resolved.kind === 'refused') return text(400, `refused: ${resolved.reason}`);
  if (resolved.kind === 'not-found') return text(404, 'not found');
  const file = resolved.kind === 'file' ? resolved.path : join(rendererDir, 'index.html');
  return { status: 200, file, headers: { ...SECURITY_HEADERS, 'content-type': mimeTypeOf(file), 'cache-control': 'no-cache' } };
}
