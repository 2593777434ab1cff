// A connection to the sync server kept open between the background loop's rounds. Opening one
// costs a TCP handshake, a SCRAM login (thousands of PBKDF2 rounds on both sides) and a new server
// backend whose caches start cold: tens of milliseconds, which a no-op round (nothing queued,
// nothing to pull) would otherwise spend every time. The loop owns one; the CLI, a new process per
// command, opens its own per command as before.
//
// Rules: one round at a time uses it (the loop runs rounds one after another); a round that fails
// discards it (the next round reconnects), so a connection cut mid-transaction is never reused;
// another URL (the folder connected elsewhere) closes the old one first; close() when sync is
// disconnected or the loop stops.
import pg from 'pg';
import { clientConfig } from './server.js';

export interface KeptConnection {
  /** A connected client for `url`: the kept one when it is open and for this URL, else a new one. */
  client(url: string): Promise<pg.Client>;
  /** Drops the kept client (after a failure); the next client() reconnects. */
  discard(): void;
  /** Closes the kept client, if any. */
  close(): Promise<void>;
  /** Whether a client is open now (for tests and the status). */
  readonly open: boolean;
}

export function keptConnection(): KeptConnection {
  let kept: { url: string; client: pg.Client; broken: boolean } | undefined;

  const drop = (): Promise<void> => {
    const old = kept;
    kept = undefined;
    return old ? old.client.end().catch(() => undefined) : Promise.resolve();
  };

  return {
    async client(url) {
      if (kept && (kept.broken || kept.url !== url)) await drop();
      if (kept) return kept.client;
      const client = new pg.Client(clientConfig(url));
      const entry = { url, client, broken: false };
      // An idle connection the server or the network closed is noticed here and replaced next time.
      client.on('error', () => { entry.broken = true; });
      client.on('end', () => { entry.broken = true; });
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      kept = entry;
      return client;
    },
    discard() {
      void drop();
    },
    close: drop,
    get open() {
      return kept !== undefined && !kept.broken;
    },
  };
}
