/**
 * The console's small building blocks. They wear the desk's look (renderer/ui/styles.css
 * classes: field, notice, btn, table) but are not the desk's components: those translate
 * errors through the desk's data layer (renderer/ui/errors.ts imports deskClient), which
 * would bring IndexedDB and the desk's vault into a page that keeps nothing locally.
 */
import { useCallback, useEffect, useEffectEvent, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BiText, Lang } from '../../shared';
import { ConsoleApiError } from './api';

export const bi = (text: BiText | undefined, lang: Lang): string => (text ? text[lang] || text.kk || text.ru : '');

/** A failure in words: the server's code when the locales know it (errors:remote.*), a generic line otherwise. */
export function useErrorText(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (e: unknown) => {
      if (e instanceof ConsoleApiError) {
        if (e.status === 0) return t('console.error.network');
        if (i18n.exists(`errors:remote.${e.code}`)) return t(`errors:remote.${e.code}`);
        if (e.status === 403) return t('console.error.forbidden');
        if (e.status === 404) return t('console.error.notFound');
        if (e.code === 'body.invalid' || e.code === 'validation') return t('console.error.invalid');
        return t('console.error.server', { code: e.code });
      }
      return t('console.error.server', { code: e instanceof Error ? e.name : 'unknown' });
    },
    [t, i18n],
  );
}

export function ErrorNote({ error, testid = 'console-error' }: { error: unknown; testid?: string }) {
  const text = useErrorText();
  if (!error) return null;
  const code = error instanceof ConsoleApiError ? error.code : undefined;
  return (
    <div className="notice notice--error" role="alert" data-testid={testid} data-code={code}>
      {text(error)}
    </div>
  );
}

export function Note({
  kind,
  children,
  testid,
}: {
  kind: 'info' | 'ok' | 'warn' | 'error';
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
    <div className="loading" role="status" data-testid="console-loading">
      {t('common.loading')}
    </div>
  );
}

export type Load<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** Loads on mount and whenever deps change (as renderer/ui/hooks.ts useLoad); reload() loads again; stale answers are dropped. */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [request, setRequest] = useState(() => ({ deps }));
  if (!sameDeps(request.deps, deps)) setRequest({ deps });
  const [state, setState] = useState<{ data: T | undefined; error: unknown; of: object | null }>({
    data: undefined,
    error: null,
    of: null,
  });
  const run = useEffectEvent(load);
  useEffect(() => {
    let current = true;
    run().then(
      (data) => {
        if (current) setState({ data, error: null, of: request });
      },
      (error: unknown) => {
        if (current) setState((s) => ({ data: s.data, error, of: request }));
      },
    );
    return () => {
      current = false;
    };
  }, [request]);
  const reload = useCallback(() => setRequest((r) => ({ deps: r.deps })), []);
  return { data: state.data, error: state.error, loading: state.of !== request, reload };
}

/** Runs one action at a time, keeping its failure for the screen to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

type InputProps = {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  testid?: string;
  type?: 'text' | 'password' | 'number' | 'date';
  required?: boolean;
  hint?: ReactNode;
  maxLength?: number;
  autoComplete?: string;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'text';
  className?: string;
};

export function Input(p: InputProps) {
  const fid = useId();
  return (
    <div className={`field${p.className ? ` ${p.className}` : ''}`}>
      <label htmlFor={fid}>
        {p.label}
        {p.required && (
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <input
        id={fid}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        data-testid={p.testid}
        maxLength={p.maxLength}
        autoComplete={p.autoComplete ?? 'off'}
        autoFocus={p.autoFocus}
        inputMode={p.inputMode}
        spellCheck={false}
      />
      {p.hint && <div className="hint">{p.hint}</div>}
    </div>
  );
}

export function Select(p: {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  options: Array<{ value: string; label: string }>;
  testid?: string;
  className?: string;
}) {
  const fid = useId();
  return (
    <div className={`field${p.className ? ` ${p.className}` : ''}`}>
      <label htmlFor={fid}>{p.label}</label>
      <select id={fid} value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testid}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A one-time password, shown once: it is not kept anywhere after this screen. */
export function OneTimePassword({ login, password }: { login: string; password: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warn" role="status" data-testid="one-time-password">
      <div>{t('console.staff.oneTimeTitle', { login })}</div>
      <code className="code-value" data-testid="one-time-password-value">
        {password}
      </code>
      <div className="small">{t('console.staff.oneTimeOnce')}</div>
    </div>
  );
}

/** A date and time as the tables show it, in the browser's time zone (the district sits in one). */
export function when(instant: string | null | undefined): string {
  if (!instant) return '—';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Saves a Blob as a file (a download). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can abort the download in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
