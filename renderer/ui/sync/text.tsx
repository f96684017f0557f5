/**
 * Words for sync: failures of district calls (the transport's sync.* code,
 * made more precise by the server's own error code when we know it), reasons
 * ops were quarantined, and "how long ago".
 */
import type { TFunction, i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorText, toProblem, type Problem } from '../errors';
import { tableDateTime } from '../format';
import { SyncHttpError } from '../syncClient';

/** A district call's failure as a Problem: `code` is sync.*, `params.reason` the server's code. */
export function syncProblem(e: unknown): Problem {
  if (e instanceof SyncHttpError)
    return { code: e.code, params: { status: e.status, reason: e.body?.error ?? '' }, fields: [] };
  return toProblem(e);
}

export function syncErrorText(t: TFunction, i18n: I18n, p: Problem): string {
  const reason = typeof p.params.reason === 'string' ? p.params.reason : '';
  if (reason && i18n.exists(`errors:remote.${reason}`)) return t(`errors:remote.${reason}`, p.params);
  return errorText(t, p.code, p.params);
}

export function SyncErrorBox({ problem, testid = 'error-box' }: { problem: Problem | null; testid?: string }) {
  const { t, i18n } = useTranslation();
  if (!problem) return null;
  const reason = typeof problem.params.reason === 'string' ? problem.params.reason : undefined;
  return (
    <div
      className="notice notice--error"
      role="alert"
      data-testid={testid}
      data-code={problem.code}
      data-reason={reason || undefined}
    >
      {syncErrorText(t, i18n, problem)}
    </div>
  );
}

/** A quarantine reason in words when we know the code; the raw code otherwise (the district knows it). */
export function reasonText(t: TFunction, i18n: I18n, reason: string): string {
  if (i18n.exists(`errors:quarantine.${reason}`)) return t(`errors:quarantine.${reason}`);
  if (i18n.exists(`errors:${reason}`)) {
    const text = t(`errors:${reason}`);
    if (typeof text === 'string') return text;
  }
  return reason;
}

export function agoText(t: TFunction, instant: string | undefined, now: number): string {
  if (!instant) return t('ui:sync.never');
  const minutes = Math.floor((now - Date.parse(instant)) / 60_000);
  if (minutes < 1) return t('ui:sync.justNow');
  if (minutes < 60) return t('ui:sync.minutesAgo', { count: minutes });
  if (minutes < 24 * 60) return t('ui:sync.hoursAgo', { count: Math.floor(minutes / 60) });
  return t('ui:sync.syncedAt', { when: tableDateTime(instant) });
}

/** Short JSON of a value for people comparing two versions of a field. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
