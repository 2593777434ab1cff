// One invoice written at the counter, keyboard first: customer (a saved one or typed in, created
// when the invoice is issued), date, lines from the catalogue or typed, live totals from the tax
// plugin (invoices.quote: the same computation as batches, none in the renderer), save as draft,
// issue with a confirmation, then its PDF. Shortcuts: Alt+L add a line, Ctrl+S save the draft,
// Ctrl+Enter issue; Tab moves field to field.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { DateInput } from '../../components/DateInput.js';
import { errorTitle } from '../../components/errors.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { useFormat } from '../../i18n/format.js';
import type { BusinessView, CustomerView, ProductView } from '../../../src-shared/ipc/models.js';
import type { HandInvoiceQuote, HandInvoiceView } from '../../../src-shared/schemas/hand-invoice.js';
import { issuesByField } from '../hand/EntityForm.js';
import { k } from '../../i18n/keys.js';
import { PdfPreview } from './InvoicesScreen.js';

interface Line {
  product: string;
  description: string;
  hsn: string;
  rate: string;
  quantity: string;
  price: string;
}

const LINE_LABEL: Record<keyof Line, string> = {
  product: k('hand.product'), description: k('hand.description'), hsn: k('hand.hsn'), rate: k('hand.rate'), quantity: k('hand.quantity'), price: k('hand.price'),
};

const emptyLine = (): Line => ({ product: '', description: '', hsn: '', rate: '', quantity: '1', price: '' });

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
  for (const key of ['description', 'hsn', 'rate', 'price'] as const) if (line[key].trim()) out[key] = line[key].trim();
  return out;
}

function Editor({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [date, setDate] = useState(todayIso());
  const [customer, setCustomer] = useState({ name: '', taxId: '', state: '', address: '' });
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const [quote, setQuote] = useState<HandInvoiceQuote | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [draft, setDraft] = useState<HandInvoiceView | undefined>();
  const [issued, setIssued] = useState<HandInvoiceView | undefined>();
  const [products, setProducts] = useState<ProductView[]>([]);
  const [customers, setCustomers] = useState<CustomerView[]>([]);
  const confirmRef = useRef<HTMLDialogElement>(null);
  const lineRefs = useRef<Array<HTMLInputElement | null>>([]);

  useEffect(() => {
    void call('products.list', { businessId: business.id, limit: 500 }).then((p) => setProducts(p.items)).catch(() => undefined);
    void call('customers.list', { businessId: business.id, limit: 500 }).then((c) => setCustomers(c.items)).catch(() => undefined);
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
      lines: chosen.map((l) => lineInput(l, products)),
    };
  }, [date, customer, lines, products, known]);

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
        setErrors(issuesByField(error));
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [business.id, invoiceInput]);

  const addLine = () => {
    setLines((ls) => [...ls, emptyLine()]);
    setTimeout(() => lineRefs.current[lines.length]?.focus(), 0);
  };

  const save = async (): Promise<HandInvoiceView | undefined> => {
    setFailure(undefined);
    try {
      const saved = await call('invoices.saveDraft', { businessId: business.id, ...(draft ? { id: draft.id } : {}), invoice: invoiceInput(true) as never });
      setDraft(saved);
      setErrors({});
      notify(t('hand.draftSaved'));
      return saved;
    } catch (error) {
      setErrors(issuesByField(error));
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
    setCustomer({ name: '', taxId: '', state: '', address: '' });
    setQuote(undefined);
    void call('customers.list', { businessId: business.id, limit: 500 }).then((c) => setCustomers(c.items)).catch(() => undefined);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (issued) return;
      if (event.altKey && !mod && event.code === 'KeyL') {
        event.preventDefault();
        addLine();
      } else if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      } else if (mod && event.key === 'Enter') {
        event.preventDefault();
        confirmRef.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (issued) {
    return (
      <section className="card" aria-labelledby="issued-title" data-testid="invoice-issued">
        <h2 id="issued-title">{t('hand.issuedAs', { number: issued.number })}</h2>
        <p>
          {issued.customer.name} · <span dir="ltr">{f.money(issued.totals.grandTotal, issued.currency)}</span>
        </p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={startOver} autoFocus>
            {t('hand.newInvoice')}
          </button>
        </div>
        <PdfPreview business={business} id={issued.id} title={t('invoices.pdfTitle', { number: issued.number })} />
      </section>
    );
  }

  const err = (key: string) => errors[key];
  const described = (key: string) => (err(key) ? { 'aria-invalid': true, 'aria-describedby': `inv-${key.replace(/[^a-z0-9]/gi, '-')}-error` } : {});
  const errorText = (key: string) => (err(key) ? <p className="field-error" id={`inv-${key.replace(/[^a-z0-9]/gi, '-')}-error`}>{err(key)}</p> : null);

  return (
    <form className="invoice-editor" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate data-testid="invoice-editor">
      <p className="hint" id="editor-keys">{t('hand.shortcutsHint')}</p>
      {failure ? (
        <div role="alert" className="form-errors">
          <strong>{errorTitle(t, failure)}</strong> {Object.keys(errors).length > 0 ? t('hand.fixFields', { count: Object.keys(errors).length }) : (failure as Error).message}
        </div>
      ) : null}
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
                <input id="inv-customerState" value={customer.state} onChange={(e) => setCustomer({ ...customer, state: e.target.value })} {...described('customerState')} />
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
              <th scope="col">{t('hand.price')}</th>
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
                      inputMode={['quantity', 'price', 'rate'].includes(key) ? 'decimal' : undefined}
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
                  {cell('product', true, (el) => (lineRefs.current[i] = el))}
                  {cell('description', false)}
                  {cell('hsn', true)}
                  {cell('rate', true)}
                  {cell('quantity', true)}
                  {cell('price', true)}
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
      <section className="card totals" aria-labelledby="inv-totals" aria-live="polite">
        <h2 id="inv-totals">{t('hand.totals')}</h2>
        {quote ? (
          <dl>
            <dt>{t('hand.taxable')}</dt>
            <dd dir="ltr">{f.money(quote.totals.taxable, business.currency)}</dd>
            {quote.components.map((c) => (
              <div key={`${c.name}-${c.rate}`} className="dl-row">
                <dt>{c.name} {f.rate(c.rate)}</dt>
                <dd dir="ltr">{f.money(c.amount, business.currency)}</dd>
              </div>
            ))}
            <dt>{t('hand.roundOff')}</dt>
            <dd dir="ltr">{f.money(quote.totals.roundOff, business.currency)}</dd>
            <dt>{t('hand.grandTotal')}</dt>
            <dd dir="ltr" data-testid="grand-total"><strong>{f.money(quote.totals.grandTotal, business.currency)}</strong></dd>
          </dl>
        ) : <p className="hint">{t('hand.totalsHint')}</p>}
        {quote ? <p>{quote.amountInWords.en}</p> : null}
        {quote?.placeOfSupply ? <p>{t('hand.placeOfSupply', { code: quote.placeOfSupply })}</p> : null}
      </section>
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
