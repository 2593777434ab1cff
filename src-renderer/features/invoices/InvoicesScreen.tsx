// Invoices: the list (filters: status, dates, customer, number, batch) and one invoice's detail
// with its lines, totals, the PDF preview, void and credit note.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { SearchBox } from '../../components/SearchBox.js';
import { DateInput } from '../../components/DateInput.js';
import { VirtualTable, type Column } from '../../components/VirtualTable.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat } from '../../i18n/format.js';
import type { BusinessView, CustomerView, InvoiceSummary } from '../../../src-shared/ipc/models.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';
import { k } from '../../i18n/keys.js';
import { CorrectionPanel, DocumentLinks } from './CorrectionPanel.js';

type Status = '' | 'draft' | 'issued' | 'void';
type InvoiceSort = 'issueDate' | 'number' | 'total' | 'createdAt';

const STATUS_KEYS: Record<string, string> = { draft: k('invoices.status.draft'), issued: k('invoices.status.issued'), void: k('invoices.status.void') };
const KIND_KEYS: Record<string, string> = {
  tax_invoice: k('invoices.kind.tax_invoice'),
  simplified_tax_invoice: k('invoices.kind.simplified_tax_invoice'),
  bill_of_supply: k('invoices.kind.bill_of_supply'),
  cash_memo: k('invoices.kind.cash_memo'),
  credit_note: k('invoices.kind.credit_note'),
  debit_note: k('invoices.kind.debit_note'),
};

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const cls = status === 'issued' ? 'badge ok' : status === 'void' ? 'badge bad' : 'badge';
  return <span className={cls}>{t(STATUS_KEYS[status] ?? k('invoices.status.draft'))}</span>;
}

/**
 * One customer filter: type part of a name (the list suggests matches); picking a customer or
 * typing a name exactly filters by that customer, an empty box shows all. (It was a search box
 * plus a select, two filters for one thing.)
 */
