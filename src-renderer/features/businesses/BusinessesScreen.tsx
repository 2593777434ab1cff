// Businesses: the list of tenants and the create form, drawn by RJSF from the shared
// BusinessInput schema with the chosen tax plugin's settings schema put in place of
// `taxSettings`. The server checks the same schema again; its BAD_INPUT paths land under fields.
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useApp, type PluginInfo } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { SchemaForm, plainSchema, serverErrorsToSchema, type FieldText } from '../../components/SchemaForm.js';
import { Screen } from '../../components/Screen.js';
import { Empty, ErrorState, Loading } from '../../components/States.js';
import { BusinessInput } from '../../../src-shared/schemas/business.js';
import { useFormat } from '../../i18n/format.js';
import { isLanguage } from '../../i18n/index.js';
import { EntityForm, type EntityField } from '../hand/EntityForm.js';
import { PdfSettingsCard } from './PdfSettingsCard.js';
import { SeriesCard } from './SeriesCard.js';
import type { BusinessView } from '../../../src-shared/ipc/models.js';
import { k } from '../../i18n/keys.js';
import { checkGstId } from '../../../src-shared/validation/fields.js';

const FIELDS: Record<string, FieldText> = {
  name: { label: k('business.fields.name') },
  legalName: { label: k('business.fields.legalName') },
  address: { label: k('business.fields.address') },
  city: { label: k('business.fields.city') },
  postalCode: { label: k('business.fields.postalCode') },
  stateCode: { label: k('business.fields.stateCode'), help: k('business.fields.stateCodeHelp') },
  countryCode: { label: k('business.fields.countryCode'), help: k('business.fields.countryCodeHelp') },
  taxRegime: { label: k('business.fields.taxRegime') },
  taxId: { label: k('business.fields.taxId') },
  currency: { label: k('business.fields.currency') },
  fiscalYearStartMonth: { label: k('business.fields.fiscalYearStartMonth') },
  email: { label: k('business.fields.email') },
  phone: { label: k('business.fields.phone') },
  logo: { label: k('business.fields.logo') },
  signature: { label: k('business.fields.signature') },
  signatoryName: { label: k('business.fields.signatoryName') },
  taxSettings: { label: k('business.fields.taxSettings') },
  sandbox: { label: k('business.fields.sandbox'), help: k('business.fields.sandboxHelp') },
  specimenMark: { label: k('business.fields.specimenMark') },
  invoiceSeriesFormat: { label: k('business.fields.invoiceSeriesFormat'), help: k('business.fields.seriesHelp') },
  creditNoteSeriesFormat: { label: k('business.fields.creditNoteSeriesFormat'), help: k('business.fields.seriesHelp') },
};

/** Labels of the built-in plugins' settings (plugins from elsewhere keep their schema titles). */
const TAX_SETTING_LABELS: Record<string, string> = {
  roundOffTotal: k('business.taxSettings.roundOffTotal'),
  composition: k('business.taxSettings.composition'),
  exportsUnderLut: k('business.taxSettings.exportsUnderLut'),
  simplifiedInvoices: k('business.taxSettings.simplifiedInvoices'),
  lutReference: k('business.taxSettings.lutReference'),
  invoiceCopies: k('business.taxSettings.invoiceCopies'),
  invoiceCopiesLayout: k('business.taxSettings.invoiceCopiesLayout'),
  aggregateTurnover: k('business.taxSettings.aggregateTurnover'),
};

/** The words for the built-in plugins' choices (their values are stored keys such as "up-to-5-crore"). */
const TAX_SETTING_OPTIONS: Record<string, string> = {
  original: k('business.taxSettings.options.original'),
  duplicate: k('business.taxSettings.options.duplicate'),
  triplicate: k('business.taxSettings.options.triplicate'),
  'one-pdf': k('business.taxSettings.options.onePdf'),
  'one-per-copy': k('business.taxSettings.options.onePerCopy'),
  'up-to-5-crore': k('business.taxSettings.options.upTo5Crore'),
  'above-5-crore': k('business.taxSettings.options.above5Crore'),
};

