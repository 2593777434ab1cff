import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch, retryBatch } from '../../../src-main/engine/pipeline.js';
import type { PdfRenderer } from '../../../src-main/engine/pdf-renderer.js';
import { checkSequence } from '../../../src-main/numbering/numbering.js';
import { verifyAudit } from '../../../src-main/audit/audit.js';
import { createPdfWriter } from '../../../src-main/pdf/writer.js';
import { AppError } from '../../../src-shared/errors.js';
import { gstFixture, type EngineFixture } from './setup.js';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const TODAY = '2026-11-23';

function invoiceRows(f: EngineFixture) {
  return f.core.store.read((db) => db.prepare('SELECT number, issue_date, total_minor, tax_minor, customer_snapshot FROM invoices WHERE business_id = ? ORDER BY seq').all(f.business.id)) as Array<Record<string, unknown>>;
}

/** A writer that records what it was asked and fails for chosen invoice numbers. */
function fakePdf(failFor: (number: string) => boolean): PdfRenderer & { rendered: string[] } {
  const rendered: string[] = [];
  return {
    rendered,
    async render(doc) {
      if (failFor(doc.number)) throw new AppError('PDF_FAILED', `renderer crashed on ${doc.number}`, { details: { attempts: 3 } });
      rendered.push(doc.number);
      return { sha256: 'a'.repeat(64), bytes: 1000, pages: 1 };
    },
    async close() {},
  };
}

