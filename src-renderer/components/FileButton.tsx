// A file picker whose button text is in the UI language (the native input's "Choose File / No file
// chosen" follow the browser, not the app). The real input stays focusable and labelled.
import { forwardRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface FileButtonProps {
  id: string;
  label: string;
  accept: string;
  disabled?: boolean;
  describedBy?: string;
  /** The chosen file's name when it came another way (dropped on the window); null: none. */
  fileName?: string | null;
  onFile: (file: File) => void;
}

export const FileButton = forwardRef<HTMLInputElement, FileButtonProps>(function FileButton({ id, label, accept, disabled, describedBy, fileName, onFile }, ref) {
  const { t } = useTranslation();
  const [name, setName] = useState<string>();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setName(file.name);
    onFile(file);
  };
  return (
    <span className="file-button">
      <input ref={ref} id={id} type="file" accept={accept} disabled={disabled} onChange={onChange} className="visually-hidden" aria-label={label} aria-describedby={describedBy} />
      <label htmlFor={id} className="button">
        {label}
      </label>
      <span className="file-name">{(fileName === undefined ? name : fileName) ?? t('form.noFile')}</span>
    </span>
  );
});
