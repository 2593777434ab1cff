// Settings: RJSF from the shared settings schema; each valid change is saved and applied at once
// (language, theme, motion) — no restart, no Save button. Invalid values are explained in place.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useApp } from '../../app/context.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { SchemaForm, plainSchema, type FieldText } from '../../components/SchemaForm.js';
import { Screen } from '../../components/Screen.js';
import { ErrorAlert, Loading } from '../../components/States.js';
import { Settings, type SettingsPatch, type Settings as SettingsValue } from '../../../src-shared/schemas/settings.js';
import { validateValue } from '../../components/schema-validator.js';
import { k } from '../../i18n/keys.js';
import { useFormat } from '../../i18n/format.js';
import { SyncSettings } from '../sync/SyncSettings.js';
import { VerifyBackup } from './VerifyBackup.js';

// Typed by the settings' keys, so a new setting without a translated label does not compile.
const FIELDS: Record<keyof SettingsValue, FieldText> = {
  language: { label: k('settings.fields.language') },
  theme: { label: k('settings.fields.theme'), help: k('settings.fields.themeHelp') },
  importMaxBytes: { label: k('settings.fields.importMaxBytes') },
  pdfWorkers: { label: k('settings.fields.pdfWorkers') },
  includeGroundTruth: { label: k('settings.fields.includeGroundTruth') },
  defaultBusinessId: { label: k('settings.fields.defaultBusinessId') },
  reduceMotion: { label: k('settings.fields.reduceMotion') },
  autoBackup: { label: k('settings.fields.autoBackup') },
  backupFolder: { label: k('settings.fields.backupFolder') },
  backupEveryHours: { label: k('settings.fields.backupEveryHours') },
  backupKeep: { label: k('settings.fields.backupKeep') },
};

const MB = 1024 * 1024;
const IMPORT_LIMITS_MB = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1024];

/** The sizes offered for the largest spreadsheet, in bytes, with the current value among them. */
function importLimitChoices(current: number | undefined): number[] {
  const choices = IMPORT_LIMITS_MB.map((mb) => mb * MB);
  return current !== undefined && !choices.includes(current) ? [...choices, current].sort((a, b) => a - b) : choices;
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const { announce } = useAnnouncer();
  const [data, setData] = useState<SettingsValue | undefined>(app.settings);
  const [error, setError] = useState<unknown>();
  const timer = useRef<number | undefined>(undefined);

  // Settings changed elsewhere (the language switch in the top bar) show here at once.
  useEffect(() => {
    if (app.settings) setData(app.settings);
  }, [app.settings]);

  const schema = useMemo(() => {
    const base = plainSchema(Settings) as RJSFSchema & { properties: Record<string, RJSFSchema> };
    const ids = app.businesses?.map((b) => b.id) ?? [];
    // A plain select of the businesses (null = the first one) instead of a string/null union.
    base.properties.defaultBusinessId = { type: ['string', 'null'], enum: [null, ...ids], default: null } as RJSFSchema;
    // A folder or nothing: one text field (empty = the default), not a string/null selector.
    if (base.properties.backupFolder) base.properties.backupFolder = { type: ['string', 'null'], maxLength: 1024, title: base.properties.backupFolder.title, default: null } as RJSFSchema;
    // The import limit as a choice of sizes in MB (a count of bytes is a developer's unit); a value
    // set elsewhere (the settings file) stays among the choices.
    if (base.properties.importMaxBytes) base.properties.importMaxBytes = { ...(base.properties.importMaxBytes as Record<string, unknown>), enum: importLimitChoices(data?.importMaxBytes) } as RJSFSchema;
    delete base.title;
    return base as RJSFSchema;
  }, [app.businesses, data?.importMaxBytes]);

  const uiSchema = useMemo<UiSchema>(
    () => ({
      language: { 'ui:enumNames': ['English', 'العربية', 'हिन्दी'] },
      theme: { 'ui:enumNames': [t('settings.theme.system'), t('settings.theme.light'), t('settings.theme.dark')] },
      importMaxBytes: { 'ui:widget': 'select', 'ui:enumNames': importLimitChoices(data?.importMaxBytes).map((bytes) => t('settings.megabytes', { n: f.decimal(String(Math.round((bytes / MB) * 100) / 100)) })) },
      defaultBusinessId: { 'ui:widget': 'select', 'ui:enumNames': [t('settings.firstBusiness'), ...(app.businesses?.map((b) => b.name) ?? [])] },
    }),
    [t, app.businesses, data?.importMaxBytes, f],
  );

  const save = (next: SettingsValue) => {
    setData(next);
    window.clearTimeout(timer.current);
    if (validateValue(schema, next).length > 0 || !app.settings) return;
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) if (app.settings[key as keyof SettingsValue] !== value) patch[key] = value;
    if (Object.keys(patch).length === 0) return;
    timer.current = window.setTimeout(() => {
      app.updateSettings(patch as SettingsPatch).then(
        () => {
          setError(undefined);
          announce(t('settings.saved'));
        },
        (err: unknown) => setError(err),
      );
    }, 300);
  };

  return (
    <Screen testId="settings" title={t('settings.title')} subtitle={t('settings.subtitle')}>
      <ErrorAlert error={error} />
      <section className="card">
        {!data ? (
          <Loading />
        ) : (
          <SchemaForm<SettingsValue>
            id="settings"
            schema={schema}
            fields={FIELDS}
            uiSchema={uiSchema}
            formData={data}
            onChange={save}
            onSubmit={save}
            submitLabel={t('settings.saveNow')}
            serverError={error}
            live
          />
        )}
      </section>
      <SyncSettings />
      <VerifyBackup />
      {app.info ? (
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">{t('settings.about')}</h2>
          <dl className="facts">
            <dt>{t('settings.version')}</dt>
            <dd>{app.info.version}</dd>
            <dt>{t('home.dataFolder')}</dt>
            <dd className="mono" dir="ltr">{app.info.dataDir}</dd>
            <dt>{t('settings.database')}</dt>
            <dd className="mono" dir="ltr">{app.info.databaseFile}</dd>
          </dl>
        </section>
      ) : null}
    </Screen>
  );
}
