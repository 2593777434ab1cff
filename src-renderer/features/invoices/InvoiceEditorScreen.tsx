// One invoice written at the counter, keyboard first: customer (a saved one or typed in, created
// when the invoice is issued), date, lines from the catalogue or typed, live totals from the tax
// plugin (invoices.quote: the same computation as batches, none in the renderer), save as draft,
// issue with a confirmation, then its PDF. Lines carry a unit and a discount; prices may include
// tax; a GST place of supply may be overridden by a delivery state (not for an export). Drafts
// are listed above the editor, to open again or delete (after a confirmation). Shortcuts: Alt+L
// add a line, Ctrl+S save the draft, Ctrl+Enter issue; Tab moves field to field in reading order
// (the new line is focused synchronously, so keys typed at once never land one field off).
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { DateInput } from '../../components/DateInput.js';
import { errorTitle } from '../../components/errors.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { useFormat } from '../../i18n/format.js';
import type { BusinessView, CustomerView, ProductView, SeriesView } from '../../../src-shared/ipc/models.js';
import type { HandInvoiceInput, HandInvoiceQuote, HandInvoiceView } from '../../../src-shared/schemas/hand-invoice.js';
import type { InvoiceSummary } from '../../../src-shared/ipc/models.js';
import { GST_STATES } from '../../../src-shared/tax/gst-states.js';
import { issuesByField } from '../hand/EntityForm.js';
import { k } from '../../i18n/keys.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';
import { componentName, wordsFor } from '../../i18n/tax-words.js';
import { PdfPreview } from './InvoicesScreen.js';

interface Line {
  product: string;
  description: string;
  hsn: string;
  rate: string;
  quantity: string;
  unit: string;
  price: string;
  discount: string;
}

/** The line's fields in their column (and Tab) order. */
const LINE_FIELDS = ['product', 'description', 'hsn', 'rate', 'quantity', 'unit', 'price', 'discount'] as const;
const NUMERIC: ReadonlyArray<keyof Line> = ['quantity', 'price', 'rate', 'discount'];
const LTR: ReadonlyArray<keyof Line> = ['product', 'hsn', 'rate', 'quantity', 'price', 'discount'];

const LINE_LABEL: Record<keyof Line, string> = {
  product: k('hand.product'), description: k('hand.description'), hsn: k('hand.hsn'), rate: k('hand.rate'), quantity: k('hand.quantity'), unit: k('hand.unit'), price: k('hand.price'), discount: k('hand.discount'),
};

const emptyLine = (): Line => ({ product: '', description: '', hsn: '', rate: '', quantity: '1', unit: '', price: '', discount: '' });

interface CustomerFields {
  name: string;
  taxId: string;
  state: string;
  address: string;
}
const emptyCustomer = (): CustomerFields => ({ name: '', taxId: '', state: '', address: '' });

const productName = (p: ProductView | undefined) => (p ? (p.sku ?? p.name) : '');

/** A stored draft back into the editor's fields (a catalogue line by its SKU, else its name). */
export function draftToFields(input: HandInvoiceInput, customers: CustomerView[], products: ProductView[]): { date: string; customer: CustomerFields; lines: Line[]; pricesIncludeTax: boolean; placeOfSupply: string } {
  const saved = input.customerId ? customers.find((c) => c.id === input.customerId) : undefined;
  const text = (v: string | number | undefined) => (v === undefined ? '' : String(v));
  return {
    date: input.date,
    customer: saved
      ? { name: saved.name, taxId: '', state: '', address: '' }
      : { name: input.customer ?? '', taxId: input.customerTaxId ?? '', state: input.customerState ?? '', address: input.customerAddress ?? '' },
    lines: input.lines.map((l) => ({
      product: l.product ?? productName(products.find((p) => p.id === l.productId)), description: l.description ?? '', hsn: l.hsn ?? '', rate: text(l.rate), quantity: text(l.quantity),
      unit: l.unit ?? '', price: text(l.price), discount: text(l.discount),
    })),
    pricesIncludeTax: Boolean(input.pricesIncludeTax),
    placeOfSupply: input.placeOfSupply ?? '',
  };
}

function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A line the server can price: a product, or a description with price and rate. */
function complete(line: Line): boolean {
  return line.quantity.trim() !== '' && (line.product.trim() !== '' || (line.description.trim() !== '' && line.price.trim() !== '' && line.rate.trim() !== ''));
}

