/**
 * The district's reports (issue #14): the dashboard, the annual report (seed
 * 004), the quality indicators (seed 000 Appendix 7), the pivot export, the
 * counts entered from outside the system and the close of periods. One set of
 * filters (year, month, office, service) serves every tab; a clicked figure
 * opens the applications or complaints it counts, or a kindergarten's groups
 * with their free places, below, or the district queue narrowed to an age group
 * or a kindergarten.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localParts, monthLabel, previousMonth, type ChartTarget, type PivotDim } from '../../../shared';
import { reportsApi, type ExportFormat } from '../reportsApi';
import { ErrorNote, Select, download, useAction, useData } from '../ui';
import { AnnualReport } from './reports/AnnualReport';
import { ComplaintList } from './reports/ComplaintList';
import { Dashboard } from './reports/Dashboard';
import { DrillList } from './reports/DrillList';
import { Indicators } from './reports/Indicators';
import { OutsideCounts } from './reports/OutsideCounts';
import { Periods } from './reports/Periods';
import { PlacesList } from './reports/PlacesList';
import { fileName, langOf, rangeOf, scopeOf, type ReportFilters } from './reports/common';
import { queueHash } from '../routes';

const TABS = ['dashboard', 'annual', 'indicators', 'outside', 'periods'] as const;
type Tab = (typeof TABS)[number];
const PIVOT_DIMS: PivotDim[] = ['office', 'service', 'month', 'channel'];

export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const ctx = useData(() => reportsApi.context(), []);
  const [today] = useState(() => localParts(new Date().toISOString()).date);
  const [tab, setTab] = useState<Tab>('dashboard');
  const [filters, setFilters] = useState<ReportFilters>(() => ({
    year: Number(today.slice(0, 4)),
    month: '',
    office: '',
    service: '',
  }));
  /** What a clicked figure opened below the filters: its applications, its complaints or a kindergarten's places. */
  const [open, setOpen] = useState<Exclude<ChartTarget, { kind: 'queue' }> | null>(null);
  const [dims, setDims] = useState<PivotDim[]>(PIVOT_DIMS);
  const exporting = useAction();
  const set = (patch: Partial<ReportFilters>) => {
    setFilters({ ...filters, ...patch });
    setOpen(null);
  };
  // The queue's figures are children waiting now: the district queue screen, narrowed the same way, lists them.
  const onOpen = (target: ChartTarget) => {
    if (target.kind === 'queue')
      location.hash = queueHash({
        age: target.age,
        kindergartenId: target.kindergartenId,
        officeId: filters.office || undefined,
      });
    else setOpen(target);
  };
  const thisYear = Number(today.slice(0, 4));
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const { from, to } = rangeOf(filters);
  const exportPivot = (format: ExportFormat) =>
    exporting.run(async () =>
      download(
        await reportsApi.pivotExport(format, from, to, dims, lang, scopeOf(filters)),
        fileName(`pivot-${dims.join('-')}`, `${from}_${to}`, lang, format),
      ),
    );
  return (
    <section data-testid="console-reports">
      <div className="toolbar">
        <h2>{t('console.nav.reports')}</h2>
      </div>
      <nav className="tabs tabs--sub" aria-label={t('console.nav.reports')}>
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            className={`tab${x === tab ? ' active' : ''}`}
            aria-current={x === tab ? 'page' : undefined}
            onClick={() => setTab(x)}
            data-testid={`reports-tab-${x}`}
          >
            {t(`console.reports.tab.${x}`)}
          </button>
        ))}
      </nav>
      {tab !== 'outside' && tab !== 'periods' && (
        <div className="toolbar report-filters">
          <Select
            label={t('console.reports.year')}
            value={String(filters.year)}
            onChange={(v) => set({ year: Number(v) })}
            options={years.map((y) => ({ value: String(y), label: String(y) }))}
            testid="report-year"
          />
          {tab === 'dashboard' && (
            <Select
              label={t('console.reports.month')}
              value={filters.month}
              onChange={(month) => set({ month })}
              options={[
                { value: '', label: t('console.reports.wholeYear') },
                ...Array.from({ length: 12 }, (_, i) => {
                  const m = String(i + 1).padStart(2, '0');
                  return { value: m, label: monthLabel(`${filters.year}-${m}`, lang) };
                }),
              ]}
              testid="report-month"
            />
          )}
          <Select
            label={t('console.field.office')}
            value={filters.office}
            onChange={(office) => set({ office })}
            options={[
              { value: '', label: t('console.allOffices') },
              ...(ctx.data?.offices ?? []).map((o) => ({ value: o.id, label: o.name[lang] })),
            ]}
            testid="report-office"
          />
          <Select
            label={t('console.reports.service')}
            value={filters.service}
            onChange={(service) => set({ service })}
            options={[
              { value: '', label: t('console.reports.allServices') },
              ...(ctx.data?.services ?? []).map((s) => ({ value: s.code, label: s.name[lang] })),
            ]}
            testid="report-service"
          />
        </div>
      )}
      <ErrorNote error={ctx.error ?? exporting.error} />
      {tab === 'dashboard' && (
        <>
          <div className="toolbar small" data-testid="pivot-export">
            <span>{t('console.reports.pivot')}:</span>
            {PIVOT_DIMS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={dims.includes(d)}
                  onChange={(e) =>
                    setDims(
                      e.target.checked
                        ? PIVOT_DIMS.filter((x) => x === d || dims.includes(x))
                        : dims.filter((x) => x !== d),
                    )
                  }
                  data-testid={`pivot-dim-${d}`}
                />{' '}
                {t(`console.reports.dim.${d}`)}
              </label>
            ))}
            <button
              type="button"
              className="btn btn--small"
              disabled={!dims.length || exporting.busy}
              onClick={() => void exportPivot('xlsx')}
              data-testid="pivot-xlsx"
            >
              XLSX
            </button>
            <button
              type="button"
              className="btn btn--small"
              disabled={!dims.length || exporting.busy}
              onClick={() => void exportPivot('csv')}
              data-testid="pivot-csv"
            >
              CSV
            </button>
          </div>
          {open?.kind === 'applications' && (
            <DrillList
              filters={filters}
              drill={open.drill}
              about={open.about}
              ctx={ctx.data}
              onClose={() => setOpen(null)}
            />
          )}
          {open?.kind === 'places' && (
            <PlacesList
              kindergartenId={open.kindergartenId}
              about={open.about}
              today={today}
              onClose={() => setOpen(null)}
            />
          )}
          {open?.kind === 'complaints' && (
            <ComplaintList filters={filters} drill={open.drill} ctx={ctx.data} onClose={() => setOpen(null)} />
          )}
          <Dashboard filters={filters} ctx={ctx.data} onOpen={onOpen} />
        </>
      )}
      {tab === 'annual' && <AnnualReport filters={filters} ctx={ctx.data} />}
      {tab === 'indicators' && <Indicators filters={filters} ctx={ctx.data} />}
      {tab === 'outside' && <OutsideCounts ctx={ctx.data} month={previousMonth(today.slice(0, 7))} />}
      {tab === 'periods' && <Periods ctx={ctx.data} reload={ctx.reload} month={previousMonth(today.slice(0, 7))} />}
    </section>
  );
}
