/**
 * The server's backups: whether they run, where and how often, the copies
 * kept, and the last automatic restore check (the newest backup restored
 * into a scratch database and counted). An administrator can run one now.
 */
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Loading, Note, useAction, useData, when } from '../ui';

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');

function size(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function BackupsScreen() {
  const { t } = useTranslation();
  const may = useMayChange('backups');
  const status = useData(() => consoleApi.backups(), []);
  const act = useAction();
  const s = status.data;
  async function runNow() {
    const ok = await act.run(() => consoleApi.runBackup());
    if (ok !== undefined) status.reload();
  }
  return (
    <section data-testid="console-backups">
      <div className="toolbar">
        <h2>{t('console.nav.backups')}</h2>
        {may && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={act.busy}
            onClick={() => void runNow()}
            data-testid="backup-run"
          >
            {act.busy ? t('common.working') : t('console.backups.run')}
          </button>
        )}
      </div>
      <ErrorNote error={status.error ?? act.error} />
      {!s ? (
        status.loading && <Loading />
      ) : (
        <>
          {!s.enabled ? (
            <Note kind="warn" testid="backup-off">
              {t('console.backups.off')}
            </Note>
          ) : (
            <Note kind="info" testid="backup-on">
              {t('console.backups.on', { dir: s.dir ?? '—', hours: s.everyHours ?? '—', keep: s.keep ?? '—' })}
            </Note>
          )}
          {s.lastError && (
            <Note kind="error" testid="backup-last-error">
              {t('console.backups.lastError', { error: s.lastError })}
            </Note>
          )}
          <h3>{t('console.backups.check')}</h3>
          {!s.restoreCheck ? (
            <p className="muted" data-testid="restore-check-none">
              {t('console.backups.noCheck')}
            </p>
          ) : (
            <Note kind={s.restoreCheck.ok ? 'ok' : 'error'} testid="restore-check">
              <div data-ok={String(s.restoreCheck.ok)}>
                {s.restoreCheck.ok
                  ? t('console.backups.checkOk', {
                      when: when(s.restoreCheck.at),
                      seconds: Math.round(s.restoreCheck.seconds),
                    })
                  : t('console.backups.checkFailed', {
                      when: when(s.restoreCheck.at),
                      problem: s.restoreCheck.problem ?? '',
                    })}
              </div>
              <div className="small">
                {s.restoreCheck.file} — {counts(s.restoreCheck.counts)}
              </div>
            </Note>
          )}
          <h3>{t('console.backups.list')}</h3>
          <div className="table-wrap">
            <table className="table table--compact" data-testid="backup-table">
              <thead>
                <tr>
                  <th>{t('console.backups.when')}</th>
                  <th>{t('console.backups.file')}</th>
                  <th>{t('console.backups.size')}</th>
                  <th>{t('console.backups.counts')}</th>
                </tr>
              </thead>
              <tbody>
                {s.backups.map((b) => (
                  <tr key={b.file} data-testid="backup-row">
                    <td className="nowrap">{when(b.at)}</td>
                    <td className="mono small">{b.file}</td>
                    <td className="num">{size(b.bytes)}</td>
                    <td className="small">{counts(b.counts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {s.backups.length === 0 && <div className="empty">{t('common.empty')}</div>}
          </div>
        </>
      )}
    </section>
  );
}