function lineInput(line: Line, products: ProductView[]) {
  const product = products.find((p) => p.sku === line.product.trim() || p.name === line.product.trim());
  const out: Record<string, string> = { quantity: line.quantity.trim() };
  if (product) out.productId = product.id;
  else if (line.product.trim()) out.product = line.product.trim();
  for (const key of ['description', 'hsn', 'rate', 'price', 'unit', 'discount'] as const) if (line[key].trim()) out[key] = line[key].trim();
  return out;
}

/** The drafts of a business, newest first: open one to go on writing it, or delete it. */
function DraftList({ business, current, refresh, onOpen, onDeleted }: { business: BusinessView; current?: string; refresh: number; onOpen: (id: string) => void; onDeleted: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [drafts, setDrafts] = useState<InvoiceSummary[]>([]);
  const [deleting, setDeleting] = useState<InvoiceSummary | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    void call('invoices.list', { businessId: business.id, status: 'draft', sort: 'createdAt', dir: 'desc', limit: 50 }).then((page) => setDrafts(page.items)).catch(setFailure);
  }, [business.id, refresh]);
  const confirmDelete = async () => {
    const target = deleting;
    dialogRef.current?.close();
    if (!target) return;
    try {
      await call('invoices.discardDraft', { businessId: business.id, id: target.id });
      setDrafts((ds) => ds.filter((d) => d.id !== target.id));
      notify(t('hand.draftDeleted'));
      onDeleted(target.id);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section className="card drafts" aria-labelledby="drafts-title" data-testid="draft-list">
      <h2 id="drafts-title">{t('hand.drafts')}</h2>
      {failure ? <p role="alert" className="form-errors">{errorTitle(t, failure)}</p> : null}
      {drafts.length === 0 ? <p className="hint">{t('hand.noDrafts')}</p> : (
        <ul className="draft-items">
          {drafts.map((d) => (
            <li key={d.id} aria-current={d.id === current ? 'true' : undefined}>
              <span><bdi>{d.customerName}</bdi> · {f.date(d.issueDate)} · <span dir="ltr">{f.money(d.total, d.currency)}</span></span>
              <button type="button" onClick={() => onOpen(d.id)} aria-label={t('hand.openDraftOf', { name: d.customerName, date: f.date(d.issueDate) })}>{t('hand.openDraft')}</button>
              <button type="button" className="danger" onClick={() => { setDeleting(d); dialogRef.current?.showModal(); }} aria-label={t('hand.deleteDraftOf', { name: d.customerName, date: f.date(d.issueDate) })}>{t('hand.deleteDraft')}</button>
            </li>
          ))}
        </ul>
      )}
      <dialog ref={dialogRef} aria-labelledby="confirm-delete-title" onClose={() => setDeleting(undefined)}>
        <h2 id="confirm-delete-title">{t('hand.confirmDeleteTitle')}</h2>
        <p>{t('hand.confirmDelete', { name: deleting?.customerName ?? '' })}</p>
        <div className="form-actions">
          <button type="button" className="danger" onClick={() => void confirmDelete()} data-testid="confirm-delete-draft">{t('hand.deleteDraft')}</button>
          <button type="button" onClick={() => dialogRef.current?.close()} autoFocus>{t('common.cancel')}</button>
        </div>
      </dialog>
    </section>
  );
}

/** Alt+L adds a line, Ctrl+S saves the draft, Ctrl+Enter asks to issue — while the editor is shown. */
function useEditorKeys(active: boolean, actions: { addLine: () => void; save: () => void; issue: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!active) return;
      if (event.altKey && !mod && event.code === 'KeyL') {
        event.preventDefault();
        actions.addLine();
      } else if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault();
        actions.save();
      } else if (mod && event.key === 'Enter') {
        event.preventDefault();
        actions.issue();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}

/** A field's error, the attributes that tie its input to it, and the error paragraph. */
function fieldErrors(errors: Record<string, string>) {
  const err = (key: string) => errors[key];
  const described = (key: string) => (err(key) ? { 'aria-invalid': true, 'aria-describedby': `inv-${key.replace(/[^a-z0-9]/gi, '-')}-error` } : {});
  const errorText = (key: string) => (err(key) ? <p className="field-error" id={`inv-${key.replace(/[^a-z0-9]/gi, '-')}-error`}>{err(key)}</p> : null);
  return { err, described, errorText };
}

