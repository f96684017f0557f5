/**
 * The district's dashboard (issue #14): services by month (by seed 004's
 * channels), by office, by service, by channel; on-time share by office; the
 * preschool queue by age and by kindergarten; complaints. Each chart is also a
 * table, and every bar, slice and figure clicks through to the applications it
 * counts. The charts are the ECharts options the PDF embeds.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  byChannelChart,
  byMonthChart,
  byOfficeChart,
  byServiceChart,
  complaintsChart,
  DrillSchema,
  onTimeByOfficeChart,
  queueChart,
  type ChartSpec,
  type Drill,
  type ReportContext,
} from '../../../../shared';
import { Chart } from '../../../charts/Chart';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Loading, useData, when } from '../../ui';
import { ReportTable } from '../../../charts/ReportTable';
import { langOf, namesOf, rangeOf, scopeOf, type ReportFilters } from './common';

type Dim = 'month' | 'office' | 'service' | 'channel' | 'none';
const MEASURES = DrillSchema.shape.measure.options as readonly string[];

/** A table cell's click-through: the row's category (a month, an office...) and the column's measure. */
function cellDrill(dim: Dim, key: string | undefined, col: string): Drill | undefined {
  if (!key || dim === 'none') return undefined;
  const measure = (MEASURES.includes(col) ? col : 'delivered') as Drill['measure'];
  const d: Drill = { measure };
  if (dim === 'month') d.month = key;
  if (dim === 'office') d.officeId = key;
  if (dim === 'service') d.serviceCode = key;
  if (dim === 'channel') d.channel = key as Drill['channel'];
  // A month's column of a channel kept apart (State Corporation, portal) narrows the list to it.
  if (dim === 'month' && (col === 'stateCorporation' || col === 'portal')) d.channel = col;
  return d;
}

function ChartPanel({
  spec,
  dim,
  id,
  title,
  onDrill,
}: {
  spec: ChartSpec;
  dim: Dim;
  id: string;
  title: string;
  onDrill: (d: Drill) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [asTable, setAsTable] = useState(false);
  const pick = (i: number, s: number) => {
    const d = spec.pick(i, s);
    if (d) onDrill(d);
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
          onCell={(row, col) => {
            const d = cellDrill(dim, spec.keys[row], col);
            if (d) onDrill(d);
          }}
        />
      ) : (
        <Chart option={spec.option} height={spec.height} label={title} onPick={pick} testId={`chart-${id}-canvas`} />
      )}
    </div>
  );
}

export function Dashboard({
  filters,
  ctx,
  onDrill,
}: {
  filters: ReportFilters;
  ctx: ReportContext | undefined;
  onDrill: (d: Drill) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { from, to } = rangeOf(filters);
  const scope = scopeOf(filters);
  const dash = useData(() => reportsApi.dashboard(from, to, scope), [from, to, scope.office, scope.service]);
  const names = namesOf(ctx);
  if (!dash.data) return dash.loading ? <Loading /> : <ErrorNote error={dash.error} />;
  const { data, queue } = dash.data;
  const c = data.control;
  const ageRows = queue.byAge.map((r) => ({
    key: String(r.age),
    label: { kk: `${r.age} жас`, ru: `${r.age} лет` },
    waiting: r.waiting,
    referralsIssued: 0,
    referralsExpired: 0,
    placesFree: 0,
  }));
  const kgRows = queue.byKindergarten.map((k) => ({
    key: k.kindergartenId,
    label: { kk: `№${k.number}`, ru: `№${k.number}` },
    waiting: k.waiting,
    referralsIssued: k.referralsIssued,
    referralsExpired: k.referralsExpired,
    placesFree: k.placesFree,
  }));
  const card = (id: string, label: string, value: string, drill?: Drill) => (
    <div className="report-card" data-testid={`report-card-${id}`}>
      <div className="small muted">{label}</div>
      {drill ? (
        <button
          type="button"
          className="linklike report-card-value"
          onClick={() => onDrill(drill)}
          data-testid={`report-card-${id}-value`}
        >
          {value}
        </button>
      ) : (
        <div className="report-card-value" data-testid={`report-card-${id}-value`}>
          {value}
        </div>
      )}
    </div>
  );
  const delivered = data.byChannel.reduce((s, x) => s + x.delivered, 0);
  const accepted = data.byMonth.reduce((s, x) => s + x.accepted, 0);
  return (
    <div data-testid="report-dashboard" data-loading={dash.loading ? 'true' : 'false'}>
      <p className="small muted" data-testid="report-as-of">
        {dash.data.closed ? t('console.reports.closedPeriod') : t('district.asOf', { when: when(dash.data.asOf) })}
      </p>
      <div className="report-cards">
        {card('delivered', t('console.reports.measure.delivered'), String(delivered), { measure: 'delivered' })}
        {card('accepted', t('console.reports.measure.accepted'), String(accepted), { measure: 'accepted' })}
        {card(
          'onTime',
          t('console.reports.onTimeShare'),
          c.onTimeShare === null ? '—' : `${(c.onTimeShare * 100).toFixed(1).replace('.', ',')} %`,
          { measure: 'late' },
        )}
        {card('overdue', t('console.reports.measure.overdue'), String(c.overdueOpen), { measure: 'overdue' })}
        {card('refusals', t('console.reports.measure.refusals'), String(c.refusals), { measure: 'refusals' })}
        {card(
          'complaintsOpen',
          t('console.reports.complaintsOpen'),
          `${data.complaints.open} / ${data.complaints.overdueOpen}`,
        )}
      </div>
      <div className="report-grid">
        <ChartPanel
          id="by-month"
          dim="month"
          title={t('console.reports.chart.byMonth')}
          spec={byMonthChart(data.deliveredByMonth, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="by-office"
          dim="office"
          title={t('console.reports.chart.byOffice')}
          spec={byOfficeChart(data.byOffice, names.office, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="by-service"
          dim="service"
          title={t('console.reports.chart.byService')}
          spec={byServiceChart(data.byService, names.service, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="by-channel"
          dim="channel"
          title={t('console.reports.chart.byChannel')}
          spec={byChannelChart(data.byChannel, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="on-time"
          dim="office"
          title={t('console.reports.chart.onTime')}
          spec={onTimeByOfficeChart(data.byOffice, names.office, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="complaints"
          dim="none"
          title={t('console.reports.chart.complaints')}
          spec={complaintsChart(data.complaints, lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="queue-age"
          dim="none"
          title={t('console.reports.chart.queueAge')}
          spec={queueChart(ageRows, 'ageGroup', lang)}
          onDrill={onDrill}
        />
        <ChartPanel
          id="queue-kg"
          dim="none"
          title={t('console.reports.chart.queueKg')}
          spec={queueChart(kgRows, 'kindergarten', lang)}
          onDrill={onDrill}
        />
      </div>
    </div>
  );
}
