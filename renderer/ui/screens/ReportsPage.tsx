/**
 * An office's own reports (issue #14), as the district counts them: the year's
 * services by channel, internal control and complaints, the quality
 * indicators, services by month; printed as the official PDF in kk or ru. The
 * figures come from the district server (closed periods, counts entered from
 * outside the system), so they need the link; every figure of the click-through
 * opens the application on this laptop.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { annualReportTables, byMonthChart, localParts, type Drill } from '../../../shared';
import { Chart } from '../../charts/Chart';
import { ReportTable } from '../../charts/ReportTable';
import { printAnnual, printIndicators } from '../../charts/reportPrint';
import { Loading } from '../components/Notice';
import { tableDate, tableDateTime } from '../format';
import { useLoad } from '../hooks';
import { hrefFor } from '../router';
import { useSession } from '../session';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';

function useReport<T>(load: () => Promise<T>, deps: unknown[]) {
  return useLoad(
    () =>
      load().catch((e: unknown) => {
        throw syncProblem(e);
      }),
    deps,
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [today] = useState(() => localParts(new Date().toISOString()).date);
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [printing, setPrinting] = useState(false);
  const ctx = useReport(() => sync.reports.context(), []);
  const annual = useReport(() => sync.reports.annual(year), [year]);
  const indicators = useReport(() => sync.reports.indicators(year), [year]);
  const list = useReport(
    () => (drill ? sync.reports.drill(`${year}-01`, `${year}-12`, drill) : Promise.resolve(null)),
    [year, JSON.stringify(drill)],
  );
  const a = annual.data;
  const ind = indicators.data;
  const c = ctx.data;
  const print = async (fn: () => Promise<void>) => {
    setPrinting(true);
    try {
      await fn();
    } finally {
      setPrinting(false);
    }
  };
  if (ctx.data === null)
    return (
      <section data-testid="reports-page">
        <h1>{t('nav.reports')}</h1>
        <p className="muted">{t('desk.reports.standalone')}</p>
      </section>
    );
  const tables = a && c ? annualReportTables({ data: a.data, services: c.services }) : null;
  const spec = a ? byMonthChart(a.data.byMonth, lang) : null;
  return (
    <section data-testid="reports-page">
      <div className="toolbar">
        <h1>{t('nav.reports')}</h1>
        <label className="inline-field">
          <span>{t('console.reports.year')}</span>
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="reports-year">
            {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        {a && c && (
          <>
            <button
              type="button"
              className="btn btn--primary btn--small"
              disabled={printing}
              onClick={() => void print(() => printAnnual(a, c, 'kk'))}
              data-testid="reports-annual-pdf-kk"
            >
              {t('console.reports.pdfKk')}
            </button>
            <button
              type="button"
              className="btn btn--small"
              disabled={printing}
              onClick={() => void print(() => printAnnual(a, c, 'ru'))}
              data-testid="reports-annual-pdf-ru"
            >
              {t('console.reports.pdfRu')}
            </button>
          </>
        )}
      </div>
      <p className="muted small">{t('desk.reports.text')}</p>
      <SyncErrorBox problem={ctx.error ?? annual.error ?? indicators.error} testid="reports-error" />
      {!a || !tables ? (
        annual.loading || ctx.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <p className="small muted" data-testid="reports-as-of">
            {a.closed ? t('console.reports.closedPeriod') : t('district.asOf', { when: tableDateTime(a.asOf) })}
          </p>
          <p data-testid="reports-summary">
            {t('console.reports.annualSummary', {
              year: a.year,
              total: a.data.delivered.total,
              provider: a.data.delivered.provider,
              stateCorporation: a.data.delivered.stateCorporation,
              portal: a.data.delivered.portal,
            })}
          </p>
          {spec && (
            <div className="panel">
              <Chart
                option={spec.option}
                height={spec.height}
                label={t('console.reports.chart.byMonth')}
                onPick={(i, s) => setDrill(spec.pick(i, s) ?? null)}
                testId="reports-by-month"
              />
            </div>
          )}
          {drill && (
            <div className="panel" data-testid="reports-drill">
              <div className="toolbar">
                <h2>
                  {t('console.reports.drillTitle')}: {t(`console.reports.measure.${drill.measure}`)} {drill.month ?? ''}
                </h2>
                <button type="button" className="btn btn--small" onClick={() => setDrill(null)}>
                  {t('console.reports.close')}
                </button>
              </div>
              {list.loading && <Loading />}
              <SyncErrorBox problem={list.error} testid="reports-drill-error" />
              <ul className="plain-list">
                {(list.data?.rows ?? []).map((r) => (
                  <li key={r.id}>
                    <a href={hrefFor({ name: 'application', id: r.id })}>{r.journalNo}</a>{' '}
                    <span className="muted small">
                      {tableDate(r.acceptedAt)} → {r.readyAt ? tableDate(r.readyAt) : '—'}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ReportTable table={tables.delivered} lang={lang} testid="reports-delivered" />
          <ReportTable table={tables.control} lang={lang} testid="reports-control" />
          <ReportTable table={tables.complaints} lang={lang} testid="reports-complaints" />
        </>
      )}
      {ind && c && (
        <div className="panel" data-testid="reports-indicators">
          <div className="toolbar">
            <h2>{t('console.reports.tab.indicators')}</h2>
            <button
              type="button"
              className="btn btn--small"
              disabled={printing}
              onClick={() => void print(() => printIndicators(ind, c, lang))}
              data-testid="reports-indicators-pdf"
            >
              PDF
            </button>
          </div>
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('console.reports.indicator')}</th>
                <th className="num">{t('console.reports.normative')}</th>
                <th className="num">{t('console.reports.target', { year: ind.year + 1 })}</th>
                <th className="num">{t('console.reports.current', { year: ind.year })}</th>
              </tr>
            </thead>
            <tbody>
              {ind.rows.map((r) => (
                <tr key={r.code}>
                  <td>{r.name[lang]}</td>
                  <td className="num">{r.normativeValue ?? '—'}</td>
                  <td className="num">{r.target ?? '—'}</td>
                  <td className="num">{r.current === null ? '—' : r.current.toFixed(1).replace('.', ',')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
