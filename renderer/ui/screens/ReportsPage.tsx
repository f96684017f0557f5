/**
 * An office's own reports (issue #14), as the district counts them: the year's
 * services by channel, internal control and complaints, the quality
 * indicators, services by month; printed as the official PDF in kk or ru, and
 * downloaded as the files the district server makes (the annual report and
 * the indicators as XLSX, the year's pivot and a figure's applications as XLSX
 * or CSV), saved as the desk saves its papers. The figures come from the
 * district server (closed periods, counts entered from outside the system), so
 * they need the link: without one the page says so, and shows the figures
 * fetched last with the time they were fetched. Every figure of the
 * click-through opens the application on this laptop.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { annualReportTables, byMonthChart, localParts, type Drill, type Lang, type PivotDim } from '../../../shared';
import { Chart } from '../../charts/Chart';
import { ReportTable } from '../../charts/ReportTable';
import { fileName } from '../../charts/reportNames';
import { printAnnual, printIndicators } from '../../charts/reportPrint';
import { saveFile } from '../../print';
import { Loading, Notice } from '../components/Notice';
import type { Problem } from '../errors';
import { tableDate, tableDateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { hrefFor } from '../router';
import { useSession } from '../session';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';

/** The pivot the office downloads: its own services by month and channel (its office column would say one name). */
const PIVOT_DIMS: PivotDim[] = ['service', 'month', 'channel'];
type Format = 'xlsx' | 'csv';

function useReport<T>(load: () => Promise<T>, deps: unknown[]) {
  return useLoad(
    () =>
      load().catch((e: unknown) => {
        throw syncProblem(e);
      }),
    deps,
  );
}

/** No link to the district server (the network or a timeout), as opposed to a refusal. */
const noLink = (p: Problem | null) => p?.code === 'sync.network' || p?.code === 'sync.timeout';

/** Downloads one file at a time from the district server and saves it; the last saved name or failure is kept for display. */
function useFiles() {
  const action = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const save = (load: () => Promise<Blob | null>, name: string) =>
    void action.run(async () => {
      setSaved(null);
      let blob: Blob | null;
      try {
        blob = await load();
      } catch (e) {
        throw syncProblem(e);
      }
      if (!blob) return;
      await saveFile(blob, name);
      setSaved(name);
    });
  return { busy: action.busy, error: action.error, saved, save };
}

