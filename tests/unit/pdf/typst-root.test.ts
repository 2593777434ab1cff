// The compiler's root folders (src-main/pdf/typst-root.ts): created private and empty, checked, and
// the empty ones of dead processes swept so that they do not pile up in the temp folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { TypstEngine } from '../../../src-main/pdf/typst.js';
import { createPrivateRoot, privateRootProblem, removeThreadRoots, sweepDeadRoots } from '../../../src-main/pdf/typst-root.js';

let tmp: string;
let live: ChildProcess;
/** A pid that was alive a moment ago and is gone now. */
let dead: number;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lf-typst-root-'));
  live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  dead = spawnSync(process.execPath, ['-e', '0']).pid!;
});
afterAll(() => {
  live.kill();
  rmSync(tmp, { recursive: true, force: true });
});

function folder(name: string, files: string[] = []): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { mode: 0o700 });
  for (const f of files) writeFileSync(path.join(dir, f), 'x');
  return dir;
}

describe('compiler root folders', () => {
  it('are created fresh, private and empty, named with the pid and thread', () => {
    const a = createPrivateRoot(tmp);
    const b = createPrivateRoot(tmp);
    expect(a).not.toBe(b);
    expect(path.basename(a)).toMatch(new RegExp(`^ledgerflow-typst-${process.pid}-${threadId}-[A-Za-z0-9]{6}$`));
    const st = lstatSync(a);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
    expect(readdirSync(a)).toEqual([]);
    expect(privateRootProblem(a)).toBeNull();
  });

  it('refuse a folder that is a link, open to others, not empty or missing; creation fails with PDF_FAILED, not retryable', () => {
    const target = folder('target');
    const link = path.join(tmp, 'link');
    symlinkSync(target, link);
    expect(privateRootProblem(link)).toMatch(/symbolic link/);
    const open = folder('open');
    chmodSync(open, 0o755);
    expect(privateRootProblem(open)).toMatch(/mode is 755/);
    expect(privateRootProblem(folder('full', ['planted.txt']))).toMatch(/not empty \(planted\.txt\)/);
    expect(privateRootProblem(path.join(tmp, 'none'))).toMatch(/ENOENT/);
    writeFileSync(path.join(tmp, 'file'), '');
    expect(privateRootProblem(path.join(tmp, 'file'))).toMatch(/not a directory/);

    let error: unknown;
    try {
      createPrivateRoot(path.join(tmp, 'no-such-folder'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'PDF_FAILED', retryable: false });
    expect((error as Error).message).toMatch(/private folder/);
  });

  it("sweep removes the empty root of a dead process and keeps a live process's, a non-empty one and anything else", () => {
    const gone = folder(`ledgerflow-typst-${dead}-0-Ab3dE6`);
    const goneWorker = folder(`ledgerflow-typst-${dead}-7-xY9zQ1`);
    const alive = folder(`ledgerflow-typst-${live.pid}-0-Ab3dE6`);
    const ours = folder(`ledgerflow-typst-${process.pid}-${threadId}-Ab3dE6`);
    const full = folder(`ledgerflow-typst-${dead}-0-Zz9zZ9`, ['planted.txt']);
    const oldName = folder(`ledgerflow-typst-root-${dead}-0-1`);
    const otherSuffix = folder(`ledgerflow-typst-${dead}-0-abc`);
    const emptyTarget = folder('empty-target');
    const link = path.join(tmp, `ledgerflow-typst-${dead}-0-LiNk00`);
    symlinkSync(emptyTarget, link);

    expect(sweepDeadRoots(tmp).sort()).toEqual([gone, goneWorker].sort());
    for (const kept of [alive, ours, full, oldName, otherSuffix, emptyTarget]) expect(existsSync(kept), kept).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(full)).toEqual(['planted.txt']);
    expect(sweepDeadRoots(tmp)).toEqual([]);
  });

  it("removeThreadRoots removes only an ended thread's empty roots of this process", () => {
    const mine = folder(`ledgerflow-typst-${process.pid}-4242-Qq1Qq1`);
    const mineFull = folder(`ledgerflow-typst-${process.pid}-4242-Qq2Qq2`, ['x.typ']);
    const otherThread = folder(`ledgerflow-typst-${process.pid}-4243-Qq1Qq1`);
    const otherProcess = folder(`ledgerflow-typst-${live.pid}-4242-Qq1Qq1`);
    expect(removeThreadRoots(4242, tmp)).toEqual([mine]);
    for (const kept of [mineFull, otherThread, otherProcess]) expect(existsSync(kept), kept).toBe(true);
  });

  it('a new engine sweeps the temp folder', () => {
    const leftover = path.join(os.tmpdir(), `ledgerflow-typst-${dead}-0-SwEeP1`);
    mkdirSync(leftover, { mode: 0o700 });
    try {
      const engine = new TypstEngine();
      expect(existsSync(leftover)).toBe(false);
      expect(privateRootProblem(engine.root)).toBeNull();
    } finally {
      rmSync(leftover, { recursive: true, force: true });
    }
  });
});
