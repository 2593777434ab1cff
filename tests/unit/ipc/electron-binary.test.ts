// `npm start` and the _electron test decide between Electron and the preview from this: where the
// binary is (without `require('electron')`, which would try to download it) or why it cannot run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary, electronRunnable } from '../../../scripts/electron-binary.mjs';
import { TempDirs } from '../../helpers/temp.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('finding the Electron binary', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds a binary, and says so when it does not', () => {
    const dist = temp.make('ledgerflow-electron-dist-');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\n');
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ ok: true, binary: join(dist, 'electron') });
    const empty = temp.make('ledgerflow-electron-empty-');
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: empty })).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') });
  });

  it('needs a display on Linux', () => {
    const dist = temp.make('ledgerflow-electron-dist-');
    writeFileSync(join(dist, 'electron'), '');
    expect(electronRunnable({ ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toMatchObject({ ok: false, reason: expect.stringContaining('no display') });
    expect(electronRunnable({ ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' }, 'linux')).toMatchObject({ ok: true });
    expect(electronRunnable({ ELECTRON_OVERRIDE_DIST_PATH: dist }, 'win32')).toMatchObject({ ok: true });
  });

  it('gives a reason, not an exception, when the binary was never downloaded', () => {
    const result = electronBinary({});
    if (!result.ok) expect(result.reason).toMatch(/never downloaded|missing|not installed/);
    else expect(result.binary).toMatch(/electron/i);
  });
});
