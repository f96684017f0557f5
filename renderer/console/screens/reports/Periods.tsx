/**
 * Closing a month or a year (issue #14): the figures of a closed period never
 * change again; what arrives later for it is counted in the next open month as
 * a late arrival. Closing cannot be undone, so it asks once more.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monthEndInstant, type ReportContext } from '../../../../shared';
import { useMayChange } from '../../context';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Input, Note, useAction, when } from '../../ui';

export function Periods({
  ctx,
  reload,
  month: initial,
}: {
  ctx: ReportContext | undefined;
  reload: () => void;
  month: string;
}) {
  const { t } = useTranslation();
  const mayChange = useMayChange('reports');
  const [period, setPeriod] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string[] | null>(null);
  const action = useAction();
  const isMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
  const isYear = /^\d{4}$/.test(period);
  const range = isMonth ? { from: period, to: period } : isYear ? { from: `${period}-01`, to: `${period}-12` } : null;
  const over = range ? monthEndInstant(range.to) < new Date().toISOString() : false;
  return (
    <div data-testid="report-periods">
      <p className="small muted">{t('console.reports.periodsText')}</p>
      {mayChange && (
        <div className="toolbar">
          <Input
            label={t('console.reports.period')}
            value={period}
            onChange={(v) => {
              setPeriod(v);
              setConfirming(false);
              setDone(null);
            }}
            hint={t('console.reports.periodHint')}
            maxLength={7}
            testid="close-period"
          />
          {!confirming ? (
            <button
              type="button"
              className="btn"
              disabled={!range || !over || action.busy}
              onClick={() => setConfirming(true)}
              data-testid="close-period-start"
            >
              {t('console.reports.closePeriod')}
            </button>
          ) : (
            <>
              <span className="small">{t('console.reports.closeConfirm', { period })}</span>
              <button
                type="button"
                className="btn btn--danger"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    if (!range) return;
                    const r = await reportsApi.close(range.from, range.to);
                    setDone(r.closed);
                    setConfirming(false);
                    reload();
                  })
                }
                data-testid="close-period-confirm"
              >
                {t('console.reports.closeYes')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          )}
        </div>
      )}
      {range && !over && <Note kind="info">{t('errors:remote.report.periodNotOver')}</Note>}
      {done && (
        <Note kind="ok" testid="close-period-done">
          {t('console.reports.closedMonths', { n: done.length })}
        </Note>
      )}
      <ErrorNote error={action.error} />
      <div className="table-wrap">
        <table className="table table--compact" data-testid="closed-months">
          <thead>
            <tr>
              <th>{t('console.reports.month')}</th>
              <th>{t('console.reports.closedAt')}</th>
              <th>{t('console.reports.closedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {(ctx?.closed ?? []).length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
                  {t('console.reports.noneClosed')}
                </td>
              </tr>
            )}
            {(ctx?.closed ?? []).map((c) => (
              <tr key={c.month}>
                <td>{c.month}</td>
                <td>{when(c.closedAt)}</td>
                <td>{c.closedByName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
