// IPC is accepted only from the app's own main frame (docs/ARCHITECTURE.md "Electron security"): the frame
// must be the top frame of one of our windows and must show our app:// origin. An iframe, a
// navigated-away page or another webContents gets FORBIDDEN. Pure, so it is tested with a fake
// event (tests/unit/ipc/sender.test.ts); main.ts passes the real IpcMainInvokeEvent.

export const APP_SCHEME = 'app';
export const APP_HOST = 'ledgerflow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of an IpcMainEvent / IpcMainInvokeEvent this check reads. */
export interface SenderLike {
  sender: { id: number; mainFrame?: unknown };
  senderFrame: { url: string; parent: unknown; processId?: number; routingId?: number } | null;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(event: SenderLike, trustedWebContentsIds: ReadonlySet<number>): SenderVerdict {
  if (!trustedWebContentsIds.has(event.sender.id)) return { ok: false, reason: `webContents ${event.sender.id} is not a LedgerFlow window` };
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone (navigated or destroyed)' };
  if (frame.parent !== null) return { ok: false, reason: 'the call came from a sub-frame, not the main frame' };
  if (event.sender.mainFrame !== undefined && event.sender.mainFrame !== frame) return { ok: false, reason: 'the sending frame is not the window\'s main frame' };
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return { ok: false, reason: 'the sending frame has no valid URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, reason: `the sending frame shows ${url.origin}, not ${APP_ORIGIN}` };
  return { ok: true };
}

export function isTrustedSender(event: SenderLike, trustedWebContentsIds: ReadonlySet<number>): boolean {
  return checkSender(event, trustedWebContentsIds).ok;
}
