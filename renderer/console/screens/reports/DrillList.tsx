/**
 * The applications behind a clicked figure (issue #14: every figure clicks
 * through): journal numbers, offices, services, dates and on-time, never names
 * or IINs; exportable as XLSX or CSV like any list. A figure that takes in counts
 * entered from outside the system says how much of it has no applications behind it.
 * A kindergarten's referrals issued or expired list the applications that hold them.
 */
import { useTranslation } from 'react-i18next';
import {
  APP_CHANNEL_LABEL,
  REPORT_CHANNEL_LABEL,
  applicationsExportTable,
  drillListRow,
  type BiText,
  type Drill,
  type ReportContext,
} from '../../../../shared';
import { reportsApi, type ExportFormat } from '../../reportsApi';
import { ErrorNote, Loading, download, useAction, useData } from '../../ui';
import { ReportTable } from '../../../charts/ReportTable';
import { fileName, langOf, namesOf, rangeOf, scopeOf, type ReportFilters } from './common';
import { ListHead } from './ListHead';

export function DrillList({
  filters,
  drill,
  about,
  ctx,
  onClose,
}: {
  filters: ReportFilters;
  drill: Drill;
  /** What the list is of where the drill's ids cannot say it (a kindergarten's number). */
  about?: BiText;
  ctx: ReportContext | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { from, to } = rangeOf(filters);
  const scope = scopeOf(filters);
  const list = useData(
    () => reportsApi.drill(from, to, scope, drill),
    [from, to, scope.office, scope.service, JSON.stringify(drill)],
  );
  const exporting = useAction();
  const names = namesOf(ctx);
  const table = list.data
    ? applicationsExportTable(list.data.rows.map(drillListRow), { office: names.office, service: names.service })
    : null;
  const what = [
    t(`console.reports.measure.${drill.measure}`),
    about?.[lang],
    drill.officeId && names.office(drill.officeId)?.[lang],
    drill.serviceCode && names.service(drill.serviceCode)?.[lang],
    drill.month,
    drill.via && (drill.via === 'provider' ? REPORT_CHANNEL_LABEL.provider : APP_CHANNEL_LABEL[drill.via])[lang],
  ]
    .filter(Boolean)
    .join(' · ');
  const save = (format: ExportFormat) =>
    exporting.run(async () =>
      download(
        await reportsApi.drillExport(format, from, to, scope, drill, lang),
        fileName('applications', `${from}_${to}`, lang, format),
      ),
    );
  return (
    <div className="panel" data-testid="report-drill" data-loading={list.loading ? 'true' : 'false'}>
      <ListHead
        title={`${t('console.reports.drillTitle')}: ${what}`}
        total={list.data?.total}
        busy={exporting.busy}
        testid="report-drill"
        onSave={(f) => void save(f)}
        onClose={onClose}
      />
      <ErrorNote error={list.error ?? exporting.error} />
      {list.data?.outside ? (
        <p className="small muted" data-testid="report-drill-outside">
          {t('console.reports.drillOutside', { n: list.data.outside })}
        </p>
      ) : null}
      {list.data && list.data.total > list.data.rows.length && (
        <p className="small muted">
          {t('search.shownOfTotal', { shown: list.data.rows.length, total: list.data.total })}
        </p>
      )}
      {table ? (
        <ReportTable table={table} lang={lang} testid="report-drill-table" />
      ) : list.loading ? (
        <Loading />
      ) : null}
    </div>
  );
}
