// The GST workspace: for an Indian GST business and a return period, the GSTR-1 sections with
// their counts and totals beside the sales register's (equal or not, figure by figure), the
// invoices the IRP would refuse with what each lacks, the two files for the portals, and the
// portal's answer brought back. Every figure comes from the backend (the same code as the CLI's
// `gst gstr1`, `gst einvoice` and `gst irn-import`); nothing is computed here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { files } from '../../ipc/client.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { FileButton } from '../../components/FileButton.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { ErrorAlert, ErrorState, Loading } from '../../components/States.js';
import { useAsync } from '../../components/useAsync.js';
import { useFormat } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import type { BusinessView } from '../../../src-shared/ipc/models.js';
import type { GstFileView, GstWorkspaceView, IrnImportView } from '../../../src-shared/ipc/gst-models.js';

const SECTION_LABELS: Record<string, string> = {
  b2b: k('gst.sections.b2b'),
  b2cl: k('gst.sections.b2cl'),
  b2cs: k('gst.sections.b2cs'),
  exp: k('gst.sections.exp'),
  cdnr: k('gst.sections.cdnr'),
  cdnur: k('gst.sections.cdnur'),
  nil: k('gst.sections.nil'),
};

const CHECK_LABELS: Record<string, string> = {
  documents: k('gst.checks.documents'),
  voided: k('gst.checks.voided'),
  taxable: k('gst.checks.taxable'),
  nonTaxable: k('gst.checks.nonTaxable'),
  tax: k('gst.checks.tax'),
  invoiceValue: k('gst.checks.invoiceValue'),
};

/** What each missing e-invoice field asks the user to fill, by the field's path in the IRP schema. */
const MISSING_LABELS: Record<string, string> = {
  'SellerDtls.Gstin': k('gst.missing.sellerGstin'),
  'SellerDtls.Addr1': k('gst.missing.sellerAddress'),
  'SellerDtls.Pin': k('gst.missing.sellerPin'),
  'SellerDtls.Loc': k('gst.missing.sellerCity'),
  'BuyerDtls.Gstin': k('gst.missing.buyerGstin'),
  'BuyerDtls.LglNm': k('gst.missing.buyerName'),
  'BuyerDtls.Addr1': k('gst.missing.buyerAddress'),
  'BuyerDtls.Loc': k('gst.missing.buyerCity'),
  'BuyerDtls.Pin': k('gst.missing.buyerPin'),
  'BuyerDtls.Pos': k('gst.missing.placeOfSupply'),
};

/** "YYYY-MM" of the month input <-> the GSTN's "MMYYYY". */
export const toPeriod = (month: string) => `${month.slice(5, 7)}${month.slice(0, 4)}`;
export function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

async function fileToBase64(file: File): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

function MissingField({ text }: { text: string }) {
  const { t } = useTranslation();
  const path = text.split(' (')[0]!;
  const item = /^ItemList\[(\d+)\]\.HsnCd$/.exec(path);
  const label = item ? t('gst.missing.hsn', { line: item[1] }) : MISSING_LABELS[path] ? t(MISSING_LABELS[path]) : text;
  return (
    <li>
      {label} <span className="mono muted" dir="ltr">{path}</span>
    </li>
  );
}

