// The one atomic writer (docs/ARCHITECTURE.md rule 7): the destination holds the old content or the
// whole new content, no temp file is left behind, and both the file and its folder are fsynced.
import * as fs from 'node:fs';
import type * as FsModule from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const synced: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof FsModule>();
  const fsyncSync = (fd: number) => {
    synced.push(real.fstatSync(fd).isDirectory() ? 'dir' : 'file');
    return real.fsyncSync(fd);
  };
  return { ...real, fsyncSync, default: { ...real, fsyncSync } };
});

const { commitTempFile, copyFileAtomic, tempPathFor, writeFileAtomic, writeFileAtomicSync } = await import('../../../src-main/runtime/atomic-file.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lf-atomic-'));
  synced.length = 0;
});

describe('the atomic writer', () => {
  it('writes the whole content, fsyncing the file and then its folder (sync writer)', () => {
    const dest = join(dir, 'marks.json');
    writeFileAtomicSync(dest, '{"a":1}');
    expect(readFileSync(dest, 'utf8')).toBe('{"a":1}');
    expect(synced).toEqual(['file', 'dir']);
    expect(readdirSync(dir)).toEqual(['marks.json']);
  });

  it('replaces an existing file and keeps the requested mode', async () => {
    const dest = join(dir, 'secret');
    writeFileSync(dest, 'old');
    await writeFileAtomic(dest, 'new', { mode: 0o600 });
    expect(readFileSync(dest, 'utf8')).toBe('new');
    if (process.platform !== 'win32') expect(statSync(dest).mode & 0o777).toBe(0o600);
  });

  it('leaves the old content and no temp file when the rename fails', async () => {
    const dest = join(dir, 'occupied');
    mkdirSync(dest);
    writeFileSync(join(dest, 'inside'), 'x');
    await expect(writeFileAtomic(dest, 'data')).rejects.toThrow();
    expect(() => writeFileAtomicSync(dest, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['occupied']);
    expect(readdirSync(dest)).toEqual(['inside']);
  });

  it('creates the folder when asked', () => {
    const dest = join(dir, 'a', 'b', 'state.json');
    writeFileAtomicSync(dest, '{}', { mkdir: true });
    expect(readFileSync(dest, 'utf8')).toBe('{}');
  });

  it('commits a streamed temp file, and removes it when the commit fails', async () => {
    const dest = join(dir, 'out.zip');
    const tmp = tempPathFor(dest);
    expect(tmp.startsWith(join(dir, '.out.zip.'))).toBe(true);
    writeFileSync(tmp, 'zip bytes');
    await commitTempFile(tmp, dest);
    expect(readdirSync(dir)).toEqual(['out.zip']);
    const failing = tempPathFor(join(dir, 'missing', 'x.zip'));
    await expect(commitTempFile(failing, join(dir, 'missing', 'x.zip'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['out.zip']);
  });

  it('copies a file atomically', async () => {
    const source = join(dir, 'a.pdf');
    writeFileSync(source, '%PDF');
    await copyFileAtomic(source, join(dir, 'b.pdf'));
    expect(readFileSync(join(dir, 'b.pdf'), 'utf8')).toBe('%PDF');
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf']);
    expect(fs.existsSync(join(dir, 'b.pdf'))).toBe(true);
  });
});
