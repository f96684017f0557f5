/**
 * The district's dashboard (issue #14): services by month (by seed 004's
 * channels), by office, by service, by channel; on-time share by office; the
 * preschool queue by age and by kindergarten; complaints. Each chart is also a
 * table, and every bar, slice, cell and card opens what it counts
 * (ChartSpec.target): the applications (a kindergarten's referrals too), the
 * complaints, a kindergarten's groups with their free places, or the district
 * queue narrowed to the age group or kindergarten. The charts are the ECharts options
 * the PDF embeds.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  byChannelChart,
  byMonthChart,
  byOfficeChart,
  byServiceChart,
  complaintsChart,
  dashboardCards,
  onTimeByOfficeChart,
  percentText,
  queueChart,
  type ChartSpec,
  type ChartTarget,
  type DashboardCard,
  type ReportContext,
} from '../../../../shared';
import { Chart } from '../../../charts/Chart';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Loading, useData, when } from '../../ui';
import { ReportTable } from '../../../charts/ReportTable';
import { langOf, namesOf, rangeOf, scopeOf, type ReportFilters } from './common';

const CARD_LABEL: Record<DashboardCard['id'], string> = {
  delivered: 'console.reports.measure.delivered',
  accepted: 'console.reports.measure.accepted',
  onTime: 'console.reports.onTimeShare',
  overdue: 'console.reports.measure.overdue',
  refusals: 'console.reports.measure.refusals',
  complaintsOpen: 'console.reports.complaintsOpen',
};

const cardValue = (c: DashboardCard) =>
  c.id === 'onTime' ? percentText(c.value) : c.second === undefined ? String(c.value) : `${c.value} / ${c.second}`;

function ChartPanel({
  spec,
  id,
  title,
  onOpen,
}: {
  spec: ChartSpec;
  id: string;
  title: string;
  onOpen: (t: ChartTarget) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [asTable, setAsTable] = useState(false);
  const open = (target: ChartTarget | undefined) => {
    if (target) onOpen(target);
  };
  return (
    <div className="panel report-chart" data-testid={`chart-${id}`}>
      <div className="toolbar">
        <h3>{title}</h3>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => setAsTable(!asTable)}
          aria-pressed={asTable}
          data-testid={`chart-${id}-as-table`}
        >
          {asTable ? t('console.reports.asChart') : t('console.reports.asTable')}
        </button>
      </div>
      {asTable ? (
        <ReportTable
          table={spec.table}
          lang={lang}
          testid={`chart-${id}-table`}
          onCell={(row, col) => open(spec.cellTarget(row, col))}
        />
      ) : (
        <Chart
          option={spec.option}
          height={spec.height}
          label={title}
          onPick={(i, s) => open(spec.target(i, s))}
          testId={`chart-${id}-canvas`}
        />
      )}
    </div>
  );
}

export function Dashboard({
  filters,
  ctx,
  onOpen,
}: {
  filters: ReportFilters;
  ctx: ReportContext | undefined;
  /** A clicked figure: the applications, complaints or places it counts, or the queue narrowed to it. */
  onOpen: (t: ChartTarget) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { from, to } = rangeOf(filters);
  const scope = scopeOf(filters);
  const dash = useData(() => reportsApi.dashboard(from, to, scope), [from, to, scope.office, scope.service]);
  const names = namesOf(ctx);
  if (!dash.data) return dash.loading ? <Loading /> : <ErrorNote error={dash.error} />;
  const { data, queue } = dash.data;
  // By age the queue counts the children waiting only (queueChart).
  const ageRows = queue.byAge.map((r) => ({
    key: String(r.age),
    label: { kk: `${r.age} жас`, ru: `${r.age} лет` },
    waiting: r.waiting,
  }));
  const kgRows = queue.byKindergarten.map((k) => ({
    key: k.kindergartenId,
    label: { kk: `№${k.number}`, ru: `№${k.number}` },
    waiting: k.waiting,
    referralsIssued: k.referralsIssued,
    referralsExpired: k.referralsExpired,
    placesFree: k.placesFree,
  }));
  return (
    <div data-testid="report-dashboard" data-loading={dash.loading ? 'true' : 'false'}>
      <p className="small muted" data-testid="report-as-of">
        {dash.data.closed ? t('console.reports.closedPeriod') : t('district.asOf', { when: when(dash.data.asOf) })}
      </p>
      <div className="report-cards">
        {dashboardCards(data).map((c) => (
          <div key={c.id} className="report-card" data-testid={`report-card-${c.id}`}>
            <div className="small muted">{t(CARD_LABEL[c.id])}</div>
            <button
              type="button"
              className="linklike report-card-value"
              onClick={() => onOpen(c.target)}
              data-testid={`report-card-${c.id}-value`}
            >
              {cardValue(c)}
            </button>
          </div>
        ))}
      </div>
      <div className="report-grid">
        <ChartPanel
          id="by-month"
          title={t('console.reports.chart.byMonth')}
          spec={byMonthChart(data.deliveredByMonth, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="by-office"
          title={t('console.reports.chart.byOffice')}
          spec={byOfficeChart(data.byOffice, names.office, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="by-service"
          title={t('console.reports.chart.byService')}
          spec={byServiceChart(data.byService, names.service, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="by-channel"
          title={t('console.reports.chart.byChannel')}
          spec={byChannelChart(data.byChannel, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="on-time"
          title={t('console.reports.chart.onTime')}
          spec={onTimeByOfficeChart(data.byOffice, names.office, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="complaints"
          title={t('console.reports.chart.complaints')}
          spec={complaintsChart(data.complaints, lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="queue-age"
          title={t('console.reports.chart.queueAge')}
          spec={queueChart(ageRows, 'ageGroup', lang)}
          onOpen={onOpen}
        />
        <ChartPanel
          id="queue-kg"
          title={t('console.reports.chart.queueKg')}
          spec={queueChart(kgRows, 'kindergarten', lang)}
          onOpen={onOpen}
        />
      </div>
    </div>
  );
}
