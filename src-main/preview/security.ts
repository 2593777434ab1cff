// What the preview bridge and the Electron app:// protocol share about serving the renderer: the
// Content-Security-Policy, the response headers, and the one function that maps a URL path to a
// file inside the renderer folder (or refuses it: no `..`, no encoded separators, no NUL, no
// absolute or drive paths, nothing outside the root even through a symlink).
import { realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Scripts only from the app itself; no eval, no inline script, no frames, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Stylesheets from the app only; React sets styles through the CSSOM, which CSP allows.
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  // The invoice PDF preview is an <iframe> of a blob: URL the page made from the PDF's bytes.
  "frame-src blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
});

export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
});

export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticResolution =
  | { kind: 'file'; path: string }
  /** No such file: a route of the single-page app (no extension) gets index.html. */
  | { kind: 'spa' }
  | { kind: 'not-found' }
  | { kind: 'refused'; reason: string };

/**
 * Maps the path part of a URL ("/assets/app.js", already without query and hash) to a file under
 * `root`. Refuses instead of normalising anything suspicious, so a traversal attempt is a 400/404
 * and never a read outside the folder.
 */
export function resolveStaticPath(root: string, urlPath: string): StaticResolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'path must start with /' };
  if (decoded.includes('\0')) return { kind: 'refused', reason: 'NUL in path' };
  if (decoded.includes('\\')) return { kind: 'refused', reason: 'backslash in path' };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'dot segment in path' };
  if (segments.some((s) => /^[a-zA-Z]:/.test(s))) return { kind: 'refused', reason: 'drive letter in path' };
  const relativePath = segments.join(sep);
  const rootAbs = resolve(root);
  const candidate = resolve(rootAbs, relativePath === '' ? 'index.html' : relativePath);
  if (!isInside(rootAbs, candidate)) return { kind: 'refused', reason: 'outside the renderer folder' };
  let real: string;
  try {
    real = realpathSync(candidate);
    const realRoot = realpathSync(rootAbs);
    if (!isInside(realRoot, real)) return { kind: 'refused', reason: 'symlink leads outside the renderer folder' };
    if (statSync(real).isDirectory()) {
      const index = join(real, 'index.html');
      return statSafe(index) ? { kind: 'file', path: index } : { kind: 'not-found' };
    }
  } catch {
    // No such file: a client-side route ("/invoices/123") gets the app; a missing asset is a 404.
    return extname(decoded) === '' ? { kind: 'spa' } : { kind: 'not-found' };
  }
  return { kind: 'file', path: real };
}

function statSafe(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