/**
 * The uiSchema of a plugin's settings in the UI language: the built-in settings' labels, and each
 * choice named in words (a value without words keeps the value; a plugin's own settings their titles).
 */
export function taxSettingsUiSchema(t: (key: string) => string, settingsSchema: Record<string, unknown> | undefined, title: string): UiSchema {
  const ui: UiSchema = { 'ui:title': title };
  const properties = (settingsSchema?.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  for (const [key, property] of Object.entries(properties)) {
    const entry: Record<string, unknown> = {};
    const label = TAX_SETTING_LABELS[key];
    if (label) entry['ui:title'] = t(label);
    if (Array.isArray(property.enum) && property.enum.every((v) => typeof v === 'string' && TAX_SETTING_OPTIONS[v])) {
      entry['ui:enumNames'] = property.enum.map((v) => t(TAX_SETTING_OPTIONS[v as string]!));
    }
    if (Object.keys(entry).length) ui[key] = entry;
  }
  return ui;
}

const MONTHS = [k('months.1'), k('months.2'), k('months.3'), k('months.4'), k('months.5'), k('months.6'), k('months.7'), k('months.8'), k('months.9'), k('months.10'), k('months.11'), k('months.12')];

type FormData = Record<string, unknown>;

function stripSchemaKeyword(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** The invoice and credit-note number formats a new business gets (as the server defaults them). */
export function defaultSeriesFor(regime: string | undefined): { invoice: string; creditNote: string } {
  if (regime === 'gst-in') return { invoice: 'INV/{FYS}/{SEQ:5}', creditNote: 'CN/{FYS}/{SEQ:5}' };
  if (regime === 'none') return { invoice: 'CM-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
  return { invoice: 'INV-{FY}-{SEQ:6}', creditNote: 'CN-{FY}-{SEQ:6}' };
}

/** Defaults shown in the form (not left blank): fiscal year from April under GST, else January; the series formats. */
export function defaultsFor(plugin: PluginInfo | undefined, previous: FormData = {}, previousRegime = previous.taxRegime as string | undefined): FormData {
  const regime = plugin?.id ?? (previous.taxRegime as string | undefined);
  const series = defaultSeriesFor(regime);
  const prevSeries = defaultSeriesFor(previousRegime);
  // A format the person typed is kept; one that was only the previous regime's default follows the new regime.
  const keep = (key: string, fallback: string, old: string) => (typeof previous[key] === 'string' && previous[key] !== old ? previous[key] : fallback);
  return {
    ...previous,
    taxRegime: regime,
    countryCode: plugin?.countries[0] ?? previous.countryCode ?? 'IN',
    currency: plugin?.currencies[0] ?? previous.currency ?? 'INR',
    taxSettings: { ...(plugin?.defaultSettings ?? {}) },
    fiscalYearStartMonth: regime === 'gst-in' ? 4 : 1,
    invoiceSeriesFormat: keep('invoiceSeriesFormat', series.invoice, prevSeries.invoice),
    creditNoteSeriesFormat: keep('creditNoteSeriesFormat', series.creditNote, prevSeries.creditNote),
  };
}

/**
 * What follows from a change in the form: the GST state from a valid GSTIN's first two digits,
 * and the SPECIMEN mark only for a sandbox business (ticked when sandbox is ticked, off otherwise).
 */
export function derivedChanges(previous: FormData, next: FormData): FormData {
  const out = { ...next };
  if (next.taxRegime === 'gst-in' && typeof next.taxId === 'string' && next.taxId !== previous.taxId) {
    const id = checkGstId(next.taxId);
    if (id.valid && id.stateCode) out.stateCode = id.stateCode;
  }
  if (next.sandbox !== previous.sandbox) out.specimenMark = Boolean(next.sandbox);
  if (!next.sandbox) out.specimenMark = false;
  return out;
}

function BusinessForm({ plugins, onDone }: { plugins: PluginInfo[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const { notify } = useAnnouncer();
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  const [data, setData] = useState<FormData>(() => ({ name: '', address: '', sandbox: false, specimenMark: false, ...defaultsFor(plugins[0]) }));
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<unknown>();
  const plugin = plugins.find((p) => p.id === data.taxRegime) ?? plugins[0];

  const schema = useMemo(() => {
    const base = plainSchema(BusinessInput) as unknown as { properties: Record<string, Record<string, unknown>> };
    const props = base.properties;
    props.taxRegime = { ...props.taxRegime, enum: plugins.map((p) => p.id) };
    if (plugin) props.currency = { ...props.currency, enum: plugin.currencies };
    // The union with null draws as a two-option selector; an absent tax id is simply left empty.
    props.taxId = { type: 'string', maxLength: 20, title: 'Tax id' };
    if (plugin) props.taxSettings = stripSchemaKeyword(plugin.settingsSchema);
    if (plugin?.id !== 'gst-in') delete props.stateCode;
    // The server keeps an empty address; an invoice needs the supplier's, so the form asks for it.
    props.address = { ...props.address, minLength: 1 };
    (base as { required?: string[] }).required = [...new Set([...((base as { required?: string[] }).required ?? []), 'address'])];
    delete (base as { title?: string }).title;
    return base as unknown as RJSFSchema;
  }, [plugins, plugin]);

  const uiSchema = useMemo<UiSchema>(() => {
    const taxSettingsUi = taxSettingsUiSchema(t, plugin?.settingsSchema, plugin ? (plugin.name[lang] ?? plugin.name.en) : '');
    return {
      'ui:order': ['name', 'legalName', 'taxRegime', 'currency', 'countryCode', 'stateCode', 'taxId', 'address', 'city', 'postalCode', 'email', 'phone', 'fiscalYearStartMonth', 'taxSettings', 'logo', 'signature', 'signatoryName', 'bankDetails', 'sandbox', 'specimenMark', 'invoiceSeriesFormat', 'creditNoteSeriesFormat', 'billOfSupplySeriesFormat', '*'],
      name: { 'ui:autofocus': true },
      address: { 'ui:widget': 'textarea', 'ui:options': { rows: 3 } },
      taxRegime: { 'ui:enumNames': plugins.map((p) => p.name[lang] ?? p.name.en) },
      fiscalYearStartMonth: { 'ui:widget': 'select', 'ui:enumNames': MONTHS.map((m) => t(m)) },
      logo: { 'ui:widget': 'image' },
      signature: { 'ui:widget': 'image' },
      taxSettings: taxSettingsUi,
      email: { 'ui:options': { inputType: 'email' } },
      // SPECIMEN is printed only on a sandbox business's invoices: the box shows only then.
      specimenMark: data.sandbox ? {} : { 'ui:widget': 'hidden' },
    };
  }, [plugins, plugin, lang, t, data.sandbox]);

  const schemaWithMonths = useMemo(() => {
    const s = schema as unknown as { properties: Record<string, Record<string, unknown>> };
    return { ...s, properties: { ...s.properties, fiscalYearStartMonth: { ...s.properties.fiscalYearStartMonth, enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] } } } as unknown as RJSFSchema;
  }, [schema]);

  const onChange = (next: FormData) => {
    if (next.taxRegime !== data.taxRegime) {
      const nextPlugin = plugins.find((p) => p.id === next.taxRegime);
      const reset = defaultsFor(nextPlugin, next, data.taxRegime as string | undefined);
      if (nextPlugin?.id !== 'gst-in') delete reset.stateCode;
      setData(derivedChanges(data, reset));
    } else setData(derivedChanges(data, next));
  };

  const submit = async (value: FormData) => {
    setBusy(true);
    setServerError(undefined);
    const input: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== '') input[key] = v;
    if (input.address === undefined) input.address = '';
    try {
      const created = await call('businesses.create', input as Parameters<typeof call<'businesses.create'>>[1]);
      await app.reloadBusinesses();
      app.selectBusiness(created.id);
      notify(t('business.created', { name: created.name }), 'success', 'business-create');
      onDone();
    } catch (error) {
      setServerError(error);
      notify(t('business.createFailed'), 'error', 'business-create');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="business-form-title">
      <h2 id="business-form-title">{t('business.newTitle')}</h2>
      {serverError && !serverErrorsToSchema(serverError) ? <ErrorState error={serverError} /> : null}
      <SchemaForm<FormData>
        id="business"
        schema={schemaWithMonths}
        fields={FIELDS}
        uiSchema={uiSchema}
        formData={data}
        onChange={onChange}
        onSubmit={(v) => void submit(v)}
        submitLabel={busy ? t('common.saving') : t('business.save')}
        busy={busy}
        serverError={serverError}
      >
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </SchemaForm>
    </section>
  );
}

/** The fields of the edit card that apply to this business: a GST state code under GST, an IFSC for an Indian bank, an IBAN elsewhere. */
function businessEditFields(t: (key: string) => string, business: BusinessView): EntityField[] {
  const gst = business.taxRegime === 'gst-in';
  const india = business.countryCode === 'IN';
  const all: Array<EntityField & { when?: boolean }> = [
    { key: 'name', label: t('business.fields.name'), required: true },
    { key: 'legalName', label: t('business.fields.legalName') },
    { key: 'address', label: t('business.fields.address'), multiline: true, required: true },
    { key: 'city', label: t('business.fields.city') },
    { key: 'postalCode', label: t('business.fields.postalCode'), ltr: true },
    { key: 'stateCode', label: t('business.fields.stateCode'), ltr: true, when: gst },
    { key: 'taxId', label: t('business.fields.taxId'), ltr: true },
    { key: 'email', label: t('business.fields.email'), ltr: true, inputMode: 'email' },
    { key: 'phone', label: t('business.fields.phone'), ltr: true, inputMode: 'tel' },
    { key: 'signatoryName', label: t('business.fields.signatoryName') },
    { key: 'bankName', label: t('hand.bankName') },
    { key: 'accountNumber', label: t('hand.accountNumber'), ltr: true },
    { key: 'ifsc', label: t('hand.ifsc'), ltr: true, when: india || Boolean(business.bankDetails?.ifsc) },
    { key: 'iban', label: t('hand.iban'), ltr: true, when: !india || Boolean(business.bankDetails?.iban) },
  ];
  return all.filter((f) => f.when !== false).map(({ when: _when, ...field }) => field);
}

const EDIT_TEXT_KEYS = ['name', 'legalName', 'address', 'city', 'postalCode', 'stateCode', 'taxId', 'email', 'phone', 'signatoryName'] as const;
const BANK_KEYS = ['bankName', 'accountNumber', 'ifsc', 'iban'] as const;

/** The edit card's starting values: every field as text, an absent one empty. */
function businessEditInitial(business: BusinessView): Record<string, string> {
  const bank: Partial<Record<(typeof BANK_KEYS)[number], string>> = business.bankDetails ?? {};
  const initial: Record<string, string> = {};
  for (const key of EDIT_TEXT_KEYS) initial[key] = business[key] ?? '';
  for (const key of BANK_KEYS) initial[key] = bank[key] ?? '';
  return initial;
}

/** The businesses.update changes from the edit card's values: bank details and tax id null when empty, an empty state code or email left out. */
function businessEditChanges(values: Record<string, string>): Record<string, unknown> {
  const v = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()]));
  const bankDetails = Object.fromEntries(BANK_KEYS.filter((key) => v[key]).map((key) => [key, v[key]!]));
  const changes: Record<string, unknown> = { bankDetails: Object.keys(bankDetails).length ? bankDetails : null, taxId: v.taxId || null };
  for (const key of ['name', 'legalName', 'address', 'city', 'postalCode', 'stateCode', 'email', 'phone', 'signatoryName']) changes[key] = v[key] ?? '';
  for (const key of ['stateCode', 'email']) if (!changes[key]) delete changes[key];
  return changes;
}

/** The open business after creation: names, address, tax id, signatory and bank details (businesses.update). */
function BusinessEdit({ business, onDone }: { business: BusinessView; onDone: () => void }) {
  const { t } = useTranslation();
  const app = useApp();
  const { notify } = useAnnouncer();
  return (
    <EntityForm
      testId="business-edit"
      fields={businessEditFields(t, business)}
      initial={businessEditInitial(business)}
      submitLabel={t('hand.saveChanges')}
      onCancel={onDone}
      onSubmit={async (values) => {
        const saved = await call('businesses.update', { id: business.id, changes: businessEditChanges(values) as never });
        notify(t('hand.saved', { name: saved.name }));
        await app.reloadBusinesses();
        onDone();
      }}
    />
  );
}

/**
 * The rest of an open business after creation: its tax settings, logo and signature, drawn from the
 * same schemas as the new-business form (businesses.update; a logo or signature removed is sent as
 * null), and archiving it (hidden from the lists, its data kept) after a confirmation.
 */
function BusinessSettings({ business, onDone }: { business: BusinessView; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const app = useApp();
  const { notify } = useAnnouncer();
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  const plugin = app.info?.plugins.find((p) => p.id === business.taxRegime);
  const [data, setData] = useState<FormData>(() => ({
    taxSettings: { ...(plugin?.defaultSettings ?? {}), ...business.taxSettings },
    ...(business.logo ? { logo: business.logo } : {}),
    ...(business.signature ? { signature: business.signature } : {}),
  }));
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<unknown>();
  const archiveRef = useRef<HTMLDialogElement>(null);

  const schema = useMemo(() => {
    const props = (plainSchema(BusinessInput) as unknown as { properties: Record<string, Record<string, unknown>> }).properties;
    return { type: 'object', properties: { ...(plugin ? { taxSettings: stripSchemaKeyword(plugin.settingsSchema) } : {}), logo: props.logo, signature: props.signature } } as unknown as RJSFSchema;
  }, [plugin]);
  const uiSchema = useMemo<UiSchema>(() => ({
    'ui:order': ['taxSettings', 'logo', 'signature'],
    taxSettings: taxSettingsUiSchema(t, plugin?.settingsSchema, plugin ? (plugin.name[lang] ?? plugin.name.en) : ''),
    logo: { 'ui:widget': 'image' },
    signature: { 'ui:widget': 'image' },
  }), [t, plugin, lang]);

  const save = async (value: FormData) => {
    setBusy(true);
    setServerError(undefined);
    try {
      const changes = { ...(plugin ? { taxSettings: value.taxSettings } : {}), logo: value.logo || null, signature: value.signature || null };
      const saved = await call('businesses.update', { id: business.id, changes: changes as never });
      notify(t('hand.saved', { name: saved.name }), 'success', 'business-settings');
      await app.reloadBusinesses();
      onDone();
    } catch (error) {
      setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  const archive = async () => {
    archiveRef.current?.close();
    try {
      await call('businesses.update', { id: business.id, changes: { archived: true } });
      notify(t('business.archived', { name: business.name }), 'success', 'business-archive');
      await app.reloadBusinesses();
      onDone();
    } catch (error) {
      setServerError(error);
    }
  };

  return (
    <section className="card" aria-labelledby="business-settings-title" data-testid="business-settings">
      <h2 id="business-settings-title">{t('business.settingsTitle')}</h2>
      {serverError && !serverErrorsToSchema(serverError) ? <ErrorState error={serverError} /> : null}
      <SchemaForm<FormData>
        id="business-settings"
        schema={schema}
        fields={{ taxSettings: { label: k('business.fields.taxSettings') }, logo: { label: k('business.fields.logo') }, signature: { label: k('business.fields.signature') } }}
        uiSchema={uiSchema}
        formData={data}
        onChange={setData}
        onSubmit={(v) => void save(v)}
        submitLabel={busy ? t('common.saving') : t('hand.saveChanges')}
        busy={busy}
        serverError={serverError}
      >
        <button type="button" className="danger" onClick={() => archiveRef.current?.showModal()} data-testid="archive-business">
          {t('business.archive')}
        </button>
      </SchemaForm>
      <dialog ref={archiveRef} aria-labelledby="confirm-archive-title">
        <h2 id="confirm-archive-title">{t('business.archiveTitle', { name: business.name })}</h2>
        <p>{t('business.archiveHelp')}</p>
        <div className="form-actions">
          <button type="button" className="danger" onClick={() => void archive()} data-testid="confirm-archive-business">{t('business.archive')}</button>
          <button type="button" onClick={() => archiveRef.current?.close()} autoFocus>{t('common.cancel')}</button>
        </div>
      </dialog>
    </section>
  );
}

/** The new-business form, once the tax plugins are known. */
function NewBusiness({ plugins, onDone }: { plugins: PluginInfo[] | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  if (!plugins) return <Loading />;
  return plugins.length ? <BusinessForm plugins={plugins} onDone={onDone} /> : <Empty title={t('business.noPlugins')} />;
}

function BusinessTable({ businesses, plugins }: { businesses: BusinessView[]; plugins: PluginInfo[] | undefined }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  const pluginName = (id: string) => {
    const p = plugins?.find((x) => x.id === id);
    return p ? (p.name[lang] ?? p.name.en) : id;
  };
  return (
    <table className="simple" data-testid="business-table">
      <thead>
        <tr>
          <th scope="col">{t('business.fields.name')}</th>
          <th scope="col">{t('business.fields.taxRegime')}</th>
          <th scope="col">{t('business.fields.taxId')}</th>
          <th scope="col">{t('business.fields.currency')}</th>
          <th scope="col">{t('business.createdAt')}</th>
          <th scope="col">{t('business.open')}</th>
        </tr>
      </thead>
      <tbody>
        {businesses.map((b) => (
          <tr key={b.id}>
            <td>
              <bdi>{b.name}</bdi> {b.sandbox ? <span className="badge warn">{t('business.sandbox')}</span> : null}
            </td>
            <td>{pluginName(b.taxRegime)}</td>
            <td className="mono" dir="ltr">{b.taxId ?? '—'}</td>
            <td>{b.currency}</td>
            <td>{f.date(b.createdAt)}</td>
            <td>
              {app.business?.id === b.id ? (
                <span className="badge info">{t('business.isOpen')}</span>
              ) : (
                <button type="button" onClick={() => app.selectBusiness(b.id)} aria-label={t('business.openNamed', { name: b.name })}>
                  {t('business.open')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The businesses of this data folder: their error, loading, none yet, or the table. */
function BusinessList() {
  const { t } = useTranslation();
  const app = useApp();
  if (app.businessesError) return <ErrorState error={app.businessesError} onRetry={() => void app.reloadBusinesses().catch(() => undefined)} />;
  if (!app.businesses) return <Loading />;
  if (app.businesses.length === 0) return <Empty title={t('business.noneTitle')}>{t('business.noneHint')}</Empty>;
  return <BusinessTable businesses={app.businesses} plugins={app.info?.plugins} />;
}

function BusinessActions({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  const app = useApp();
  return (
    <>
      {app.business && !editing ? (
        <button type="button" onClick={() => app.navigate('businesses', { mode: 'edit' })}>
          {t('hand.editBusiness', { name: app.business.name })}
        </button>
      ) : null}
      <button type="button" className="primary" onClick={() => app.navigate('businesses', { mode: 'new' })} title="Ctrl+Shift+B" aria-keyshortcuts="Control+Shift+B">
        {t('business.create')} <kbd dir="ltr">Ctrl+Shift+B</kbd>
      </button>
    </>
  );
}

export function BusinessesScreen() {
  const { t } = useTranslation();
  const app = useApp();
  const creating = app.route.params?.mode === 'new';
  const editing = app.route.params?.mode === 'edit';
  const backToList = () => app.navigate('businesses');

  return (
    <Screen testId="businesses" title={t('business.title')} subtitle={t('business.subtitle')} actions={creating ? null : <BusinessActions editing={editing} />}>
      {creating ? <NewBusiness plugins={app.info?.plugins} onDone={backToList} /> : null}
      {editing && app.business ? <BusinessEdit key={app.business.id} business={app.business} onDone={backToList} /> : null}
      {editing && app.business ? <BusinessSettings key={`settings-${app.business.id}`} business={app.business} onDone={backToList} /> : null}
      {editing && app.business ? <SeriesCard key={`series-${app.business.id}`} business={app.business} /> : null}
      {editing && app.business ? <PdfSettingsCard key={`pdf-${app.business.id}`} business={app.business} /> : null}
      <section className="card" aria-labelledby="business-list-title">
        <h2 id="business-list-title">{t('business.listTitle')}</h2>
        <BusinessList />
      </section>
    </Screen>
  );
}
