// RJSF drawn from the shared TypeBox schemas (one schema, three uses), in the UI language:
// labels come from a per-form map of i18n keys, ajv's messages are replaced by translated ones,
// the server's BAD_INPUT paths are shown under the field they name, and the error summary is an
// ARIA alert whose entries move focus to their field.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import Form from '@rjsf/core';
import type { ErrorListProps, ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, ValidatorType, WidgetProps } from '@rjsf/utils';
import { TranslatableString } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { BackendError } from '../app/backend.js';
import { createInterpretingValidator } from './schema-validator.js';
import { FileButton } from './FileButton.js';
import { DateInput } from './DateInput.js';
import { k } from '../i18n/keys.js';
import type { DateReading } from '../i18n/dates.js';
import { readPercentInput, shareAsPercent, type PercentReading } from '../i18n/percent.js';
import { useFormat } from '../i18n/format.js';
import { fieldMessage } from '../i18n/field-messages.js';

// Not @rjsf/validator-ajv8: ajv compiles with new Function, which the CSP forbids (see schema-validator.ts).
const validator = createInterpretingValidator();

/**
 * TypeBox schemas carry symbol keys; RJSF wants plain JSON. A union of literals (TypeBox's
 * `anyOf: [{const}]`, no `type`) becomes the equivalent `{type, enum}` so RJSF draws a select
 * whose labels come from `ui:enumNames`.
 */
function enumFromConstUnion(out: Record<string, unknown>): void {
  const anyOf = out.anyOf as Array<Record<string, unknown>> | undefined;
  if (out.type !== undefined || !Array.isArray(anyOf) || anyOf.length === 0) return;
  if (!anyOf.every((o) => 'const' in o && typeof o.const === typeof anyOf[0]?.const)) return;
  delete out.anyOf;
  out.type = typeof anyOf[0]?.const === 'number' ? 'number' : 'string';
  out.enum = anyOf.map((o) => o.const);
}

export function plainSchema(schema: unknown): RJSFSchema {
  const normalize = (node: unknown, inProperties = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => normalize(item));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    // Schema descriptions are English; translated help comes from the form's field map instead.
    for (const [key, value] of Object.entries(node)) {
      if (key === 'description' && !inProperties) continue;
      out[key] = normalize(value, !inProperties && (key === 'properties' || key === 'patternProperties'));
    }
    enumFromConstUnion(out);
    return out;
  };
  return normalize(JSON.parse(JSON.stringify(schema))) as RJSFSchema;
}

export interface FieldText {
  /** i18n key of the label. */
  label: string;
  /** i18n key of a help sentence under the field. */
  help?: string;
}

const VALIDATION_KEYS: Record<string, string> = {
  required: k('validation.required'),
  minLength: k('validation.minLength'),
  maxLength: k('validation.maxLength'),
  pattern: k('validation.pattern'),
  format: k('validation.format'),
  minimum: k('validation.minimum'),
  maximum: k('validation.maximum'),
  type: k('validation.type'),
  enum: k('validation.enum'),
  const: k('validation.enum'),
  anyOf: k('validation.enum'),
  additionalProperties: k('validation.additionalProperties'),
};

interface FieldLookup {
  label(property: string): string;
  widget(property: string): string | undefined;
  /** A share (0.4) as the UI language prints a percentage. */
  percent(ratio: number): string;
}

/** The translation key for one failed keyword, or undefined to keep the validator's message. */
function validationKey(error: RJSFValidationError, params: Record<string, unknown>, isPercent: boolean): string | undefined {
  // "at least 1 character" is how a schema says "required" for a text field.
  const name = error.name === 'minLength' && params.limit === 1 ? 'required' : error.name;
  if (name === 'format' && params.format === 'date') return k('validation.date');
  if (name === 'type' && isPercent) return k('validation.percent');
  return name ? VALIDATION_KEYS[name] : undefined;
}

function translateError(t: TFunction, error: RJSFValidationError, field: FieldLookup): RJSFValidationError {
  const params = (error.params ?? {}) as Record<string, unknown>;
  const isPercent = field.widget(error.property ?? '') === 'percent';
  const key = validationKey(error, params, isPercent);
  if (!key) return error;
  // Limits of a share are said as the percentages the person typed ("100%", not "1").
  const limit = isPercent && typeof params.limit === 'number' ? field.percent(params.limit) : params.limit;
  const message = t(key, {
    limit: limit ?? '',
    format: params.format ?? '',
    property: params.missingProperty ?? params.additionalProperty ?? '',
  });
  const label = field.label(error.property ?? '');
  return { ...error, message, stack: label ? `${label}: ${message}` : message };
}