describe('the generation engine', () => {
  it('gives identical invoices for the same seed, whatever the chunk size', async () => {
    const runs: Array<Array<Record<string, unknown>>> = [];
    for (const chunkSize of [7, 250]) {
      fixture = await gstFixture();
      const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 40, profile: 'advanced', seed: 'same', pdf: false, chunkSize, startDate: '2026-05-01', endDate: '2026-10-31' }, { today: TODAY });
      expect(report.failures).toEqual([]);
      runs.push(invoiceRows(fixture).map(({ customer_snapshot, ...rest }) => ({ ...rest, customer: (JSON.parse(String(customer_snapshot)) as { name: string }).name })));
      await fixture.cleanup();
      fixture = undefined;
    }
    expect(runs[0]).toHaveLength(40);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('numbers invoices consecutively in date order and keeps the ledger provable', async () => {
    fixture = await gstFixture();
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 120, profile: 'realistic', seed: '7', pdf: false, chunkSize: 50, startDate: '2026-06-01', endDate: '2026-09-30' }, { today: TODAY });
    expect(report.created).toBe(120);
    const rows = invoiceRows(fixture);
    // In date order within each series (bills of supply have their own).
    for (const prefix of ['INV/', 'BOS/']) {
      const dates = rows.filter((r) => String(r.number).startsWith(prefix)).map((r) => String(r.issue_date));
      expect([...dates].sort()).toEqual(dates);
    }
    expect(rows[0]!.number).toBe('INV/2627/00001');
    const check = fixture.core.store.read((db) => checkSequence(db, fixture!.business.id));
    expect(check.problems).toEqual([]);
    expect(fixture.core.store.read((db) => verifyAudit(db)).ok).toBe(true);
  });

  it('refuses to simulate in a real (non-sandbox) business before writing anything', async () => {
    fixture = await gstFixture({ sandbox: false });
    await expect(runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 5, profile: 'basic', seed: '1', pdf: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(fixture.core.store.read((db) => db.prepare('SELECT COUNT(*) AS n FROM batches').get())).toEqual({ n: 0 });
  });

  it('rejects a configuration with an unknown key by name, writing nothing', async () => {
    fixture = await gstFixture();
    await expect(runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 5, profile: 'basic', seed: '1', pdf: false, colour: 'blue' })).rejects.toThrow(/colour/);
    expect(fixture.core.store.read((db) => db.prepare('SELECT COUNT(*) AS n FROM batches').get())).toEqual({ n: 0 });
  });

  it('turns orders into invoices and reports each bad order with its rows, issuing the good ones', async () => {
    fixture = await gstFixture({ sandbox: false });
    const file = join(fixture.dir, 'orders.json');
    writeFileSync(file, JSON.stringify([
      { orderId: 'A-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 2 },
      { orderId: 'A-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'Tailoring service', quantity: '1' },
      { orderId: 'A-2', date: '2026-11-03', customer: 'New Buyer', customerState: '27', product: 'NOPE-9', quantity: 1 },
      { orderId: 'A-3', date: '2026-11-04', product: 'SH-1', quantity: 1 },
      { orderId: 'A-4', date: '2026-11-05', customer: 'Walk-in', customerState: '27', product: 'SH-1', quantity: 0 },
      { orderId: 'A-5', date: '2025-01-05', customer: 'Old Order', customerState: '27', product: 'SH-1', quantity: 1 },
      { date: '2026-11-06', customer: 'Rohan Deshpande', customerState: '27', product: 'WS-1', quantity: 1 },
    ]));
    const report = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: file, pdf: false }, { today: TODAY });
    expect(report.status).toBe('completed_with_errors');
    expect(report.created).toBe(2);
    expect(report.failed).toBe(4);
    const messages = report.failures.map((f) => `${f.source}: ${f.message}`).join('\n');
    expect(messages).toMatch(/orders\.json row 3: unknown product "NOPE-9"/);
    expect(messages).toMatch(/orders\.json row 4: the customer has neither/);
    expect(messages).toMatch(/orders\.json row 5: quantity: 0 is not above zero/); // the importer's message: one set of rules
    expect(messages).toMatch(/orders\.json row 6: date 2025-01-05 is outside/);
    const rows = invoiceRows(fixture);
    // The bill of supply is numbered in its own series (docs/TAX-RULES.md, section E).
    expect(rows.map((r) => r.number).sort()).toEqual(['BOS/2627/00001', 'INV/2627/00001']);
    // Kaveri is in Karnataka (29): inter-state, so IGST; the two rows of A-1 became one invoice.
    const lines = fixture.core.store.read((db) => db.prepare("SELECT l.components FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.number = 'INV/2627/00001'").all()) as Array<{ components: string }>;
    expect(lines).toHaveLength(2);
    expect(lines[0]!.components).toContain('IGST');
    // The new walk-in customer was created; a bill of supply for the exempt workshop.
    const second = fixture.core.store.read((db) => db.prepare("SELECT kind FROM invoices WHERE number = 'BOS/2627/00001'").get()) as { kind: string };
    expect(second.kind).toBe('bill_of_supply');
  });

  it('retries failed orders later without duplicating the good ones', async () => {
    fixture = await gstFixture({ sandbox: false });
    const file = join(fixture.dir, 'orders.json');
    writeFileSync(file, JSON.stringify([
      { orderId: 'B-1', date: '2026-11-02', customer: 'Kaveri Textiles Pvt Ltd', product: 'SH-1', quantity: 1 },
      { orderId: 'B-2', date: '2026-11-03', customer: 'Kaveri Textiles Pvt Ltd', product: 'LATE-1', quantity: 1 },
    ]));
    const first = await runBatch(fixture.core, { source: 'orders', businessId: fixture.business.id, ordersFile: file, pdf: false }, { today: TODAY });
    expect(first.created).toBe(1);
    expect(first.failed).toBe(1);
    // The missing product is added to the catalogue, then the batch is retried.
    const { insertProduct } = await import('../../../src-main/db/repos/catalogue.js');
    fixture.core.store.write((db) => insertProduct(db, fixture!.business.id, { sku: 'LATE-1', name: 'Late product', hsn: '6205', priceMinor: 10000n, currency: 'INR', taxRate: '5' }));
    const retried = await retryBatch(fixture.core, first.batchId, { today: TODAY });
    expect(retried.status).toBe('completed');
    expect(retried.created).toBe(2);
    expect(invoiceRows(fixture).map((r) => r.number)).toEqual(['INV/2627/00001', 'INV/2627/00002']);
    expect(fixture.core.store.read((db) => checkSequence(db, fixture!.business.id)).ok).toBe(true);
  });

  it('records a PDF that fails after its retries on the invoice, keeps the number, and re-renders on retry', async () => {
    fixture = await gstFixture();
    let broken = true;
    const pdf = fakePdf((n) => broken && n === 'INV/2627/00003');
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 5, profile: 'basic', seed: '3', startDate: '2026-10-01', endDate: '2026-10-31' }, { pdf, today: TODAY });
    expect(report.status).toBe('completed_with_errors');
    expect(report.created).toBe(5);
    expect(report.failures).toEqual([expect.objectContaining({ invoiceNumber: 'INV/2627/00003', message: expect.stringContaining('renderer crashed') })]);
    const bad = fixture.core.store.read((db) => db.prepare("SELECT status, retry_count, last_error, pdf_sha256 FROM invoices WHERE number = 'INV/2627/00003'").get());
    expect(bad).toEqual({ status: 'issued', retry_count: 3, last_error: expect.stringContaining('renderer crashed'), pdf_sha256: null });
    broken = false;
    const retried = await retryBatch(fixture.core, report.batchId, { pdf, today: TODAY });
    expect(retried.status).toBe('completed');
    expect(pdf.rendered.filter((n) => n === 'INV/2627/00003')).toHaveLength(1);
  });

  it('records the failed attempts of a PDF the writer wrote on its second try', async () => {
    fixture = await gstFixture();
    const tries = new Map<string, number>();
    const writer = await createPdfWriter({
      mode: 'inline',
      retry: { baseDelayMs: 1 },
      beforeAttempt: (doc, attempt) => {
        tries.set(doc.number, attempt);
        if (doc.number === 'INV/2627/00002' && attempt === 1) throw new AppError('PDF_FAILED', 'simulated transient failure', { retryable: true });
      },
    });
    const pdf: PdfRenderer = { render: (doc, outPath) => writer.render(doc, outPath), close: () => writer.close() };
    try {
      const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 3, profile: 'basic', seed: '3', startDate: '2026-10-01', endDate: '2026-10-31' }, { pdf, today: TODAY });
      expect(report.status).toBe('completed');
      expect(report.failures).toEqual([]);
    } finally {
      await writer.close();
    }
    expect(Object.fromEntries(tries)).toEqual({ 'INV/2627/00001': 1, 'INV/2627/00002': 2, 'INV/2627/00003': 1 });
    const rows = fixture.core.store.read((db) => db.prepare('SELECT number, retry_count, last_error, pdf_sha256 IS NOT NULL AS has_pdf FROM invoices WHERE business_id = ? ORDER BY number').all(fixture!.business.id));
    expect(rows).toEqual([
      { number: 'INV/2627/00001', retry_count: 0, last_error: null, has_pdf: 1 },
      { number: 'INV/2627/00002', retry_count: 1, last_error: null, has_pdf: 1 },
      { number: 'INV/2627/00003', retry_count: 0, last_error: null, has_pdf: 1 },
    ]);
  });

  it('cancels after the current chunk, leaving everything issued consistent', async () => {
    fixture = await gstFixture();
    const controller = new AbortController();
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 500, profile: 'basic', seed: '9', pdf: false, chunkSize: 50, startDate: '2026-10-01', endDate: '2026-10-31' }, {
      today: TODAY,
      onProgress: (p) => { if (p.phase === 'issue' && p.done >= 100) controller.abort(); },
      signal: controller.signal,
    });
    expect(report.status).toBe('cancelled');
    expect(report.created % 50).toBe(0);
    expect(report.created).toBeGreaterThanOrEqual(50);
    expect(report.created).toBeLessThan(500);
    const check = fixture.core.store.read((db) => checkSequence(db, fixture!.business.id));
    expect(check.ok).toBe(true);
    // Tax invoices and bills of supply (the exempt workshop) are numbered in their own series.
    expect(check.series.filter((s) => s.seriesCode === 'INV' || s.seriesCode === 'BOS').reduce((n, s) => n + s.last, 0)).toBe(report.created);
    expect(fixture.core.store.read((db) => db.prepare('SELECT status FROM batches WHERE id = ?').get(report.batchId))).toEqual({ status: 'cancelled' });
  });

  it('emits progress with phase, counts, rate and ETA, at most about ten a second', async () => {
    fixture = await gstFixture();
    const events: Array<{ phase: string; done: number; total: number }> = [];
    await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 300, profile: 'basic', seed: '2', pdf: false, chunkSize: 10 }, { today: TODAY, onProgress: (p) => events.push(p) });
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: 300, total: 300 });
    expect(events.length).toBeLessThan(300 / 10);
  });

  it('reports the PDF stage as its own progress: PDFs written out of invoices issued, a chunk\'s PDFs written while the next chunk is issued', async () => {
    fixture = await gstFixture();
    const events: Array<{ phase: string; done: number; total: number; pdfsDone?: number; pdfsTotal?: number }> = [];
    const pdf = fakePdf(() => false);
    const report = await runBatch(fixture.core, { source: 'simulation', businessId: fixture.business.id, count: 60, profile: 'basic', seed: '4', pdf: true, chunkSize: 25 }, { today: TODAY, pdf, onProgress: (p) => events.push({ ...p }) });
    expect(report.created).toBe(60);
    expect(pdf.rendered).toHaveLength(60);
    const rendering = events.filter((e) => e.phase === 'render');
    // The PDF total grows chunk by chunk with the invoices issued; the count written only moves up.
    expect([...new Set(rendering.map((e) => e.pdfsTotal))]).toEqual([25, 50, 60]);
    for (let i = 1; i < rendering.length; i++) expect(rendering[i]!.pdfsDone!).toBeGreaterThanOrEqual(rendering[i - 1]!.pdfsDone!);
    for (const e of rendering) expect(e.pdfsDone!).toBeLessThanOrEqual(e.pdfsTotal!);
    expect(rendering.at(-1)).toMatchObject({ pdfsDone: 60, pdfsTotal: 60 });
    // The second chunk was issued while the first chunk's PDFs were still being written.
    expect(rendering.some((e) => e.pdfsTotal === 50 && e.pdfsDone! < 25)).toBe(true);
    // While the last chunk's PDFs are written, issuing already shows 60 of 60: the PDF count is what moves.
    expect(rendering.find((e) => e.pdfsTotal === 60 && e.pdfsDone! < 60)).toMatchObject({ done: 60, total: 60 });
    expect(events.filter((e) => e.phase === 'issue').every((e) => e.pdfsTotal === undefined)).toBe(true);
  });
});