function FileButtons({
  formats,
  busy,
  testid,
  onSave,
}: {
  formats: Format[];
  busy: boolean;
  /** Prefix of the buttons' test ids: `${testid}-xlsx`, `${testid}-csv`. */
  testid: string;
  onSave: (f: Format) => void;
}) {
  return (
    <>
      {formats.map((f) => (
        <button
          key={f}
          type="button"
          className="btn btn--small"
          disabled={busy}
          onClick={() => onSave(f)}
          data-testid={`${testid}-${f}`}
        >
          {f.toUpperCase()}
        </button>
      ))}
    </>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { lang, session } = useSession();
  // This office's report: titled with its name, the district's narrative sections left to the district's report.
  const own = { officeId: session.office.id };
  const [today] = useState(() => localParts(new Date().toISOString()).date);
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [printing, setPrinting] = useState(false);
  const files = useFiles();
  const ctx = useReport(() => sync.reports.context(), []);
  const annual = useReport(() => sync.reports.annual(year), [year]);
  const indicators = useReport(() => sync.reports.indicators(year), [year]);
  const from = `${year}-01`;
  const to = `${year}-12`;
  const list = useReport(
    () => (drill ? sync.reports.drill(from, to, drill) : Promise.resolve(null)),
    [year, JSON.stringify(drill)],
  );
  // A failed reading keeps the last answer (useLoad): another year's figures are never shown under this one.
  const annualRead = annual.data?.value.year === year ? annual.data : undefined;
  const indicatorsRead = indicators.data?.value.year === year ? indicators.data : undefined;
  const a = annualRead?.value;
  const ind = indicatorsRead?.value;
  const c = ctx.data?.value;
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
      <section data-testid="reports-page" data-enrolled="false">
        <h1>{t('nav.reports')}</h1>
        <Notice kind="info" testid="reports-standalone">
          {t('desk.reports.standalone')}
        </Notice>
      </section>
    );
  // Shown from what this computer kept: the oldest of the readings on screen says how old the figures may be.
  const kept = [ctx.data, annualRead, indicatorsRead].flatMap((r) => (r?.cached ? [r.fetchedAt] : []));
  const fetchedAt = kept.length ? kept.sort()[0] : null;
  const readErrors = [ctx.error, annual.error, indicators.error];
  // Read neither now nor ever before on this computer.
  const missing = readErrors.some(noLink);
  // No link is said once, by the notice; a refusal by the server is shown as it is.
  const readError = readErrors.find((p) => p && !noLink(p)) ?? null;
  const tables = a && c ? annualReportTables({ data: a.data, services: c.services }) : null;
  const spec = a ? byMonthChart(a.data.byMonth, lang) : null;
  const busy = printing || files.busy;
  const xlsx = (what: string, load: (l: Lang) => Promise<Blob | null>) =>
    files.save(() => load(lang), fileName(what, String(year), lang, 'xlsx'));
  return (
    <section data-testid="reports-page" data-enrolled="true">
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
              disabled={busy}
              onClick={() => void print(() => printAnnual(a, c, 'kk', own))}
              data-testid="reports-annual-pdf-kk"
            >
              {t('console.reports.pdfKk')}
            </button>
            <button
              type="button"
              className="btn btn--small"
              disabled={busy}
              onClick={() => void print(() => printAnnual(a, c, 'ru', own))}
              data-testid="reports-annual-pdf-ru"
            >
              {t('console.reports.pdfRu')}
            </button>
            <FileButtons
              formats={['xlsx']}
              busy={busy}
              testid="reports-annual"
              onSave={() => xlsx('annual-report', (l) => sync.reports.annualFile(year, l))}
            />
          </>
        )}
      </div>
      <p className="muted small">{t('desk.reports.text')}</p>
      {(fetchedAt || missing) && (
        <Notice kind="warn" testid="reports-no-link">
          {t('desk.reports.noLink')}
          {fetchedAt && (
            <>
              {' '}
              <span data-testid="reports-fetched-at" data-at={fetchedAt}>
                {t('desk.reports.fetchedAt', { when: tableDateTime(fetchedAt) })}
              </span>
            </>
          )}
          {missing && (
            <>
              {' '}
              <span data-testid="reports-never-fetched">{t('desk.reports.neverFetched')}</span>
            </>
          )}
        </Notice>
      )}
      <SyncErrorBox problem={readError} testid="reports-error" />
      <SyncErrorBox problem={files.error} testid="reports-file-error" />
      {files.saved && (
        <Notice kind="ok" testid="reports-file-saved">
          {t('desk.reports.saved', { name: files.saved })}
        </Notice>
      )}
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
                <FileButtons
                  formats={['xlsx', 'csv']}
                  busy={busy}
                  testid="reports-drill"
                  onSave={(f) =>
                    files.save(
                      () => sync.reports.drillFile(f, from, to, drill, lang),
                      fileName('applications', `${from}_${to}`, lang, f),
                    )
                  }
                />
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
          <div className="panel" data-testid="reports-pivot">
            <div className="toolbar">
              <h2>{t('console.reports.pivot')}</h2>
              <FileButtons
                formats={['xlsx', 'csv']}
                busy={busy}
                testid="reports-pivot"
                onSave={(f) =>
                  files.save(
                    () => sync.reports.pivotFile(f, from, to, PIVOT_DIMS, lang),
                    fileName(`pivot-${PIVOT_DIMS.join('-')}`, `${from}_${to}`, lang, f),
                  )
                }
              />
            </div>
            <p className="small muted">
              {t('desk.reports.pivotText', { dims: PIVOT_DIMS.map((d) => t(`console.reports.dim.${d}`)).join(' × ') })}
            </p>
          </div>
        </>
      )}
      {ind && c && (
        <div className="panel" data-testid="reports-indicators">
          <div className="toolbar">
            <h2>{t('console.reports.tab.indicators')}</h2>
            <button
              type="button"
              className="btn btn--small"
              disabled={busy}
              onClick={() => void print(() => printIndicators(ind, c, lang, own.officeId))}
              data-testid="reports-indicators-pdf"
            >
              PDF
            </button>
            <FileButtons
              formats={['xlsx']}
              busy={busy}
              testid="reports-indicators"
              onSave={() => xlsx('indicators', (l) => sync.reports.indicatorsFile(year, l))}
            />
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
