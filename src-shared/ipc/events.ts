// Events pushed from the main process to the renderer: over `webContents.send` in the desktop
// app, over server-sent events in the preview bridge. The core emits them on its EventBus with
// these names and payloads (the emitter should build them with `eventPayload` helpers' types).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Literals } from './models.js';

const Count = Type.Integer({ minimum: 0 });

export const BatchProgress = Type.Object({
  batchId: Type.String(),
  businessId: Type.String(),
  traceId: Type.String(),
  phase: Literals('queued', 'generating', 'rendering', 'exporting', 'done', 'failed', 'cancelled'),
  /** Invoices finished so far (issued or failed) out of `total`. */
  done: Count,
  failed: Count,
  total: Count,
  /** Invoices per second so far, and the engine's estimate of seconds left (when it has one). */
  rate: Type.Optional(Type.Number({ minimum: 0 })),
  etaSeconds: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  /** While PDFs render (phase `rendering`): PDFs written so far out of the invoices issued so far. */
  pdfsDone: Type.Optional(Count),
  pdfsTotal: Type.Optional(Count),
  /** Human note for the current phase (English; the UI may show it under the bar). */
  message: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const ImportProgress = Type.Object({
  importId: Type.Optional(Type.String()),
  businessId: Type.String(),
  kind: Type.Union([Type.Literal('products'), Type.Literal('customers'), Type.Literal('orders')]),
  phase: Literals('reading', 'parsing', 'validating', 'committing', 'done', 'failed'),
  rowsDone: Count,
  rowsTotal: Type.Optional(Count),
  message: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const SyncStatus = Type.Object({
  state: Literals('disabled', 'idle', 'syncing', 'offline', 'error'),
  /** Outbox entries not yet pushed. */
  pending: Count,
  lastSyncedAt: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const Notification = Type.Object({
  level: Literals('info', 'success', 'warning', 'error'),
  /** i18n key, e.g. `notifications.exportDone` or an error's `errors.<CODE>`. */
  messageKey: Type.String(),
  /** English text, used when the key has no translation. */
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
}, { additionalProperties: false });

/** A native menu item chosen (File: Import…, Export…, Backup…; Help: About); the UI opens the screen. */
export const MenuCommand = Type.Object({
  command: Literals('file.import', 'file.export', 'file.backup', 'view.settings', 'help.about'),
}, { additionalProperties: false });

export const events = {
  'batch.progress': BatchProgress,
  'import.progress': ImportProgress,
  'sync.status': SyncStatus,
  notification: Notification,
  'menu.command': MenuCommand,
} satisfies Record<string, TSchema>;

export type EventMap = typeof events;
export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = Static<EventMap[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
}