function IssuedInvoice({ business, issued, onNew }: { business: BusinessView; issued: HandInvoiceView; onNew: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="issued-title" data-testid="invoice-issued">
      <h2 id="issued-title">{t('hand.issuedAs', { number: issued.number })}</h2>
      <p>
        {issued.customer.name} · <span dir="ltr">{f.money(issued.totals.grandTotal, issued.currency)}</span>
      </p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onNew} autoFocus>
          {t('hand.newInvoice')}
        </button>
      </div>
      <PdfPreview business={business} id={issued.id} number={issued.number} title={t('invoices.pdfTitle', { number: issued.number })} />
    </section>
  );
}

function FailureBanner({ failure, errors }: { failure: unknown; errors: Record<string, string> }) {
  const { t } = useTranslation();
  if (!failure) return null;
  return (
    <div role="alert" className="form-errors">
      <strong>{errorTitle(t, failure)}</strong> {Object.keys(errors).length > 0 ? t('hand.fixFields', { count: Object.keys(errors).length }) : (failure as Error).message}
    </div>
  );
}

/** Under GST, the state a typed GSTIN names (its first two digits), shown where the state is left empty: the backend takes it from there. */
function stateFromGstin(business: BusinessView, taxId: string, t: TFunction): string | undefined {
  const code = taxId.trim().slice(0, 2);
  return business.taxRegime === 'gst-in' && /^\d{2}$/.test(code) ? gstStateLabel(t, code) : undefined;
}

const PLACE_STATES = GST_STATES.filter((st) => !st.special && !st.validUntil);

