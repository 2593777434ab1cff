// Shared by the preview-bridge tests: a real core on a temp data folder, an in-process typed
// client over `dispatch` (output checked against the contract), and row counts of every table.
import type Database from 'better-sqlite3';
import { createCore, type Core } from '../../../src-main/core/create-core.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createClient, type IpcClient } from '../../../src-renderer/ipc/client.js';

export async function makeCore(dataDir: string): Promise<Core> {
  return createCore({ dataDir });
}

/** The typed client the renderer uses, over a transport that calls dispatch directly. */
export function directClient(core: Core, actor = 'test'): IpcClient {
  return createClient({
    kind: 'preview',
    // structuredClone: what crosses a real transport is a copy, never the caller's object.
    call: (method, input) => dispatch(core, method, structuredClone(input), { actor }, { checkOutput: true }),
    on: (event, handler) => core.events.on((name, payload) => {
      if (name === event) handler(payload);
    }),
  });
}

export function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (db.prepare(`SELECT COUNT(*) AS c FROM "${name}"`).get() as { c: number }).c;
  return counts;
}
