// The contract, the handler map and the typed client agree: every method has a handler, an
// input and an output schema that compile, an example input that passes, and unknown keys are
// refused. (The integration tests run each handler and check its output against its schema.)
import { describe, expect, expectTypeOf, it } from 'vitest';
import { contract, isMethodName, METHOD_NAMES, type Input, type MethodName, type Output } from '../../../src-shared/ipc/contract.js';
import { EVENT_NAMES, events, isEventName } from '../../../src-shared/ipc/events.js';
import { compile } from '../../../src-shared/schemas/validate.js';
import { handlers, type Handler } from '../../../src-main/core/handlers/index.js';
import type { IpcClient } from '../../../src-renderer/ipc/client.js';
import { validInputs } from './examples.js';

describe('the IPC contract', () => {
  it('has exactly one handler per method, and no handler without a method', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) expect(typeof handlers[method], method).toBe('function');
  });

  it('gives every method an object input schema that refuses unknown keys, and an output schema', () => {
    for (const method of METHOD_NAMES) {
      const spec = contract[method];
      // An object, or a union of objects (batches.run: simulation | orders), each closed to unknown keys.
      const branches = (spec.input.anyOf as Array<{ type?: string; additionalProperties?: unknown }> | undefined) ?? [spec.input];
      for (const branch of branches) {
        expect(branch.type, `${method} input`).toBe('object');
        expect(branch.additionalProperties, `${method} input refuses unknown keys`).toBe(false);
      }
      expect(() => compile(spec.input), `${method} input compiles`).not.toThrow();
      expect(() => compile(spec.output), `${method} output compiles`).not.toThrow();
      expect(spec.description.length, `${method} is described`).toBeGreaterThan(10);
      expect(typeof spec.writes).toBe('boolean');
    }
  });

  it('accepts each example input and refuses it with an unknown key added', () => {
    expect(Object.keys(validInputs).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) {
      const validate = compile(contract[method].input);
      expect(validate(validInputs[method]), `${method}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...validInputs[method], sneaky: 1 }), `${method} with an unknown key`).toBe(false);
      expect(validate(null), `${method} with null`).toBe(false);
      expect(validate([]), `${method} with an array`).toBe(false);
    }
  });

  it('marks exactly the methods that change data as writes', () => {
    expect(METHOD_NAMES.filter((m) => contract[m].writes).sort()).toEqual(['backup.now', 'backup.restore', 'batches.cancel', 'batches.resume', 'batches.retry', 'batches.run', 'businesses.create', 'businesses.update',
      'customers.create', 'customers.update', 'exports.create', 'gst.exportEinvoice', 'gst.exportGstr1', 'gst.importIrn', 'imports.commit', 'invoices.creditNote', 'invoices.debitNote', 'invoices.discardDraft', 'invoices.issue', 'invoices.saveDraft',
      'invoices.void', 'pdfSettings.resetTemplate', 'pdfSettings.set', 'pdfSettings.useTemplate', 'products.create', 'products.update', 'series.add', 'settings.set', 'sync.connect', 'sync.pull', 'sync.push']);
  });

  it('takes no file path from the renderer except a dialog-chosen export destination', () => {
    const validate = compile(contract['batches.run'].input);
    expect(validate({ source: 'orders', businessId: 'b', ordersFile: '/etc/passwd' })).toBe(false);
    expect(validate({ source: 'orders', businessId: 'b' })).toBe(true);
    expect(compile(contract['exports.create'].input)({ businessId: 'b', batchId: 'x', out: '/home/me/.bashrc' })).toBe(false);
    for (const m of ['gst.exportGstr1', 'gst.exportEinvoice'] as const) expect(compile(contract[m].input)({ businessId: 'b', period: '102026', out: '/home/me/.bashrc' })).toBe(false);
    expect(compile(contract['gst.importIrn'].input)({ businessId: 'b', fileName: '../../etc/passwd', content: 'W10=' })).toBe(false);
    // A template from the app is one plain .typ file name: no folder, no hidden file, no other kind of file.
    for (const m of ['pdfSettings.checkTemplate', 'pdfSettings.useTemplate'] as const) {
      const validate = compile(contract[m].input);
      for (const fileName of ['invoice.typ', 'Mon modèle.TYP', 'बीजक.typ']) expect(validate({ businessId: 'b', fileName, content: 'W10=' }), fileName).toBe(true);
      for (const fileName of ['../invoice.typ', '/tmp/invoice.typ', 'C:\\t\\invoice.typ', '.invoice.typ', '.typ', 'invoice.pdf', 'invoice.typ.txt', 'a:b.typ', 'a\nb.typ']) expect(validate({ businessId: 'b', fileName, content: 'W10=' }), fileName).toBe(false);
    }
  });

  it('treats only its own keys as method names (no prototype keys)', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'app.info ']) expect(isMethodName(name), name).toBe(false);
    expect(isMethodName('app.info')).toBe(true);
    expect(isMethodName(42)).toBe(false);
  });

  it('declares a schema for every event', () => {
    expect(EVENT_NAMES).toEqual(expect.arrayContaining(['batch.progress', 'import.progress', 'sync.status', 'notification']));
    for (const name of EVENT_NAMES) expect(() => compile(events[name]), name).not.toThrow();
    expect(isEventName('__proto__')).toBe(false);
  });

  it('types the handlers and the client from the same contract', () => {
    // Compile-time agreement (checked by `npm run typecheck`); the runtime part is trivial.
    expectTypeOf(handlers['businesses.get']).toEqualTypeOf<Handler<'businesses.get'>>();
    expectTypeOf<Parameters<Handler<'invoices.list'>>[1]>().toEqualTypeOf<Input<'invoices.list'>>();
    expectTypeOf<Awaited<ReturnType<Handler<'invoices.list'>>>>().toEqualTypeOf<Output<'invoices.list'>>();
    expectTypeOf<Parameters<IpcClient['call']>[0]>().toEqualTypeOf<MethodName>();
    type GetCall = (method: 'businesses.get', input: Input<'businesses.get'>) => Promise<Output<'businesses.get'>>;
    expectTypeOf<IpcClient['call']>().toExtend<GetCall>();
    expectTypeOf<Output<'products.list'>['items'][number]['price']>().toEqualTypeOf<string>();
    // @ts-expect-error an unknown method does not compile
    expectTypeOf<Input<'nope.nothing'>>().toBeObject();
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
  });
});

describe('batch progress events', () => {
  it("map the engine's phases onto the contract's, and validate against the event schema", async () => {
    const { batchProgressEvent } = await import('../../../src-main/core/handlers/progress.js');
    const validate = compile(events['batch.progress']);
    const phases = { prepare: 'queued', issue: 'generating', render: 'rendering', export: 'exporting', done: 'done' } as const;
    for (const [engine, ui] of Object.entries(phases)) {
      const payload = batchProgressEvent({ batchId: 'b', traceId: 't', phase: engine as keyof typeof phases, done: 3, total: 10, rate: 12.5, etaSeconds: engine === 'done' ? null : 0.6 }, { businessId: 'x', failed: 1 });
      expect(payload.phase).toBe(ui);
      expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
