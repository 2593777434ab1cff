// One atomic file writer for the main process (docs/ARCHITECTURE.md rule 7): only
// src-main/runtime/atomic-file.ts renames a file into place or fsyncs one. Before it, four writers
// existed and two never fsynced the folder, so a rename could be lost in a power cut. The listed
// exceptions do something else: restore moves whole folders aside, and tar extraction fsyncs each
// file it unpacks into a staging folder that is itself moved into place.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const WRITER = 'src-main/runtime/atomic-file.ts';
const ALLOWED: Record<string, RegExp> = {
  'src-main/backup/restore.ts': /^\s*renameSync\(from, to\);$/,
  'src-main/backup/tar.ts': /^\s*fsyncSync\(entry\.fd\);$/,
};
const DURABILITY_CALL = /\b(renameSync|rename|fsyncSync|fdatasyncSync|fsync|fdatasync)\s*\(|\.(sync|datasync)\(\)/;

export function writerViolations(file: string, source: string): string[] {
  if (file === WRITER) return [];
  return source.split('\n').flatMap((line, i) => {
    if (!DURABILITY_CALL.test(line) || /^\s*(\/\/|\*)/.test(line)) return [];
    if (ALLOWED[file]?.test(line)) return [];
    return [`${file}:${i + 1}: renames or fsyncs a file itself; use ${WRITER}`];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('one atomic writer', () => {
  it('no file in src-main but the writer renames or fsyncs a file', () => {
    const problems = sourceFiles('src-main').flatMap((file) => writerViolations(file, readFileSync(join(root, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('names a planted private writer', () => {
    expect(writerViolations('src-main/db/high-water.ts', '  writeFileSync(temp, data);\n  renameSync(temp, path);')).toEqual([
      'src-main/db/high-water.ts:2: renames or fsyncs a file itself; use src-main/runtime/atomic-file.ts',
    ]);
    expect(writerViolations('src-main/export/zip.ts', '    await handle.sync();')).toHaveLength(1);
    expect(writerViolations('src-main/backup/restore.ts', '  renameSync(`${path}.tmp`, path);')).toHaveLength(1);
    expect(writerViolations(WRITER, 'renameSync(tmp, dest);')).toEqual([]);
  });
});
