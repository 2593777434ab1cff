// The open business's PDF choices (pdfSettings.*): the invoice template (the built-in one, or the
// business's own .typ file, checked against sample invoices before it is used: the CLI's
// `template use`), PDF/A-2b archival output (default on) and tables tagged for screen readers
// (default on; off, the PDFs are smaller and cost about the same time).
// Each choice applies at once; invoices printed from then on use it, PDFs already written stay as they are.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { FileButton } from '../../components/FileButton.js';
import { ErrorAlert, ErrorState, Loading } from '../../components/States.js';
import { useFormat } from '../../i18n/format.js';
import { MAX_TEMPLATE_FILE_BYTES } from '../../../src-shared/ipc/contract.js';
import type { BusinessView, PdfSettingsView, TemplateCheckView } from '../../../src-shared/ipc/models.js';

type Choice = 'pdfA' | 'tableTags';

/** First-strong isolates: a file name keeps its own direction inside an Arabic sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

async function fileToBase64(file: File): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < buffer.length; i += chunk) binary += String.fromCharCode(...buffer.subarray(i, i + chunk));
  return btoa(binary);
}

export function PdfSettingsCard({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { notify } = useAnnouncer();
  const id = useId();
  const [settings, setSettings] = useState<PdfSettingsView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  /** The template being checked (its name), while pdfSettings.useTemplate runs. */
  const [checking, setChecking] = useState<string>();
  /** A refused template's check, or a refusal before sending (size, kind): shown until the next try. */
  const [refused, setRefused] = useState<{ check?: TemplateCheckView; message?: string }>();
  /** The template just accepted and how many sample invoices it printed: shown until the next try. */
  const [accepted, setAccepted] = useState<{ name: string; samples: number }>();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    call('pdfSettings.get', { businessId: business.id }).then((s) => live && setSettings(s), (e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [business.id]);

  const change = async (choice: Choice, on: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      setSettings(await call('pdfSettings.set', { businessId: business.id, [choice]: on }));
      notify(t('pdfSettings.saved', { name: business.name }), 'success', 'pdf-settings');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errorLines = (check: TemplateCheckView) => {
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    return (errors.length ? errors : check.diagnostics).map((d) => ({
      where: d.line > 0
        ? t('pdfSettings.templateErrorAt', { file: isolate(d.file), line: f.number(d.line), column: f.number(d.column) })
        : t('pdfSettings.templateErrorIn', { file: isolate(d.file) }),
      message: d.message,
    }));
  };

  const applyTemplate = async (file: File) => {
    setRefused(undefined);
    setAccepted(undefined);
    setError(undefined);
    const name = isolate(file.name);
    // The handler refuses these too; here they are said in the UI language before any upload.
    if (!/\.typ$/i.test(file.name) || file.name.startsWith('.')) {
      const message = t('pdfSettings.templateNotTyp', { name });
      setRefused({ message });
      notify(message, 'error', 'pdf-settings');
      if (fileInput.current) fileInput.current.value = '';
      return;
    }
    if (file.size > MAX_TEMPLATE_FILE_BYTES) {
      const message = t('pdfSettings.templateTooLarge', { name, size: f.number(file.size / 1048576, 1), limit: f.number(MAX_TEMPLATE_FILE_BYTES / 1048576) });
      setRefused({ message });
      notify(message, 'error', 'pdf-settings');
      if (fileInput.current) fileInput.current.value = '';
      return;
    }
    setBusy(true);
    setChecking(file.name);
    try {
      const check = await call('pdfSettings.useTemplate', { businessId: business.id, fileName: file.name, content: await fileToBase64(file) });
      setSettings(check.settings);
      const passed = check.samples.filter((s) => s.ok).length;
      if (check.ok) {
        setAccepted({ name: file.name, samples: passed });
        notify(t('pdfSettings.templateInUse', { name, count: passed, n: f.number(passed) }), 'success', 'pdf-settings');
      } else {
        setRefused({ check });
        const first = errorLines(check)[0];
        const summary = t('pdfSettings.templateRefused', { name });
        notify(first ? `${summary} ${first.where} ${first.message}` : summary, 'error', 'pdf-settings');
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setChecking(undefined);
      // The same file, corrected, can be chosen again (an unchanged input fires no change).
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const resetTemplate = async () => {
    setBusy(true);
    setError(undefined);
    setRefused(undefined);
    setAccepted(undefined);
    try {
      setSettings(await call('pdfSettings.resetTemplate', { businessId: business.id }));
      notify(t('pdfSettings.templateResetDone', { name: business.name }), 'success', 'pdf-settings');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const box = (choice: Choice, label: string, help: string) => (
    <div className="field">
      <label>
        <input type="checkbox" name={choice} checked={settings?.[choice] ?? false} disabled={busy} aria-describedby={`${id}-${choice}-help`}
          onChange={(e) => void change(choice, e.target.checked)} data-testid={`pdf-${choice}`} /> {label}
      </label>
      <p className="hint" id={`${id}-${choice}-help`}>{help}</p>
    </div>
  );

  const template = (s: PdfSettingsView) => (
    <div className="field" data-testid="pdf-template">
      <p id={`${id}-template-current`} data-testid="pdf-template-current">
        <strong>{t('pdfSettings.template')}</strong>{' '}
        {s.template === null ? t('pdfSettings.templateBuiltIn') : t('pdfSettings.templateOwn', { name: isolate(s.template) })}
      </p>
      <div className="actions">
        <FileButton ref={fileInput} id={`${id}-template-file`} label={t('pdfSettings.templateChoose')} accept=".typ" disabled={busy}
          describedBy={`${id}-template-current ${id}-template-help`} onFile={(file) => void applyTemplate(file)} />
        {s.template !== null ? (
          <button type="button" disabled={busy} onClick={() => void resetTemplate()} data-testid="pdf-template-reset">{t('pdfSettings.templateReset')}</button>
        ) : null}
      </div>
      <p className="hint" id={`${id}-template-help`}>{t('pdfSettings.templateHelp')}</p>
      {checking !== undefined ? <Loading label={t('pdfSettings.templateChecking', { name: isolate(checking) })} /> : null}
      {accepted ? (
        <p className="alert success template-result" data-testid="pdf-template-accepted">
          {t('pdfSettings.templateInUse', { name: isolate(accepted.name), count: accepted.samples, n: f.number(accepted.samples) })}
        </p>
      ) : null}
      {refused ? (
        <div className="alert error template-result" data-testid="pdf-template-errors">
          {refused.message ?? (refused.check ? (
            <>
              <strong>{t('pdfSettings.templateRefused', { name: isolate(refused.check.template) })}</strong>
              <ul>
                {errorLines(refused.check).map((line, i) => (
                  <li key={i}>{line.where} <bdi lang="en" dir="ltr" className="mono">{line.message}</bdi></li>
                ))}
              </ul>
            </>
          ) : null)}
        </div>
      ) : null}
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="pdf-settings" aria-busy={checking !== undefined}>
      <h2 id={`${id}-title`}>{t('pdfSettings.title')}</h2>
      {error && !settings ? <ErrorState error={error} /> : null}
      {settings ? (
        <>
          {template(settings)}
          {error ? <ErrorAlert error={error} /> : null}
          {box('pdfA', t('pdfSettings.pdfA'), t('pdfSettings.pdfAHelp'))}
          {box('tableTags', t('pdfSettings.tableTags'), t('pdfSettings.tableTagsHelp'))}
        </>
      ) : error ? null : <Loading />}
    </section>
  );
}