function PlaceOfSupplyField({ value, onChange, exportSale, errors }: { value: string; onChange: (code: string) => void; exportSale: boolean; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const { err, errorText } = fieldErrors(errors);
  return (
    <div className="field">
      <label htmlFor="inv-placeOfSupply">{t('hand.placeOfSupplyLabel')}</label>
      <select id="inv-placeOfSupply" value={exportSale ? '' : value} disabled={exportSale} onChange={(e) => onChange(e.target.value)} aria-describedby="inv-placeOfSupply-help" {...(err('placeOfSupply') ? { 'aria-invalid': true } : {})}>
        <option value="">{exportSale ? t('hand.placeOfSupplyExport') : t('hand.placeOfSupplyDerived')}</option>
        {PLACE_STATES.map((st) => <option key={st.code} value={st.code}>{gstStateLabel(t, st.code)} ({st.code})</option>)}
      </select>
      <p className="hint" id="inv-placeOfSupply-help">{t('hand.placeOfSupplyHelp')}</p>
      {errorText('placeOfSupply')}
    </div>
  );
}

function QuoteTotals({ quote, currency }: { quote: HandInvoiceQuote | undefined; currency: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const words = quote ? wordsFor(quote.amountInWords, i18n.language) : undefined;
  return (
    <section className="card totals" aria-labelledby="inv-totals" aria-live="polite">
      <h2 id="inv-totals">{t('hand.totals')}</h2>
      {quote ? (
        <dl>
          <dt>{t('hand.taxable')}</dt>
          <dd dir="ltr">{f.money(quote.totals.taxable, currency)}</dd>
          {quote.totals.nonTaxable !== undefined ? (
            <div className="dl-row">
              <dt>{t('hand.nonTaxable')}</dt>
              <dd dir="ltr" data-testid="non-taxable">{f.money(quote.totals.nonTaxable, currency)}</dd>
            </div>
          ) : null}
          {quote.components.map((c) => (
            <div key={`${c.name}-${c.rate}`} className="dl-row">
              <dt>{componentName(t, c.name)} {f.rate(c.rate)}</dt>
              <dd dir="ltr">{f.money(c.amount, currency)}</dd>
            </div>
          ))}
          <dt>{t('hand.roundOff')}</dt>
          <dd dir="ltr">{f.money(quote.totals.roundOff, currency)}</dd>
          <dt>{t('hand.grandTotal')}</dt>
          <dd dir="ltr" data-testid="grand-total"><strong>{f.money(quote.totals.grandTotal, currency)}</strong></dd>
        </dl>
      ) : <p className="hint">{t('hand.totalsHint')}</p>}
      {words ? <p lang={words.lang} data-testid="amount-in-words">{words.text}</p> : null}
      {quote?.placeOfSupply ? <p data-testid="place-of-supply">{t('hand.placeOfSupplyName', { name: gstStateLabel(t, quote.placeOfSupply) ?? quote.placeOfSupply, code: quote.placeOfSupply })}</p> : null}
    </section>
  );
}

function Editor({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [date, setDate] = useState(todayIso());
  const [customer, setCustomer] = useState<CustomerFields>(emptyCustomer());
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const [pricesIncludeTax, setPricesIncludeTax] = useState(false);
  const [placeOfSupply, setPlaceOfSupply] = useState('');
  const [seriesCode, setSeriesCode] = useState('');
  const [invoiceSeries, setInvoiceSeries] = useState<SeriesView[]>([]);
  const [draftsVersion, setDraftsVersion] = useState(0);
  const [quote, setQuote] = useState<HandInvoiceQuote | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [draft, setDraft] = useState<HandInvoiceView | undefined>();
  const [issued, setIssued] = useState<HandInvoiceView | undefined>();
  const [products, setProducts] = useState<ProductView[]>([]);
  const [customers, setCustomers] = useState<CustomerView[]>([]);
  const confirmRef = useRef<HTMLDialogElement>(null);
  const lineRefs = useRef<Array<HTMLInputElement | null>>([]);
  const gst = business.taxRegime === 'gst-in';

  useEffect(() => {
    void call('products.list', { businessId: business.id, limit: 500 }).then((p) => setProducts(p.items)).catch(() => undefined);
    void call('customers.list', { businessId: business.id, limit: 500 }).then((c) => setCustomers(c.items)).catch(() => undefined);
    void call('series.list', { businessId: business.id }).then((s) => setInvoiceSeries(s.filter((x) => x.kind === 'invoice'))).catch(() => undefined);
  }, [business.id]);

  const known = customers.find((c) => c.name === customer.name.trim() || (customer.taxId.trim() !== '' && c.taxId === customer.taxId.trim().toUpperCase()));
  const invoiceInput = useCallback((all: boolean) => {
    const chosen = all ? lines : lines.filter(complete);
    return {
      date,
      ...(known ? { customerId: known.id } : {
        ...(customer.name.trim() ? { customer: customer.name.trim() } : {}),
        ...(customer.taxId.trim() ? { customerTaxId: customer.taxId.trim() } : {}),
        ...(customer.state.trim() ? { customerState: customer.state.trim() } : {}),
        ...(customer.address.trim() ? { customerAddress: customer.address.trim() } : {}),
      }),
      ...(pricesIncludeTax ? { pricesIncludeTax: true } : {}),
      ...(gst && placeOfSupply ? { placeOfSupply } : {}),
      ...(seriesCode ? { series: seriesCode } : {}),
      lines: chosen.map((l) => lineInput(l, products)),
    };
  }, [date, customer, lines, products, known, pricesIncludeTax, placeOfSupply, gst, seriesCode]);

  // Live totals as the user types: only complete lines, a quarter second after the last key.
  useEffect(() => {
    const input = invoiceInput(false);
    if (input.lines.length === 0 || (!('customerId' in input) && !('customer' in input))) {
      setQuote(undefined);
      return;
    }
    const timer = setTimeout(() => {
      call('invoices.quote', { businessId: business.id, invoice: input as never }).then((q) => {
        setQuote(q);
        setErrors({});
      }, (error: unknown) => {
        setQuote(undefined);
        setErrors(issuesByField(error, t));
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [business.id, invoiceInput, t]);

  // The new line is drawn and focused before this key's handling ends: a key typed right after
  // Alt+L (a person typing fast, or a test) lands in the new line, never in the old one.
  const addLine = () => {
    let count = 0;
    flushSync(() => setLines((ls) => {
      count = ls.length + 1;
      return [...ls, emptyLine()];
    }));
    lineRefs.current[count - 1]?.focus();
  };

  const openDraft = async (id: string) => {
    setFailure(undefined);
    try {
      const view = await call('invoices.show', { businessId: business.id, id });
      if (view.status !== 'draft' || !view.input) return;
      const fields = draftToFields(view.input, customers, products);
      setDate(fields.date);
      setCustomer(fields.customer);
      setLines(fields.lines.length ? fields.lines : [emptyLine()]);
      setPricesIncludeTax(fields.pricesIncludeTax);
      setPlaceOfSupply(fields.placeOfSupply);
      setSeriesCode(view.input.series ?? '');
      setErrors({});
      setDraft(view);
      document.getElementById('inv-customer')?.focus();
    } catch (error) {
      setFailure(error);
    }
  };

  const save = async (): Promise<HandInvoiceView | undefined> => {
    setFailure(undefined);
    try {
      const saved = await call('invoices.saveDraft', { businessId: business.id, ...(draft ? { id: draft.id } : {}), invoice: invoiceInput(true) as never });
      setDraft(saved);
      setErrors({});
      setDraftsVersion((v) => v + 1);
      notify(t('hand.draftSaved'));
      return saved;
    } catch (error) {
      setErrors(issuesByField(error, t));
      setFailure(error);
      return undefined;
    }
  };

  const issue = async () => {
    confirmRef.current?.close();
    const saved = await save();
    if (!saved) return;
    try {
      const done = await call('invoices.issue', { businessId: business.id, id: saved.id });
      setIssued(done);
      notify(t('hand.issuedAs', { number: done.number }));
    } catch (error) {
      setFailure(error);
    }
  };

  const startOver = () => {
    setIssued(undefined);
    setDraft(undefined);
    setLines([emptyLine()]);
    setCustomer(emptyCustomer());
    setPricesIncludeTax(false);
    setPlaceOfSupply('');
    setSeriesCode('');
    setQuote(undefined);
    setDraftsVersion((v) => v + 1);
    void call('customers.list', { businessId: business.id, limit: 500 }).then((c) => setCustomers(c.items)).catch(() => undefined);
  };

  useEditorKeys(!issued, { addLine, save: () => void save(), issue: () => confirmRef.current?.showModal() });

  if (issued) return <IssuedInvoice business={business} issued={issued} onNew={startOver} />;

  const { err, described, errorText } = fieldErrors(errors);

  const derivedPlace = quote?.placeOfSupply ?? null;
  const exportSale = derivedPlace === '96';

  return (
    <>
    <DraftList
      business={business}
      current={draft?.id}
      refresh={draftsVersion}
      onOpen={(id) => void openDraft(id)}
      onDeleted={(id) => {
        if (draft?.id === id) startOver();
      }}
    />
    <form className="invoice-editor" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate data-testid="invoice-editor">
      <p className="hint" id="editor-keys">{t('hand.shortcutsHint')}</p>
      {draft ? <p className="hint" data-testid="editing-draft">{t('hand.editingDraft', { date: f.date(draft.date) })}</p> : null}
      <FailureBanner failure={failure} errors={errors} />
      <fieldset className="card">
        <legend>{t('hand.customer')}</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="inv-customer">{t('hand.customerName')}</label>
            <input id="inv-customer" list="inv-customers" value={customer.name} onChange={(e) => setCustomer({ ...customer, name: e.target.value })} {...described(known ? 'customerId' : 'customer')} autoFocus />
            <datalist id="inv-customers">{customers.map((c) => <option key={c.id} value={c.name}>{c.taxId ?? ''}</option>)}</datalist>
            {errorText('customer')}
            {known ? <p className="hint">{t('hand.savedCustomer', { address: known.address || '—' })}</p> : null}
          </div>
          {!known ? (
            <>
              <div className="field">
                <label htmlFor="inv-customerTaxId">{t('customers.taxId')}</label>
                <input id="inv-customerTaxId" dir="ltr" value={customer.taxId} onChange={(e) => setCustomer({ ...customer, taxId: e.target.value })} {...described('customerTaxId')} />
                {errorText('customerTaxId')}
              </div>
              <div className="field">
                <label htmlFor="inv-customerState">{t('customers.state')}</label>
                <input id="inv-customerState" value={customer.state} placeholder={stateFromGstin(business, customer.taxId, t)} onChange={(e) => setCustomer({ ...customer, state: e.target.value })} {...described('customerState')} />
                {errorText('customerState')}
              </div>
              <div className="field wide">
                <label htmlFor="inv-customerAddress">{t('hand.address')}</label>
                <textarea id="inv-customerAddress" rows={2} value={customer.address} onChange={(e) => setCustomer({ ...customer, address: e.target.value })} {...described('customerAddress')} />
                {errorText('customerAddress')}
              </div>
            </>
          ) : null}
          <div className="field">
            <label htmlFor="inv-date">{t('hand.date')}</label>
            <DateInput id="inv-date" value={date} onChange={(text) => setDate(text)} invalid={Boolean(err('date'))} describedBy={err('date') ? 'inv-date-error' : undefined} />
            {errorText('date')}
          </div>
          {invoiceSeries.length > 1 ? (
            <div className="field">
              <label htmlFor="inv-series">{t('series.choose')}</label>
              <select id="inv-series" value={seriesCode} onChange={(e) => setSeriesCode(e.target.value)}>
                {invoiceSeries.map((s) => (
                  <option key={s.id} value={s.isDefault ? '' : s.code}>{s.code} · {s.next}</option>
                ))}
              </select>
              {errorText('series')}
            </div>
          ) : null}
          {gst ? <PlaceOfSupplyField value={placeOfSupply} onChange={setPlaceOfSupply} exportSale={exportSale} errors={errors} /> : null}
          <div className="field checkbox">
            <label>
              <input type="checkbox" id="inv-pricesIncludeTax" checked={pricesIncludeTax} onChange={(e) => setPricesIncludeTax(e.target.checked)} />
              {t('hand.pricesIncludeTax')}
            </label>
          </div>
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('hand.lines')}</legend>
        <datalist id="inv-products">{products.map((p) => <option key={p.id} value={p.sku ?? p.name}>{p.name}</option>)}</datalist>
        <table className="lines-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('hand.product')}</th>
              <th scope="col">{t('hand.description')}</th>
              <th scope="col">{t('products.hsn')}</th>
              <th scope="col">{t('hand.rate')}</th>
              <th scope="col">{t('hand.quantity')}</th>
              <th scope="col">{t('hand.unit')}</th>
              <th scope="col">{t('hand.price')}</th>
              <th scope="col">{t('hand.discount')}</th>
              <th scope="col">{t('hand.lineTotal')}</th>
              <th scope="col"><span className="sr-only">{t('hand.remove')}</span></th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const set = (key: keyof Line, value: string) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, [key]: value } : l)));
              const cell = (key: keyof Line, ltr: boolean, ref?: (el: HTMLInputElement | null) => void) => {
                const path = `lines[${i}].${key === 'product' ? 'product' : key}`;
                return (
                  <td>
                    <input
                      ref={ref}
                      aria-label={t('hand.lineField', { n: i + 1, field: t(LINE_LABEL[key]) })}
                      dir={ltr ? 'ltr' : undefined}
                      list={key === 'product' ? 'inv-products' : undefined}
                      value={line[key]}
                      inputMode={NUMERIC.includes(key) ? 'decimal' : undefined}
                      onChange={(e) => set(key, e.target.value)}
                      {...described(path)}
                    />
                    {errorText(path)}
                  </td>
                );
              };
              const qLine = quote && complete(line) ? quote.lines[lines.slice(0, i).filter(complete).length] : undefined;
              return (
                <tr key={i} data-testid={`line-${i}`}>
                  <td>{f.number(i + 1)}</td>
                  {LINE_FIELDS.map((key) => <Fragment key={key}>{cell(key, LTR.includes(key), key === 'product' ? (el) => { lineRefs.current[i] = el; } : undefined)}</Fragment>)}
                  <td className="numeric" dir="ltr">{qLine ? f.money(qLine.total, business.currency) : '—'}</td>
                  <td>
                    <button type="button" aria-label={t('hand.removeLine', { n: i + 1 })} disabled={lines.length === 1} onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" onClick={addLine} aria-keyshortcuts="Alt+L">
          {t('hand.addLine')} <kbd dir="ltr">Alt+L</kbd>
        </button>
      </fieldset>
      <QuoteTotals quote={quote} currency={business.currency} />
      <div className="form-actions">
        <button type="submit" aria-keyshortcuts="Control+S">
          {t('hand.saveDraft')} <kbd dir="ltr">Ctrl+S</kbd>
        </button>
        <button type="button" className="primary" onClick={() => confirmRef.current?.showModal()} aria-keyshortcuts="Control+Enter">
          {t('hand.issue')} <kbd dir="ltr">Ctrl+Enter</kbd>
        </button>
        {draft ? <span className="hint">{t('hand.draftNoNumber')}</span> : null}
      </div>
      <dialog ref={confirmRef} aria-labelledby="confirm-issue-title">
        <h2 id="confirm-issue-title">{t('hand.confirmIssueTitle')}</h2>
        <p>{t('hand.confirmIssue')}</p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => void issue()} autoFocus data-testid="confirm-issue">
            {t('hand.issue')}
          </button>
          <button type="button" onClick={() => confirmRef.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </dialog>
    </form>
    </>
  );
}

export function InvoiceEditorScreen() {
  const { t } = useTranslation();
  return (
    <Screen testId="invoice-editor" title={t('hand.editorTitle')} subtitle={t('hand.editorSubtitle')}>
      <WithBusiness>{(business) => <Editor key={business.id} business={business} />}</WithBusiness>
    </Screen>
  );
}