function Sections({ view, currency }: { view: GstWorkspaceView; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const m = (amount: string | undefined) => f.money(amount ?? '0', currency);
  return (
    <section className="card" aria-labelledby="gst-sections-title">
      <h2 id="gst-sections-title">{t('gst.sectionsTitle', { gstin: view.gstin })}</h2>
      <div className="table-wrap">
        <table className="simple" data-testid="gst-sections" data-period={view.period}>
          <caption className="visually-hidden">{t('gst.sectionsTitle', { gstin: view.gstin })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gst.section')}</th>
              <th scope="col" className="num">{t('gst.documents')}</th>
              <th scope="col" className="num">{t('gst.taxable')}</th>
              <th scope="col" className="num">IGST</th>
              <th scope="col" className="num">CGST</th>
              <th scope="col" className="num">{t('gst.sgst')}</th>
              <th scope="col" className="num">{t('gst.cess')}</th>
            </tr>
          </thead>
          <tbody>
            {view.sections.map((s) => (
              <tr key={s.section} data-testid={`gst-section-${s.section}`} data-documents={s.documents}>
                <th scope="row">
                  <span className="mono" dir="ltr">{s.section}</span> {t(SECTION_LABELS[s.section]!)}
                </th>
                <td className="num">{f.number(s.documents)}</td>
                {s.section === 'nil' ? (
                  <td className="num" colSpan={5}>
                    {t('gst.nilValues', { exempt: m(s.exempt), nil: m(s.nilRated), nonGst: m(s.nonGst) })}
                  </td>
                ) : (
                  <>
                    <td className="num" data-amount={s.taxable}>{m(s.taxable)}</td>
                    <td className="num" data-amount={s.igst}>{m(s.igst)}</td>
                    <td className="num" data-amount={s.cgst}>{m(s.cgst)}</td>
                    <td className="num" data-amount={s.sgst}>{m(s.sgst)}</td>
                    <td className="num" data-amount={s.cess}>{m(s.cess)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('gst.sectionsNote')}</p>
    </section>
  );
}

function RegisterCheck({ view, currency }: { view: GstWorkspaceView; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = (name: string, value: string) => (name === 'documents' || name === 'voided' ? f.number(Number(value)) : f.money(value, currency));
  const allEqual = view.checks.every((c) => c.equal);
  return (
    <section className="card" aria-labelledby="gst-register-title">
      <h2 id="gst-register-title">{t('gst.registerTitle')}</h2>
      <p role="status" data-testid="gst-register-verdict" data-equal={allEqual}>
        <span className={`badge ${allEqual ? 'ok' : 'bad'}`}>{allEqual ? t('gst.allEqual') : t('gst.someDiffer')}</span>
      </p>
      <table className="simple" data-testid="gst-register">
        <thead>
          <tr>
            <th scope="col">{t('gst.figure')}</th>
            <th scope="col" className="num">GSTR-1</th>
            <th scope="col" className="num">{t('gst.register')}</th>
            <th scope="col">{t('gst.check')}</th>
          </tr>
        </thead>
        <tbody>
          {view.checks.map((c) => (
            <tr key={c.name} data-testid={`gst-check-${c.name}`} data-gstr1={c.gstr1} data-register={c.register} data-equal={c.equal}>
              <th scope="row">{t(CHECK_LABELS[c.name]!)}</th>
              <td className="num">{show(c.name, c.gstr1)}</td>
              <td className="num">{show(c.name, c.register)}</td>
              <td>
                <span className={`badge ${c.equal ? 'ok' : 'bad'}`}>{c.equal ? t('gst.equal') : t('gst.differs')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('gst.registerNote')}</p>
    </section>
  );
}

function Blockers({ view, business }: { view: GstWorkspaceView; business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { ready, notApplicable, registered, blocked } = view.einvoice;
  return (
    <section className="card" aria-labelledby="gst-einvoice-title">
      <h2 id="gst-einvoice-title">{t('gst.einvoiceTitle')}</h2>
      <p data-testid="gst-einvoice-counts" data-ready={ready} data-blocked={blocked.length}>
        {t('gst.einvoiceCounts', { ready: f.number(ready), blocked: f.number(blocked.length), notApplicable: f.number(notApplicable), registered: f.number(registered) })}
      </p>
      {blocked.length === 0 ? (
        <p className="muted">{t('gst.noBlockers')}</p>
      ) : (
        <>
          <p className="muted">{t('gst.blockersNote')}</p>
          <div className="table-wrap">
            <table className="simple" data-testid="gst-blockers">
              <thead>
                <tr>
                  <th scope="col">{t('gst.invoice')}</th>
                  <th scope="col">{t('gst.customer')}</th>
                  <th scope="col">{t('gst.missingTitle')}</th>
                  <th scope="col">{t('gst.fix')}</th>
                </tr>
              </thead>
              <tbody>
                {blocked.map((b) => {
                  const sellerMissing = b.missing.some((m) => m.startsWith('SellerDtls.'));
                  return (
                    <tr key={b.id} data-testid="gst-blocker">
                      <th scope="row" className="mono" dir="ltr">{b.number}</th>
                      <td>{b.customerName}</td>
                      <td>
                        <ul className="plain">
                          {b.missing.map((m) => <MissingField key={m} text={m} />)}
                        </ul>
                      </td>
                      <td>
                        <div className="actions">
                          <button type="button" onClick={() => app.navigate('invoices', { id: b.id })} aria-label={t('gst.openInvoiceNamed', { number: b.number })}>
                            {t('gst.openInvoice')}
                          </button>
                          {b.customerId ? (
                            <button type="button" onClick={() => app.navigate('customers', { search: b.customerName })} aria-label={t('gst.openCustomerNamed', { name: b.customerName })}>
                              {t('gst.openCustomer')}
                            </button>
                          ) : null}
                          {sellerMissing ? (
                            <button type="button" onClick={() => app.navigate('businesses', { mode: 'edit' })} aria-label={t('gst.editBusinessNamed', { name: business.name })}>
                              {t('gst.editBusiness')}
                            </button>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

type FileKind = 'gstr1' | 'einvoice';

export function FileExports({ business, period }: { business: BusinessView; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const [busy, setBusy] = useState<FileKind>();
  const [written, setWritten] = useState<Partial<Record<FileKind, GstFileView & { url?: string }>>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => () => Object.values(written).forEach((w) => w?.url && URL.revokeObjectURL(w.url)), [written]);

  const run = async (kind: FileKind) => {
    setBusy(kind);
    setError(undefined);
    try {
      let out: string | undefined;
      if (files.available) {
        const name = kind === 'gstr1' ? `GSTR1-${business.taxId ?? ''}-${period}.json` : `EINV-${business.taxId ?? ''}-${period}.json`;
        const chosen = await files.saveFile({ defaultName: name, filters: [{ name: 'JSON', extensions: ['json'] }] });
        if (!chosen) return;
        out = chosen.path;
      }
      const input = { businessId: business.id, period, ...(out ? { out } : {}) };
      const reply = kind === 'gstr1' ? await call('gst.exportGstr1', input) : await call('gst.exportEinvoice', input);
      const url = reply.base64 ? URL.createObjectURL(new Blob([Uint8Array.from(atob(reply.base64), (c) => c.charCodeAt(0))], { type: 'application/json' })) : undefined;
      setWritten((w) => ({ ...w, [kind]: { ...reply, url } }));
      notify(t('gst.fileWritten', { file: reply.fileName }), 'success');
    } catch (err) {
      setError(err);
      notify(t('gst.fileFailed'), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="gst-files-title">
      <h2 id="gst-files-title">{t('gst.filesTitle')}</h2>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy !== undefined} onClick={() => void run('gstr1')} data-testid="gst-export-gstr1">
          {busy === 'gstr1' ? t('gst.writing') : t('gst.exportGstr1')}
        </button>
        <button type="button" disabled={busy !== undefined} onClick={() => void run('einvoice')} data-testid="gst-export-einvoice">
          {busy === 'einvoice' ? t('gst.writing') : t('gst.exportEinvoice')}
        </button>
      </div>
      <ErrorAlert error={error} />
      {(['gstr1', 'einvoice'] as const).map((kind) => {
        const w = written[kind];
        if (!w) return null;
        return (
          <dl className="facts" key={kind} data-testid={`gst-written-${kind}`}>
            <dt>{kind === 'gstr1' ? t('gst.gstr1File') : t('gst.einvoiceFile')}</dt>
            <dd className="mono" dir="ltr">{w.path}</dd>
            <dt>{t('gst.fileDocuments')}</dt>
            <dd>{kind === 'einvoice' ? t('gst.einvoiceFileCounts', { n: f.number(w.documents), refused: f.number(w.refused) }) : f.number(w.documents)}</dd>
            <dt>SHA-256</dt>
            <dd className="mono" dir="ltr">{w.sha256}</dd>
            {w.url ? (
              <dd>
                <a className="button" href={w.url} download={w.fileName} data-testid={`gst-download-${kind}`}>
                  {t('gst.download', { file: w.fileName })}
                </a>
              </dd>
            ) : null}
          </dl>
        );
      })}
    </section>
  );
}

function IrnImport({ business, onImported }: { business: BusinessView; onImported: () => void }) {
  const { t } = useTranslation();
  const { notify } = useAnnouncer();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<IrnImportView>();
  const [error, setError] = useState<unknown>();
  const onFile = async (file: File) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const reply = await call('gst.importIrn', { businessId: business.id, fileName: file.name, content: await fileToBase64(file) });
      setResult(reply);
      notify(t('gst.irnImported', { attached: reply.attached.length, refused: reply.refused.length }), reply.refused.length > 0 ? 'error' : 'success');
      onImported();
    } catch (err) {
      setError(err);
      notify(t('gst.irnFailed'), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="gst-irn-title">
      <h2 id="gst-irn-title">{t('gst.irnTitle')}</h2>
      <p className="muted" id="gst-irn-hint">{t('gst.irnHint')}</p>
      <FileButton id="gst-irn-file" label={t('gst.irnChoose')} accept=".json,.xlsx,.xls,.csv" disabled={busy} describedBy="gst-irn-hint" onFile={(file) => void onFile(file)} />
      {busy ? <Loading label={t('gst.irnReading')} /> : null}
      <ErrorAlert error={error} />
      {result ? (
        <div data-testid="gst-irn-result">
          <p role="status">{t('gst.irnSummary', { count: result.entries, entries: result.entries, attached: result.attached.length, already: result.alreadyAttached.length, refused: result.refused.length })}</p>
          <ul className="plain">
            {result.attached.map((a) => (
              <li key={a.invoiceId} data-testid="gst-irn-attached">
                <span className="badge ok">{t('gst.attached')}</span> <span className="mono" dir="ltr">{a.number}</span> <span className="mono muted" dir="ltr">{a.irn}</span>
              </li>
            ))}
            {result.alreadyAttached.map((a) => (
              <li key={a.irn}>
                <span className="badge info">{t('gst.alreadyAttached')}</span> <span className="mono" dir="ltr">{a.number}</span>
              </li>
            ))}
            {result.refused.map((r) => (
              <li key={r.entry} data-testid="gst-irn-refused">
                <span className="badge bad">{t('gst.refused')}</span> {t('gst.entry', { n: r.entry })} {r.number ? <span className="mono" dir="ltr">{r.number}</span> : null}: <span dir="ltr">{r.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function Workspace({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const app = useApp();
  const [month, setMonth] = useState(() => {
    const p = app.route.params?.period;
    return p && /^\d{6}$/.test(p) ? `${p.slice(2)}-${p.slice(0, 2)}` : lastMonth();
  });
  const period = /^\d{4}-\d{2}$/.test(month) ? toPeriod(month) : '';
  const state = useAsync(async () => (period ? call('gst.workspace', { businessId: business.id, period }) : undefined), [business.id, period]);
  // Another month's figures are never shown under this month, even while this one loads.
  const view = state.value && state.value.period === period ? state.value : undefined;

  if (business.taxRegime !== 'gst-in') {
    return (
      <div className="alert info" role="status" data-testid="gst-not-gst">
        {t('gst.notGst', { name: business.name })}
      </div>
    );
  }
  return (
    <>
      <section className="card" aria-labelledby="gst-period-title">
        <h2 id="gst-period-title">{t('gst.periodTitle')}</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="gst-period">{t('gst.period')}</label>
            <input id="gst-period" type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-describedby="gst-period-hint" data-testid="gst-period" />
          </div>
          <p id="gst-period-hint" className="muted">
            {t('gst.periodHint')} {period ? <span className="mono" dir="ltr" data-testid="gst-period-code">{period}</span> : null}
          </p>
        </div>
      </section>
      {!period ? null : state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : !view ? (
        <Loading />
      ) : (
        <>
          <Sections view={view} currency={business.currency} />
          <RegisterCheck view={view} currency={business.currency} />
          <Blockers view={view} business={business} />
          <FileExports business={business} period={period} />
          <IrnImport business={business} onImported={state.reload} />
        </>
      )}
    </>
  );
}

export function GstScreen() {
  const { t } = useTranslation();
  return (
    <Screen testId="gst" title={t('gst.title')} subtitle={t('gst.subtitle')}>
      <WithBusiness>{(business) => <Workspace key={business.id} business={business} />}</WithBusiness>
    </Screen>
  );
}
