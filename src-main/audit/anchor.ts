// An anchor of the audit chain: its length and head hash at one moment, written outside the
// database (in every backup and export manifest). The chain can only grow, so any later chain
// must still hold an entry at the anchor's position with the anchor's hash: a truncated chain,
// or one recomputed after an edit, fails against any earlier anchor.
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors.js';
import { auditEntriesUpTo, auditHashAt, auditHeadEntry, auditSize } from '../db/audit-store.js';
import { GENESIS_HASH } from './audit.js';

export const ANCHOR_FORMAT = 'ledgerflow-audit-anchor';
export const ANCHOR_FILE = 'audit-anchor.json';

export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  version: 1;
  /** Number of entries in the chain. */
  entries: number;
  /** seq and hash of the last entry (0 and the genesis hash for an empty chain). */
  headSeq: number;
  headHash: string;
  at: string;
}

export function auditAnchor(db: Database.Database): AuditAnchor {
  const head = auditHeadEntry(db);
  const entries = auditSize(db).n;
  return { format: ANCHOR_FORMAT, version: 1, entries, headSeq: head?.seq ?? 0, headHash: head?.hash ?? GENESIS_HASH, at: new Date().toISOString() };
}

export interface AnchorCheck {
  ok: boolean;
  anchor: AuditAnchor;
  message: string;
}

export function checkAnchor(db: Database.Database, anchor: AuditAnchor): AnchorCheck {
  const fail = (message: string): AnchorCheck => ({ ok: false, anchor, message });
  if (anchor.entries === 0) return { ok: true, anchor, message: 'the anchor was taken on an empty chain' };
  const now = auditSize(db);
  const atHead = auditHashAt(db, anchor.headSeq);
  if (atHead === undefined) {
    return fail(`the audit chain was truncated: the anchor of ${anchor.at} recorded ${anchor.entries} entries ending at entry ${anchor.headSeq}, but the chain now has ${now.n} entries ending at entry ${now.top}`);
  }
  if (atHead !== anchor.headHash) {
    return fail(`the audit chain was rewritten: entry ${anchor.headSeq} has hash ${atHead.slice(0, 16)}…, the anchor of ${anchor.at} recorded ${anchor.headHash.slice(0, 16)}… (entries up to there were changed and their hashes recomputed)`);
  }
  const upTo = auditEntriesUpTo(db, anchor.headSeq);
  if (upTo !== anchor.entries) return fail(`the audit chain lost entries: the anchor of ${anchor.at} recorded ${anchor.entries} entries up to entry ${anchor.headSeq}, the chain now has ${upTo}`);
  return { ok: true, anchor, message: `the chain still holds the anchor of ${anchor.at} (${anchor.entries} entries, head ${anchor.headHash.slice(0, 16)}…) and has grown to ${now.n}` };
}

function isAnchor(value: unknown): value is AuditAnchor {
  const v = value as Partial<AuditAnchor> | null;
  return !!v && v.format === ANCHOR_FORMAT && Number.isInteger(v.entries) && Number.isInteger(v.headSeq) && typeof v.headHash === 'string' && /^[0-9a-f]{64}$/.test(v.headHash);
}

/** Finds the anchor in an anchor file, or in a backup or export manifest (its `auditAnchor`). */
export function parseAnchor(json: unknown, source: string): AuditAnchor {
  if (isAnchor(json)) return json;
  const nested = (json as { auditAnchor?: unknown } | null)?.auditAnchor;
  if (isAnchor(nested)) return nested;
  throw new AppError('BAD_INPUT', `${source}: no audit anchor found (expected a ${ANCHOR_FILE} file or a manifest with "auditAnchor")`, { details: { file: source } });
}

export function readAnchorFile(path: string): AuditAnchor {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('BAD_INPUT', `--anchor ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { details: { file: path } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_INPUT', `--anchor ${path}: not JSON (${(error as Error).message})`, { details: { file: path } });
  }
  return parseAnchor(json, `--anchor ${path}`);
}
