// The handler convention: a plain async function of (core, checked input, call context) ->
// output, typed by the contract. Transports (Electron IPC, the preview bridge) never hold logic;
// they call `dispatch`, which validates the input before any handler runs.
import type { Input, MethodName, Output } from '../../../src-shared/ipc/contract.js';
import type { Core } from '../create-core.js';
import type { RestoreResult } from '../../backup/restore.js';

export interface CallContext {
  /** Who is calling, recorded as the audit actor of any change: 'ui', 'cli', 'test'... */
  actor: string;
  /** Which transport carried the call (the preview bridge gets file bytes back instead of paths). */
  transport?: 'electron' | 'preview' | 'direct';
  /**
   * Whether the user chose this path for writing in a native dialog of this session. A transport
   * without dialogs leaves it out, and then no handler writes to a path the caller names.
   */
  canWrite?: (path: string) => boolean;
  /** Whether the user chose this path in a native open dialog of this session (reading). */
  canRead?: (path: string) => boolean;
  /** The shell around the core (the app, the preview), when there is one: what only it can do. */
  shell?: { restore(from: string): Promise<RestoreResult> };
}

export type Handler<M extends MethodName> = (core: Core, input: Input<M>, ctx: CallContext) => Promise<Output<M>>;

export type HandlerMap = { [M in MethodName]: Handler<M> };

export function page(input: { offset?: number; limit?: number }): { offset: number; limit: number } {
  return { offset: input.offset ?? 0, limit: input.limit ?? 50 };
}
