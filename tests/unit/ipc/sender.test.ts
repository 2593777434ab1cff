// IPC is accepted only from our own window's main frame showing app://ledgerflow.
import { describe, expect, it } from 'vitest';
import { checkSender, isTrustedSender, type SenderLike } from '../../../src-main/electron/sender.js';

const mainFrame = { url: 'app://ledgerflow/index.html#/invoices', parent: null };
const trusted = new Set([7]);

function fakeEvent(overrides: { id?: number; frame?: SenderLike['senderFrame']; mainFrame?: unknown } = {}): SenderLike {
  const frame = overrides.frame === undefined ? mainFrame : overrides.frame;
  return { sender: { id: overrides.id ?? 7, mainFrame: overrides.mainFrame ?? frame }, senderFrame: frame };
}

describe('IPC sender validation', () => {
  it("accepts the app's own main frame on app://ledgerflow", () => {
    expect(checkSender(fakeEvent(), trusted)).toEqual({ ok: true });
    expect(isTrustedSender(fakeEvent({ frame: { url: 'app://ledgerflow/', parent: null } }), trusted)).toBe(true);
  });

  it('refuses a webContents that is not one of our windows', () => {
    const verdict = checkSender(fakeEvent({ id: 8 }), trusted);
    expect(verdict).toEqual({ ok: false, reason: 'webContents 8 is not a LedgerFlow window' });
  });

  it('refuses a sub-frame, even one on our origin', () => {
    const iframe = { url: 'app://ledgerflow/index.html', parent: mainFrame };
    expect(checkSender(fakeEvent({ frame: iframe, mainFrame }), trusted)).toMatchObject({ ok: false, reason: expect.stringContaining('sub-frame') });
  });

  it("refuses a frame that is not the window's main frame", () => {
    const other = { url: 'app://ledgerflow/index.html', parent: null };
    expect(checkSender(fakeEvent({ frame: other, mainFrame }), trusted)).toMatchObject({ ok: false, reason: expect.stringContaining('main frame') });
  });

  it('refuses a destroyed frame', () => {
    expect(checkSender({ sender: { id: 7 }, senderFrame: null }, trusted)).toMatchObject({ ok: false });
  });

  it.each([
    'https://evil.example/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://ledgerflow.evil/index.html',
    'http://127.0.0.1:5173/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,hi',
    'not a url',
  ])('refuses a main frame showing %s', (url) => {
    const frame = { url, parent: null };
    expect(isTrustedSender(fakeEvent({ frame }), trusted)).toBe(false);
  });
});
