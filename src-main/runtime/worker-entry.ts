// The one worker-entry resolver (PDF pool, import jobs). Worker threads run compiled JavaScript:
//  1. compiled code (dist/, the app, the CLI, a transpiled copy): the worker file beside the
//     calling module;
//  2. otherwise (TypeScript sources under vitest): <package root>/dist/<same folder>/<worker>.js;
//     with `refuseStale`, only when it is at least as new as every .ts file of the source folder
//     (a stale build would run old code);
//  3. otherwise null, with the reason, and the caller runs the same code in its own thread.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './paths.js';

export interface WorkerEntryRequest {
  /** The worker beside the calling module, e.g. the URL of worker.js resolved against import.meta.url (the test transpiler follows quoted relative imports, even in comments). */
  sibling: URL;
  /** The worker's path under the package root's dist/, e.g. ['src-main', 'pdf', 'worker.js']. */
  dist: string[];
  /** Refuse a dist/ worker older than the .ts sources of its folder. */
  refuseStale?: boolean;
  /** A file given by the caller (tests, tools): used when it exists, never looked up further. */
  explicit?: string | URL;
}

export interface WorkerEntry {
  path: string | null;
  reason: string;
}

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) if (name.endsWith(ext)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  return newest;
}

export function resolveWorkerEntry(request: WorkerEntryRequest): WorkerEntry {
  if (request.explicit !== undefined) {
    const path = request.explicit instanceof URL ? fileURLToPath(request.explicit) : request.explicit;
    return existsSync(path) ? { path, reason: 'given' } : { path: null, reason: `the worker ${path} does not exist` };
  }
  const sibling = fileURLToPath(request.sibling);
  if (existsSync(sibling)) return { path: sibling, reason: 'compiled' };
  let root: string;
  try {
    root = packageRoot();
  } catch {
    return { path: null, reason: 'package root not found' };
  }
  const dist = join(root, 'dist', ...request.dist);
  if (!existsSync(dist)) return { path: null, reason: 'no compiled worker in dist/ (npm run build)' };
  const sources = join(root, ...request.dist.slice(0, -1));
  if (request.refuseStale && existsSync(sources) && statSync(dist).mtimeMs + 1 < newestMtime(sources, '.ts')) {
    return { path: null, reason: 'dist/ worker is older than the sources (npm run build)' };
  }
  return { path: dist, reason: 'dist' };
}
