// UUIDv7 ids for the rows a batch writes in bulk (invoices, lines, batch items), in the same
// layout as src-shared/ids.ts (the uuid package's v7: 48-bit Unix ms, a 32-bit sequence that
// starts at random each millisecond and counts up within it, then random bits) but ~10x cheaper:
// random bytes come from one large crypto pool and the text from a byte-to-hex table.
import { randomFillSync } from 'node:crypto';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));
const pool = new Uint8Array(16 * 1024);
let at = pool.length;
let lastMs = -Infinity;
let seq = 0;

function take(n: number): number {
  if (at + n > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const start = at;
  at += n;
  return start;
}

/** A new UUIDv7 (RFC 9562), monotonic within this process's generator. */
export function newRowId(): string {
  const now = Date.now();
  const r = take(10);
  if (now > lastMs) {
    seq = ((pool[r]! << 23) | (pool[r + 1]! << 16) | (pool[r + 2]! << 8) | pool[r + 3]!) | 0;
    lastMs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  const ms = lastMs;
  return (
    HEX[(ms / 0x10000000000) & 0xff]! + HEX[(ms / 0x100000000) & 0xff]! + HEX[(ms / 0x1000000) & 0xff]! + HEX[(ms / 0x10000) & 0xff]! + '-' +
    HEX[(ms / 0x100) & 0xff]! + HEX[ms & 0xff]! + '-' +
    HEX[0x70 | ((seq >>> 28) & 0x0f)]! + HEX[(seq >>> 20) & 0xff]! + '-' +
    HEX[0x80 | ((seq >>> 14) & 0x3f)]! + HEX[(seq >>> 6) & 0xff]! + '-' +
    HEX[((seq << 2) & 0xff) | (pool[r + 4]! & 0x03)]! + HEX[pool[r + 5]!]! + HEX[pool[r + 6]!]! + HEX[pool[r + 7]!]! + HEX[pool[r + 8]!]! + HEX[pool[r + 9]!]!
  );
}
