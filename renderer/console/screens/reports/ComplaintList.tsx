/**
 * The complaints behind a clicked complaint figure (issue #14: every figure
 * clicks through): the console has no complaints register of its own (the
 * offices keep it), so the list shows what the district may see of each:
 * incoming number, office, service, dates, state, justified or not; never the
 * complainant or what the complaint says.
 */
import { useTranslation } from 'react-i18next';
import { formatTableDate, localParts, type ComplaintDrill, type ReportContext } from '../../../../shared';
import { reportsApi, type ExportFormat } from '../../reportsApi';
import { ErrorNote, Loading, download, useAction, useData } from '../../ui';
import { fileName, langOf, namesOf, rangeOf, scopeOf, type ReportFilters } from './common';
import { ListHead } from './ListHead';

const day = (instant: string | null) => (instant ? formatTableDate(localParts(instant).date) : '—');

export function ComplaintList({
  filters,
  drill,
  ctx,
  onClose,
}: {
  filters: ReportFilters;
  drill: ComplaintDrill;
  ctx: ReportContext | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { from, to } = rangeOf(filters);
  const scope = scopeOf(filters);
  const list = useData(
    () => reportsApi.complaints(from, to, scope, drill),
    [from, to, scope.office, scope.service, drill.measure],
  );
  const names = namesOf(ctx);
  const exporting = useAction();
  const save = (format: ExportFormat) =>
    exporting.run(async () =>
      download(
        await reportsApi.complaintsExport(format, from, to, scope, drill, lang),
        fileName('complaints', `${from}_${to}`, lang, format),
      ),
    );
  return (
    <div className="panel" data-testid="report-complaints" data-loading={list.loading ? 'true' : 'false'}>
      <ListHead
        title={`${t('console.reports.complaintsTitle')}: ${t(`console.reports.complaintMeasure.${drill.measure}`)}`}
        total={list.data?.total}
        busy={exporting.busy}
        testid="report-complaints"
        onSave={(f) => void save(f)}
        onClose={onClose}
      />
      <ErrorNote error={list.error ?? exporting.error} />
      {list.data && list.data.total > list.data.rows.length && (
        <p className="small muted">
          {t('search.shownOfTotal', { shown: list.data.rows.length, total: list.data.total })}
        </p>
      )}
      {list.data ? (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="report-complaints-table">
            <thead>
              <tr>
                <th>{t('complaints.no')}</th>
                <th>{t('console.field.office')}</th>
                <th>{t('console.reports.service')}</th>
                <th>{t('complaints.received')}</th>
                <th>{t('complaints.due')}</th>
                <th>{t('complaints.answerDate')}</th>
                <th>{t('complaints.statusLabel')}</th>
                <th>{t('complaints.justified')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((r) => (
                <tr key={r.id} data-overdue={r.overdue ? 'true' : 'false'}>
                  <td className="mono">{r.incomingNo}</td>
                  <td>{names.office(r.officeId)?.[lang] ?? r.officeId}</td>
                  <td>{r.serviceCode ? (names.service(r.serviceCode)?.[lang] ?? r.serviceCode) : '—'}</td>
                  <td>{day(r.receivedAt)}</td>
                  <td>{day(r.dueAt)}</td>
                  <td>{day(r.answeredAt)}</td>
                  <td>
                    {t(`complaints.status.${r.status}`, { defaultValue: r.status })}
                    {r.overdue && <span className="badge badge--due-overdue"> {t('complaints.overdue')}</span>}
                  </td>
                  <td>
                    {r.justified === null
                      ? '—'
                      : r.justified
                        ? t('complaints.justifiedYes')
                        : t('complaints.justifiedNo')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : list.loading ? (
        <Loading />
      ) : null}
    </div>
  );
}
