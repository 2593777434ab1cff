// A thread reads each font file of a folder once: the compiler's font blobs and the row-height
// metrics are the same bytes (they were read twice, and the metrics always from the default folder).
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FONT_FILES, resolveFontsDir } from '../../../src-main/pdf/fonts.js';
import { latinMetrics } from '../../../src-main/pdf/font-metrics.js';
import { TypstEngine } from '../../../src-main/pdf/typst.js';
import { buildView } from '../../../src-main/pdf/view.js';
import { makeGstDocument } from '../../fixtures/documents/factory.js';
import { fontsFolder } from '../../fixtures/fonts/folders.js';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const readFileSync = vi.fn(actual.readFileSync);
  return { ...actual, readFileSync, default: { ...actual, readFileSync } };
});

const work = mkdtempSync(path.join(tmpdir(), 'lf-fonts-once-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The font files of `dir` read since the mock was last cleared (one name per read). */
function fontReads(dir: string): string[] {
  return vi
    .mocked(fs.readFileSync)
    .mock.calls.map((c) => String(c[0]))
    .filter((f) => path.dirname(f) === dir && (FONT_FILES as readonly string[]).includes(path.basename(f)))
    .map((f) => path.basename(f));
}

describe('font files', () => {
  it('are read once per thread and folder, by the compiler and the metrics together', () => {
    const dirs = [resolveFontsDir(), fontsFolder(path.join(work, 'copy'))];
    vi.mocked(fs.readFileSync).mockClear();
    for (const dir of dirs) {
      const engine = new TypstEngine(dir);
      const m = latinMetrics(dir);
      buildView(makeGstDocument({ lines: 3, seed: 1 }), {}, { metrics: m });
      new TypstEngine(dir);
      expect(fontReads(dir).sort(), dir).toEqual([...FONT_FILES].sort());
      expect(latinMetrics(dir)).toBe(m);
      expect(engine.fontsDir).toBe(dir);
    }
    // The default folder is the one asked for without a folder.
    expect(latinMetrics()).toBe(latinMetrics(dirs[0]));
    expect(latinMetrics(dirs[1])).not.toBe(latinMetrics(dirs[0]));
    expect(fontReads(dirs[0]!)).toHaveLength(FONT_FILES.length);
  });
});