function ErrorListTemplate({ errors }: ErrorListProps) {
  const { t } = useTranslation();
  return (
    <div className="alert error" role="alert">
      <strong>{t('form.fixErrors', { n: errors.length })}</strong>
      <ul>
        {errors.map((error, i) => (
          <li key={i}>{error.stack}</li>
        ))}
      </ul>
    </div>
  );
}

/** A file input that stores a PNG or JPEG as a data: URI (logos, signatures). */
function ImageWidget(props: WidgetProps) {
  const { t } = useTranslation();
  const { id, value, onChange, disabled, readonly } = props;
  const current = typeof value === 'string' && value.startsWith('data:image/') ? value : undefined;
  return (
    <div className="image-field">
      {current ? <img src={current} alt={t('form.imagePreview')} /> : <span className="badge">{t('form.noImage')}</span>}
      <FileButton
        id={id}
        label={t('form.chooseImage')}
        accept="image/png,image/jpeg"
        disabled={disabled || readonly}
        describedBy={`${id}__help`}
        onFile={(file) => {
          const reader = new FileReader();
          reader.onload = () => onChange(typeof reader.result === 'string' ? reader.result : undefined);
          reader.readAsDataURL(file);
        }}
      />
      {current ? (
        <button type="button" onClick={() => onChange(undefined)}>
          {t('form.removeImage')}
        </button>
      ) : null}
      <span id={`${id}__help`} className="visually-hidden">
        {t('form.imageHelp')}
      </span>
    </div>
  );
}

/**
 * Dates typed day-month-year (DateInput), stored as ISO yyyy-mm-dd. Text that is not a date is
 * kept in the form data behind a prefix that no date format accepts, so the schema's
 * `format: date` check fails and the field shows the date message instead of sending it.
 */
export const UNREADABLE_DATE_PREFIX = 'unreadable-date:';

export function dateWidgetValue(text: string, reading: DateReading): string | undefined {
  if (reading.kind === 'date') return reading.iso;
  if (reading.kind === 'empty') return undefined;
  return `${UNREADABLE_DATE_PREFIX}${text}`;
}

function DateWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, disabled, readonly, required, rawErrors } = props;
  const shown = typeof value === 'string' ? value : '';
  return (
    <DateInput
      id={id}
      value={shown}
      invalid={Boolean(rawErrors?.length)}
      disabled={disabled || readonly}
      required={required}
      onChange={(text, reading) => onChange(dateWidgetValue(text, reading))}
      onBlur={() => onBlur(id, value)}
    />
  );
}

/**
 * Shares (0..1 in the schema) typed and shown as percentages: `'ui:widget': 'percent'`. Text
 * that is not a number is kept behind a prefix so the schema's `type: number` check fails and the
 * field says a percentage is wanted.
 */
export const UNREADABLE_PERCENT_PREFIX = 'unreadable-percent:';

export function percentWidgetValue(text: string, reading: PercentReading): number | string | undefined {
  if (reading.kind === 'share') return reading.ratio;
  if (reading.kind === 'empty') return undefined;
  return `${UNREADABLE_PERCENT_PREFIX}${text}`;
}

function PercentWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, disabled, readonly, required, rawErrors } = props;
  const f = useFormat();
  const shown = typeof value === 'number' ? shareAsPercent(value) : '';
  const [text, setText] = useState(shown);
  // Follow the value when it changes from outside (defaults, a reset), not while it is typed.
  useEffect(() => {
    if (typeof value === 'string') return;
    setText((current) => {
      const typed = readPercentInput(current);
      const same = value === undefined ? typed.kind === 'empty' : typed.kind === 'share' && typed.ratio === value;
      return same ? current : shown;
    });
  }, [value, shown]);
  const sign = new Intl.NumberFormat(f.locale, { style: 'percent' }).formatToParts(0).find((part) => part.type === 'percentSign')?.value ?? '%';
  return (
    <span className="percent-field">
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        disabled={disabled || readonly}
        required={required}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={`${id}__sign`}
        onChange={(e) => {
          setText(e.target.value);
          onChange(percentWidgetValue(e.target.value, readPercentInput(e.target.value)));
        }}
        onBlur={() => onBlur(id, value)}
      />
      <span id={`${id}__sign`} className="percent-sign">
        {sign}
      </span>
    </span>
  );
}

