import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../shared';
import { errorText } from '../errors';

type FieldProps = {
  label: ReactNode;
  error?: FieldError;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  /** Receives the control id so the label and the error message point at it. */
  children: (id: string, describedBy: string | undefined) => ReactNode;
};

export function Field({ label, error, hint, required, className, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const errId = `${id}-err`;
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children(id, error ? errId : undefined)}
      {hint && !error && <div className="hint">{hint}</div>}
      {error && (
        <div className="field-error" id={errId} role="alert" data-testid={`error-${error.field}`}>
          {errorText(t, error.code, error.params)}
        </div>
      )}
    </div>
  );
}

type TextFieldProps = {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  error?: FieldError;
  hint?: ReactNode;
  required?: boolean;
  testid?: string;
  type?: 'text' | 'password' | 'tel' | 'date' | 'number' | 'time';
  placeholder?: string;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'tel' | 'text';
  maxLength?: number;
  disabled?: boolean;
  className?: string;
  autoComplete?: string;
  /** The id of a <datalist> whose options the field offers (free text still allowed). */
  list?: string;
};

export function TextField(p: TextFieldProps) {
  return (
    <Field label={p.label} error={p.error} hint={p.hint} required={p.required} className={p.className}>
      {(id, describedBy) => (
        <input
          id={id}
          type={p.type ?? 'text'}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          onBlur={p.onBlur}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={p.testid}
          placeholder={p.placeholder}
          autoFocus={p.autoFocus}
          inputMode={p.inputMode}
          maxLength={p.maxLength}
          disabled={p.disabled}
          autoComplete={p.autoComplete ?? 'off'}
          spellCheck={false}
          list={p.list}
        />
      )}
    </Field>
  );
}

type SelectFieldProps = {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: FieldError;
  hint?: ReactNode;
  required?: boolean;
  testid?: string;
  className?: string;
  disabled?: boolean;
};

export function SelectField(p: SelectFieldProps) {
  return (
    <Field label={p.label} error={p.error} hint={p.hint} required={p.required} className={p.className}>
      {(id, describedBy) => (
        <select
          id={id}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={p.testid}
          disabled={p.disabled}
        >
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
