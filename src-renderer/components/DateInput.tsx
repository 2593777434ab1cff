// A day-month-year text field for dates (see i18n/dates.ts for why not <input type=date>): it shows
// an ISO value as dd-mm-yyyy, reports what was typed as ISO, empty or unreadable, and tidies a
// readable entry ("1/2/2026" -> "01-02-2026") when the person leaves the field.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readDateInput, showDateInput, type DateReading } from '../i18n/dates.js';

export interface DateInputProps {
  id: string;
  /** The ISO date (yyyy-mm-dd), '' for none, or text that is not a date yet. */
  value: string;
  onChange: (text: string, reading: DateReading) => void;
  onBlur?: (reading: DateReading) => void;
  invalid?: boolean;
  /** Ids of further descriptions (an error message); the format hint is always described. */
  describedBy?: string;
  disabled?: boolean;
  required?: boolean;
}

export function DateInput({ id, value, onChange, onBlur, invalid, describedBy, disabled, required }: DateInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => showDateInput(value));
  // Follow the value when it changes from outside (a reset, a default), not while it is typed.
  // A value that is not a date is what this field reported for unreadable text: keep the text.
  useEffect(() => {
    const incoming = readDateInput(value);
    if (incoming.kind === 'invalid') return;
    setText((current) => {
      const typed = readDateInput(current);
      const same = incoming.kind === 'empty' ? typed.kind === 'empty' : typed.kind === 'date' && typed.iso === incoming.iso;
      return same ? current : showDateInput(value);
    });
  }, [value]);
  const hintId = `${id}__format`;
  return (
    <>
      <input
        id={id}
        type="text"
        className="date-input"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('dates.placeholder')}
        value={text}
        disabled={disabled}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value, readDateInput(e.target.value));
        }}
        onBlur={() => {
          const reading = readDateInput(text);
          if (reading.kind === 'date') setText(showDateInput(reading.iso));
          onBlur?.(reading);
        }}
      />
      <span id={hintId} className="visually-hidden">
        {t('dates.hint')}
      </span>
    </>
  );
}
