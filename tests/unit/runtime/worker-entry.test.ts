// The one worker-entry resolver: the PDF pool and import jobs find their compiled worker the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveWorkerEntry } from '../../../src-main/runtime/worker-entry.js';

describe('the worker-entry resolver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lf-worker-'));
  const sibling = join(dir, 'worker.js');
  writeFileSync(sibling, '');

  it('takes the compiled worker beside the calling module first', () => {
    expect(resolveWorkerEntry({ sibling: pathToFileURL(sibling), dist: ['src-main', 'pdf', 'worker.js'] })).toEqual({ path: sibling, reason: 'compiled' });
  });

  it('uses a given file only when it exists, and says so otherwise', () => {
    expect(resolveWorkerEntry({ sibling: pathToFileURL(sibling), dist: ['x.js'], explicit: sibling })).toEqual({ path: sibling, reason: 'given' });
    const missing = join(dir, 'missing.js');
    expect(resolveWorkerEntry({ sibling: pathToFileURL(sibling), dist: ['x.js'], explicit: missing })).toEqual({ path: null, reason: `the worker ${missing} does not exist` });
  });

  it('falls back to dist/ under the package root, and names what is missing', () => {
    expect(resolveWorkerEntry({ sibling: pathToFileURL(join(dir, 'none.js')), dist: ['src-main', 'no-such', 'worker.js'] })).toEqual({ path: null, reason: 'no compiled worker in dist/ (npm run build)' });
  });
});