/** Server BAD_INPUT messages name JSON paths ("$.taxId: ..."): put each under its field, in the UI language with `t`. */
export function serverErrorsToSchema(error: unknown, t?: TFunction): ErrorSchema | undefined {
  if (!(error instanceof BackendError) || error.code !== 'BAD_INPUT') return undefined;
  const schema: Record<string, unknown> = {};
  const add = (path: string, message: string) => {
    const parts = path.replace(/^\$(input)?\.?/, '').split('.').filter(Boolean);
    if (parts.length === 0) return;
    let node = schema;
    for (const part of parts) {
      node[part] = (node[part] as Record<string, unknown> | undefined) ?? {};
      node = node[part] as Record<string, unknown>;
    }
    const list = (node.__errors as string[] | undefined) ?? [];
    list.push(t ? fieldMessage(t, message) : message);
    node.__errors = list;
  };
  const issues = (error.details.issues as Array<{ path: string; message: string }> | undefined) ?? [];
  if (issues.length) for (const issue of issues) add(issue.path, issue.message);
  else {
    const path = typeof error.details.path === 'string' ? error.details.path : undefined;
    if (path) add(path, error.message.replace(/^\$[.\w[\]]*:\s*/, ''));
    else
      for (const part of error.message.split('; ')) {
        const m = /^(\$[\w.[\]]*):\s*(.*)$/.exec(part);
        if (m?.[1] && m[2]) add(m[1], m[2]);
      }
  }
  return Object.keys(schema).length ? (schema as ErrorSchema) : undefined;
}

export interface SchemaFormProps<T> {
  id: string;
  schema: RJSFSchema;
  /** Field name -> label (and help) keys. Fields absent from the map keep the schema's title. */
  fields: Record<string, FieldText>;
  uiSchema?: UiSchema;
  formData: T;
  onChange?: (data: T) => void;
  onSubmit: (data: T) => void;
  submitLabel: string;
  busy?: boolean;
  serverError?: unknown;
  children?: ReactNode;
  /** Validate as the person types (settings apply at once). */
  live?: boolean;
}

export function SchemaForm<T>(props: SchemaFormProps<T>) {
  const { t } = useTranslation();
  const { schema, fields } = props;
  const uiSchema = useMemo(() => {
    const ui: UiSchema = { ...(props.uiSchema ?? {}) };
    for (const [name, text] of Object.entries(fields)) {
      const base = (ui[name] as UiSchema | undefined) ?? {};
      ui[name] = { ...base, 'ui:title': t(text.label), ...(text.help ? { 'ui:help': t(text.help) } : {}) };
    }
    ui['ui:submitButtonOptions'] = { norender: true };
    return ui;
  }, [fields, props.uiSchema, t]);

  const extraErrors = useMemo(() => serverErrorsToSchema(props.serverError, t), [props.serverError, t]);

  /** The label a person sees for a data path (".taxSettings.composition" -> its ui:title). */
  const uiNode = (property: string): UiSchema | undefined => {
    let node: UiSchema | undefined = uiSchema;
    for (const part of property.replace(/^\./, '').split('.').filter(Boolean)) node = node?.[part] as UiSchema | undefined;
    return node;
  };
  const f = useFormat();
  const field: FieldLookup = {
    label: (property) => {
      const title = uiNode(property)?.['ui:title'];
      return typeof title === 'string' ? title : property.replace(/^\./, '');
    },
    widget: (property) => {
      const widget = uiNode(property)?.['ui:widget'];
      return typeof widget === 'string' ? widget : undefined;
    },
    percent: (ratio) => new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 4 }).format(ratio),
  };

  const translateString = (key: TranslatableString, params?: string[]): string => {
    const map: Partial<Record<TranslatableString, string>> = {
      [TranslatableString.YesLabel]: t('common.yes'),
      [TranslatableString.NoLabel]: t('common.no'),
      [TranslatableString.AddItemButton]: t('form.addItem'),
      [TranslatableString.RemoveButton]: t('form.remove'),
      [TranslatableString.ClearLabel]: t('form.clear'),
      [TranslatableString.AriaDateLabel]: t('form.selectDate'),
    };
    const text = map[key];
    if (text) return text;
    let out = String(key);
    (params ?? []).forEach((p, i) => {
      out = out.replace(`%${i + 1}`, p);
    });
    return out;
  };

  return (
    <Form<T>
      id={`${props.id}-form`}
      idPrefix={props.id}
      className="rjsf"
      schema={schema}
      uiSchema={uiSchema}
      formData={props.formData}
      validator={validator as ValidatorType<T>}
      widgets={{ image: ImageWidget, date: DateWidget, percent: PercentWidget }}
      templates={{ ErrorListTemplate }}
      transformErrors={(errors) => errors.map((e) => translateError(t, e, field))}
      translateString={translateString}
      extraErrors={extraErrors}
      showErrorList="top"
      focusOnFirstError
      noHtml5Validate
      liveValidate={props.live ? 'onChange' : undefined}
      onChange={(event) => props.onChange?.(event.formData as T)}
      onSubmit={(event) => props.onSubmit(event.formData as T)}
      disabled={props.busy}
    >
      <div className="form-actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
        {props.children}
      </div>
    </Form>
  );
}