function CustomerFilter({ businessId, value, onChange }: { businessId: string; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<CustomerView[]>([]);
  useEffect(() => {
    let alive = true;
    const timer = window.setTimeout(() => {
      call('customers.list', { businessId, search: query || undefined, limit: 25, sort: 'name', dir: 'asc' }).then(
        (page) => alive && setOptions(page.items),
        () => alive && setOptions([]),
      );
    }, 250);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [businessId, query]);
  useEffect(() => {
    const typed = query.trim().toLowerCase();
    const match = typed ? options.find((c) => c.name.toLowerCase() === typed) : undefined;
    const next = match?.id ?? '';
    if (next !== value && (match || typed === '')) onChange(next);
  }, [query, options, value, onChange]);
  return (
    <div className="field">
      <label htmlFor="invoice-customer">{t('invoices.customer')}</label>
      <input id="invoice-customer" type="search" list="invoice-customer-options" value={query} placeholder={t('invoices.anyCustomer')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      <datalist id="invoice-customer-options">
        {options.map((c) => (
          <option key={c.id} value={c.name} />
        ))}
      </datalist>
    </div>
  );
}

/** A date bound of the list: applied once it reads as a date (or is cleared); unreadable text is said so on leaving the field. */
function DateFilter({ id, label, onDate }: { id: string; label: string; onDate: (iso: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [unreadable, setUnreadable] = useState(false);
  const errorId = `${id}__error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <DateInput
        id={id}
        value={text}
        invalid={unreadable}
        describedBy={unreadable ? errorId : undefined}
        onChange={(typed, reading) => {
          setText(reading.kind === 'date' ? reading.iso : typed);
          if (reading.kind !== 'invalid') {
            setUnreadable(false);
            onDate(reading.kind === 'date' ? reading.iso : '');
          }
        }}
        onBlur={(reading) => setUnreadable(reading.kind === 'invalid')}
      />
      {unreadable ? (
        <span id={errorId} className="field-error" role="alert">
          {t('validation.date')}
        </span>
      ) : null}
    </div>
  );
}

function InvoiceList({ business, onOpen, batchId, onClearBatch }: { business: BusinessView; onOpen: (inv: InvoiceSummary) => void; batchId?: string; onClearBatch: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [status, setStatus] = useState<Status>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [number, setNumber] = useState('');
  const columns: Column<InvoiceSummary>[] = [
    { id: 'number', header: t('invoices.number'), width: 'minmax(140px, 1.2fr)', sortKey: 'number', render: (i) => <span className="mono" dir="ltr">{i.number ?? t('invoices.noNumber')}</span> },
    { id: 'date', header: t('invoices.date'), width: '130px', sortKey: 'issueDate', render: (i) => f.date(i.issueDate) },
    { id: 'customer', header: t('invoices.customer'), width: 'minmax(160px, 2fr)', render: (i) => <bdi>{i.customerName}</bdi> },
    { id: 'kind', header: t('invoices.kindLabel'), width: 'minmax(120px, 1fr)', render: (i) => t(KIND_KEYS[i.kind] ?? k('invoices.kind.tax_invoice')) },
    { id: 'status', header: t('invoices.statusLabel'), width: '100px', render: (i) => <StatusBadge status={i.status} /> },
    { id: 'tax', header: t('invoices.tax'), width: 'minmax(110px, 1fr)', numeric: true, render: (i) => f.money(i.tax, i.currency) },
    { id: 'total', header: t('invoices.total'), width: 'minmax(120px, 1fr)', numeric: true, sortKey: 'total', render: (i) => f.money(i.total, i.currency) },
  ];
  return (
    <>
      <div className="filters" role="search" aria-label={t('invoices.filters')}>
        <SearchBox id="invoice-number" label={t('invoices.searchNumber')} onSearch={setNumber} />
        <div className="field">
          <label htmlFor="invoice-status">{t('invoices.statusLabel')}</label>
          <select id="invoice-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="">{t('invoices.anyStatus')}</option>
            <option value="issued">{t('invoices.status.issued')}</option>
            <option value="void">{t('invoices.status.void')}</option>
            <option value="draft">{t('invoices.status.draft')}</option>
          </select>
        </div>
        <DateFilter id="invoice-from" label={t('invoices.from')} onDate={setFrom} />
        <DateFilter id="invoice-to" label={t('invoices.to')} onDate={setTo} />
        <CustomerFilter businessId={business.id} value={customerId} onChange={setCustomerId} />
      </div>
      {batchId ? (
        <div className="actions">
          <span className="badge info">{t('invoices.ofBatch', { id: batchId.slice(0, 8) })}</span>
          <button type="button" onClick={onClearBatch}>
            {t('invoices.allBatches')}
          </button>
        </div>
      ) : null}
      <VirtualTable<InvoiceSummary>
        label={t('invoices.tableLabel', { name: business.name })}
        columns={columns}
        queryKey={[business.id, status, from, to, customerId, number, batchId ?? ''].join('|')}
        rowKey={(i) => i.id}
        onOpen={onOpen}
        initialSort={{ key: 'createdAt', dir: 'desc' }}
        fetchPage={(offset, limit, sort, dir) =>
          call('invoices.list', {
            businessId: business.id,
            status: status || undefined,
            from: from || undefined,
            to: to || undefined,
            customerId: customerId || undefined,
            number: number || undefined,
            batchId,
            sort: sort as InvoiceSort | undefined,
            dir,
            offset,
            limit,
          })
        }
        emptyTitle={t('invoices.empty')}
        emptyHint={t('invoices.emptyHint')}
      />
    </>
  );
}

/** A file name for a saved PDF: the number with its slashes as hyphens ("INV-2627-00001.pdf"). */
function pdfFileName(number: string | null | undefined): string {
  return `${(number ?? 'invoice').replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
}

/** The invoice's PDF shown in the page, with Print and Save PDF beside it (the bytes the app verified). */
export function PdfPreview({ business, id, title, number }: { business: BusinessView; id: string; title: string; number?: string | null }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string>();
  const frame = useRef<HTMLIFrameElement>(null);
  const state = useAsync(() => call('invoices.pdf', { businessId: business.id, id }), [business.id, id]);
  useEffect(() => {
    const reply = state.value;
    if (!reply) return setUrl(undefined);
    const bytes = Uint8Array.from(atob(reply.base64), (c) => c.charCodeAt(0));
    const objectUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [state.value]);
  if (state.loading) return <Loading label={t('invoices.pdfLoading')} />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!url) return null;
  return (
    <div className="pdf-view">
      <div className="actions">
        <button type="button" onClick={() => frame.current?.contentWindow?.print()} data-testid="pdf-print">{t('invoices.printPdf')}</button>
        <a className="button" href={url} download={pdfFileName(number)} data-testid="pdf-save">{t('invoices.savePdf')}</a>
      </div>
      <iframe ref={frame} className="pdf-frame" src={url} title={title} data-testid="pdf-preview" />
    </div>
  );
}

function InvoiceDetailView({ business, id, onBack, onOpen }: { business: BusinessView; id: string; onBack: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const state = useAsync(() => call('invoices.get', { businessId: business.id, id }), [business.id, id]);
  if (state.loading) return <Loading />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  const inv = state.value;
  if (!inv) return null;
  const title = inv.number ?? t('invoices.noNumber');
  return (
    <div className="screen" data-testid="invoice-detail">
      <div className="screen-header">
        <div>
          <h2>
            <span dir="ltr">{title}</span> <StatusBadge status={inv.status} />
          </h2>
          <p>
            {t(KIND_KEYS[inv.kind] ?? k('invoices.kind.tax_invoice'))} · {f.date(inv.issueDate)} · <bdi>{inv.customerName}</bdi>
          </p>
        </div>
        <div className="actions">
          <button type="button" onClick={onBack}>
            {t('invoices.backToList')}
          </button>
        </div>
      </div>
      <div className="split">
        <div className="grid">
          <section className="card" aria-labelledby="inv-totals">
            <h3 id="inv-totals">{t('invoices.totals')}</h3>
            <dl className="facts tabular">
              <dt>{t('invoices.taxable')}</dt>
              <dd>{f.money(inv.taxable, inv.currency)}</dd>
              <dt>{t('invoices.tax')}</dt>
              <dd>{f.money(inv.tax, inv.currency)}</dd>
              <dt>{t('invoices.roundOff')}</dt>
              <dd>{f.money(inv.roundOff, inv.currency)}</dd>
              <dt>{t('invoices.total')}</dt>
              <dd>
                <strong>{f.money(inv.total, inv.currency)}</strong>
              </dd>
              {inv.placeOfSupply ? (
                <>
                  <dt>{t('invoices.placeOfSupply')}</dt>
                  <dd>
                    <bdi>{inv.placeOfSupply}</bdi> {gstStateLabel(t, inv.placeOfSupply) ? <>· <bdi data-testid="place-of-supply-name">{gstStateLabel(t, inv.placeOfSupply)}</bdi></> : null}
                  </dd>
                </>
              ) : null}
              {inv.voidReason ? (
                <>
                  <dt>{t('invoices.voidReason')}</dt>
                  <dd>{inv.voidReason}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section className="card" aria-labelledby="inv-lines">
            <h3 id="inv-lines">{t('invoices.lines')}</h3>
            <table className="simple">
              <thead>
                <tr>
                  <th scope="col">{t('invoices.item')}</th>
                  <th scope="col" className="num">{t('invoices.qty')}</th>
                  <th scope="col" className="num">{t('invoices.rate')}</th>
                  <th scope="col" className="num">{t('invoices.total')}</th>
                </tr>
              </thead>
              <tbody>
                {inv.lines.map((line) => (
                  <tr key={line.position}>
                    <td>{line.description}</td>
                    <td className="num">{f.decimal(line.quantity)}</td>
                    <td className="num">{f.rate(line.taxRate)}</td>
                    <td className="num">{f.money(line.total, inv.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <DocumentLinks inv={inv} onOpen={onOpen} />
          <CorrectionPanel businessId={business.id} inv={inv} onChanged={state.reload} />
        </div>
        <section className="card" aria-labelledby="inv-pdf">
          <h3 id="inv-pdf">{t('invoices.pdf')}</h3>
          <PdfPreview business={business} id={id} number={inv.number} title={t('invoices.pdfTitle', { number: title })} />
        </section>
      </div>
    </div>
  );
}

export function InvoicesScreen() {
  const { t } = useTranslation();
  const app = useApp();
  const openId = app.route.params?.id;
  const batchId = app.route.params?.batchId;
  return (
    <Screen testId="invoices" title={t('invoices.title')} subtitle={t('invoices.subtitle')}>
      <WithBusiness>
        {(business) =>
          openId ? (
            <InvoiceDetailView
              business={business}
              id={openId}
              onBack={() => app.navigate('invoices', batchId ? { batchId } : undefined)}
              onOpen={(other) => app.navigate('invoices', { id: other, ...(batchId ? { batchId } : {}) })}
            />
          ) : (
            <InvoiceList business={business} batchId={batchId} onClearBatch={() => app.navigate('invoices')} onOpen={(inv) => app.navigate('invoices', { id: inv.id, ...(batchId ? { batchId } : {}) })} />
          )
        }
      </WithBusiness>
    </Screen>
  );
}
