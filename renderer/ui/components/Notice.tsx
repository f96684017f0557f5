import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, problemText, type Problem } from '../errors';

/** A failed call, translated; field errors listed when the screen has no field to put them next to. */
export function ErrorBox({ problem, testid = 'error-box' }: { problem: Problem | null; testid?: string }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid={testid} data-code={problem.code}>
      <div>{problemText(t, problem)}</div>
      {problem.fields.length > 0 && (
        <ul>
          {problem.fields.map((f, i) => (
            <li key={`${f.field}-${i}`} data-field={f.field}>
              {errorText(t, f.code, f.params)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
  testid,
}: {
  kind?: 'info' | 'ok' | 'warn' | 'error';
  children: ReactNode;
  testid?: string;
}) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testid}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" aria-busy="true">
      {t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return <div className="empty">{children ?? t('common.empty')}</div>;
}
