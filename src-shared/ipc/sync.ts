// The sync methods of the IPC contract (Settings → Sync and the status in the window's chrome).
// A connection URL carries the seat's password: it goes in (test, connect) and never comes out.
import { Type } from '@sinclair/typebox';
import { Literals } from './models.js';

const Count = Type.Integer({ minimum: 0 });
const When = Type.Union([Type.String(), Type.Null()]);

/** postgresql://user:password@host:port/database, as `sync add-seat` prints it. */
export const SyncUrlInput = Type.Object({
  url: Type.String({ minLength: 14, maxLength: 2048, pattern: '^postgres(ql)?://\\S+$', title: 'Seat connection URL' }),
}, { additionalProperties: false });

export const SyncState = Literals('disabled', 'idle', 'syncing', 'offline', 'error');

export const SyncStatusView = Type.Object({
  /** disabled: not connected; offline: the server cannot be reached (changes stay queued); error: it refused us. */
  state: SyncState,
  connected: Type.Boolean(),
  seat: When,
  seatName: When,
  server: When,
  deviceId: Type.String(),
  /** Where the URL is kept: the OS keychain on the desktop, an owner-only file elsewhere, or the environment. */
  credentials: Type.String(),
  pending: Count,
  lastAttemptAt: When,
  lastSuccessAt: When,
  lastError: When,
  lastErrorAt: When,
  consecutiveFailures: Count,
  nextAttemptAt: When,
  /** Whether a background loop pushes and pulls on its own (the desktop app and the preview). */
  background: Type.Boolean(),
  errors: Type.Array(Type.Object({
    id: Type.Integer(), entity: Type.String(), entityId: Type.String(), op: Type.String(), code: Type.String(), reason: Type.String(), at: Type.String(),
  }, { additionalProperties: false })),
  errorCount: Count,
  conflicts: Type.Array(Type.Object({
    id: Type.Integer(), entity: Type.String(), entityId: Type.String(), losingVersion: Type.Integer(), losingDevice: Type.String(),
    /** The losing version's row as this seat sent it (kept, never silently dropped). */
    losingData: Type.Unknown(), winningVersion: Type.Integer(), winningDevice: Type.String(), at: Type.String(),
  }, { additionalProperties: false })),
  conflictCount: Count,
}, { additionalProperties: false });

export const SyncIdentityView = Type.Object({
  role: Type.String(),
  seatName: When,
  tenant: Type.String(),
  businesses: Type.Array(Type.String()),
  server: Type.String(),
  superuser: Type.Boolean(),
  bypassRls: Type.Boolean(),
}, { additionalProperties: false });

export const SyncPullView = Type.Object({
  businesses: Count, products: Count, customers: Count, series: Count, conflicts: Count, skipped: Count,
}, { additionalProperties: false });

export const SyncConnectView = Type.Composite([SyncIdentityView, Type.Object({ pulled: SyncPullView })], { additionalProperties: false });

export const SyncPushView = Type.Object({
  pushed: Count, duplicates: Count, rejected: Count, pending: Count, superseded: Count, audit: Count, batches: Count,
  pulled: Type.Optional(SyncPullView),
}, { additionalProperties: false });
