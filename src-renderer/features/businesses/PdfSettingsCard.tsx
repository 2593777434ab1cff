// The open business's PDF choices (pdfSettings.get / pdfSettings.set): PDF/A-2b archival output
// (default on) and tables tagged for screen readers (default on; off, the PDFs are smaller and cost about the same time).
// Each box applies at once; invoices printed from then on use it, PDFs already written stay as they are.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { ErrorState, Loading } from '../../components/States.js';
import type { BusinessView, PdfSettingsView } from '../../../src-shared/ipc/models.js';

type Choice = keyof PdfSettingsView;

export function PdfSettingsCard({ business }: { business: BusinessView }) {
  const { t } = useTranslation();
  const { notify } = useAnnouncer();
  const id = useId();
  const [settings, setSettings] = useState<PdfSettingsView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

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

  const box = (choice: Choice, label: string, help: string) => (
    <div className="field">
      <label>
        <input type="checkbox" name={choice} checked={settings?.[choice] ?? false} disabled={busy} aria-describedby={`${id}-${choice}-help`}
          onChange={(e) => void change(choice, e.target.checked)} data-testid={`pdf-${choice}`} /> {label}
      </label>
      <p className="hint" id={`${id}-${choice}-help`}>{help}</p>
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="pdf-settings">
      <h2 id={`${id}-title`}>{t('pdfSettings.title')}</h2>
      {error ? <ErrorState error={error} /> : null}
      {settings ? (
        <>
          {box('pdfA', t('pdfSettings.pdfA'), t('pdfSettings.pdfAHelp'))}
          {box('tableTags', t('pdfSettings.tableTags'), t('pdfSettings.tableTagsHelp'))}
        </>
      ) : error ? null : <Loading />}
    </section>
  );
}
