// The renderer reaches the main process only through the typed client: every method name, input
// and result comes from src-shared/ipc/contract.ts, every event name and payload from
// src-shared/ipc/events.ts, on the renderer's side (subscribe) and the main process's (emit).
// The `@ts-expect-error` lines below are the type-level half: `npm run typecheck` covers this file,
// and fails ("Unused '@ts-expect-error' directive") the day a wrong name or argument compiles.
// The runtime half refuses an untyped way back in (a `callOptional`, a cast to MethodName, a
// transport called directly from a screen).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, subscribe } from '../../../src-renderer/app/backend.js';
import { createClient, type Transport } from '../../../src-renderer/ipc/client.js';
import { EventBus } from '../../../src-main/core/events.js';

/** Never run: compiled only, so each expectation is checked by `tsc`. */
export function typeLevelChecks(bus: EventBus): void {
  // A method the contract has, with its input: compiles, and the result has the contract's type.
  void call('businesses.get', { id: 'b1' }).then((business) => business.name.toUpperCase());
  void call('batches.list', { businessId: 'b1', limit: 5 }).then((page) => page.items.map((batch) => batch.status));

  // @ts-expect-error a method name the contract does not have
  void call('businesses.nope', { id: 'b1' });
  // @ts-expect-error a method that was only ever reached through the old untyped escape hatch
  void call('exports.openFolder', { path: '/tmp/x.zip' });
  // @ts-expect-error an input field the method does not take
  void call('businesses.get', { id: 'b1', extra: true });
  // @ts-expect-error a required input field missing
  void call('invoices.pdf', { id: 'i1' });
  // @ts-expect-error an input field of the wrong type
  void call('batches.list', { businessId: 'b1', limit: '5' });
  // @ts-expect-error a result field the contract does not declare
  void call('invoices.pdf', { businessId: 'b1', id: 'i1' }).then((pdf) => pdf.dataUrl);
  // @ts-expect-error the method name must be a literal of the contract, not any string
  void call('businesses.get' as string, { id: 'b1' });

  // Events, renderer side: the handler receives the declared payload.
  subscribe('batch.progress', (p) => p.done + p.total);
  // @ts-expect-error an event name events.ts does not declare
  subscribe('batch.finished', () => undefined);
  // @ts-expect-error a payload field the event does not carry
  subscribe('import.progress', (p) => p.batchId);

  // Events, main side: emit takes the declared payload.
  bus.emit('sync.status', { state: 'idle', pending: 0 });
  // @ts-expect-error an event name events.ts does not declare
  bus.emit('sync.changed', { state: 'idle', pending: 0 });
  // @ts-expect-error a payload of the wrong shape
  bus.emit('sync.status', { state: 'asleep', pending: 0 });
  // @ts-expect-error a payload missing a required field
  bus.emit('menu.command', {});
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Lines of renderer code outside src-renderer/ipc that call the main process without the contract's types. */
export function untypedCalls(root: string): string[] {
  const escapes = [/\bcallOptional\b/, /\bas MethodName\b/, /\bas EventName\b/, /\btransport\.(call|on)\(/, /window\.ledgerflow\??\.(call|on)\(/];
  return sourceFiles(join(root, 'src-renderer'))
    .filter((file) => !relative(root, file).startsWith(join('src-renderer', 'ipc')))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, i })))
    .filter(({ line }) => escapes.some((re) => re.test(line)))
    .map(({ file, line, i }) => `${relative(root, file)}:${i + 1}: ${line.trim()}`);
}

describe('the typed client', () => {
  it('is the only way the renderer calls the main process', () => {
    expect(untypedCalls(process.cwd())).toEqual([]);
  });

  it('finds an untyped call when one is planted', () => {
    const root = mkdtempSync(join(tmpdir(), 'typed-client-'));
    try {
      mkdirSync(join(root, 'src-renderer', 'features', 'x'), { recursive: true });
      mkdirSync(join(root, 'src-renderer', 'ipc'), { recursive: true });
      writeFileSync(join(root, 'src-renderer', 'features', 'x', 'X.tsx'), "const r = await callOptional<R>('exports.openFolder', input);\n");
      writeFileSync(join(root, 'src-renderer', 'ipc', 'client.ts'), 'return transport.call(method, input);\n');
      expect(untypedCalls(root)).toEqual([join('src-renderer', 'features', 'x', 'X.tsx') + ":1: const r = await callOptional<R>('exports.openFolder', input);"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('passes the method name and input through unchanged and returns the typed value', async () => {
    const seen: Array<[string, unknown]> = [];
    const transport: Transport = { kind: 'preview', call: async (method, input) => (seen.push([method, input]), { ok: true, value: { items: [], total: 0 } }), on: () => () => undefined };
    const page = await createClient(transport).call('batches.list', { businessId: 'b1', limit: 5 });
    expect(seen).toEqual([['batches.list', { businessId: 'b1', limit: 5 }]]);
    expect(page.items).toEqual([]);
  });

  it('delivers an emitted event to a listener with its name and payload', () => {
    const bus = new EventBus();
    const got: unknown[] = [];
    bus.on((name, payload) => got.push({ name, payload }));
    bus.emit('menu.command', { command: 'file.import' });
    expect(got).toEqual([{ name: 'menu.command', payload: { command: 'file.import' } }]);
  });
});
