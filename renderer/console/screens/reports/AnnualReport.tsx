/**
 * The annual report in the structure of seed 004 (issue #14): services by
 * channel, the table of services, the most demanded, complaints, internal
 * control, and the narrative sections the district writes (AnnualTexts);
 * printed as the official PDF in kk or ru and exported as XLSX, both with the
 * saved sections in the seed's order; narrowed to an office, both are that
 * office's report, which leaves the district's sections to the district's.
 */
import { useTranslation } from 'react-i18next';
import { annualReportTables, type ReportContext } from '../../../../shared';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Loading, download, useAction, useData, when } from '../../ui';
import { PaperButtons } from './PaperButtons';
import { AnnualTexts } from './AnnualTexts';
import { ReportTable } from '../../../charts/ReportTable';
import { fileName, langOf, scopeOf, type ReportFilters } from './common';
import { printAnnual } from '../../../charts/reportPrint';

export function AnnualReport({ filters, ctx }: { filters: ReportFilters; ctx: ReportContext | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const scope = scopeOf(filters);
  const report = useData(() => reportsApi.annual(filters.year, scope), [filters.year, scope.office, scope.service]);
  const texts = useData(() => reportsApi.texts(filters.year), [filters.year]);
  const action = useAction();
  const r = report.data;
  if (!r || !ctx || !texts.data)
    return report.loading || texts.loading || !ctx ? <Loading /> : <ErrorNote error={report.error ?? texts.error} />;
  const saved = texts.data;
  const tables = annualReportTables({ data: r.data, services: ctx.services });
  const d = r.data.delivered;
  return (
    <div data-testid="report-annual" data-loading={report.loading ? 'true' : 'false'}>
      <div className="toolbar">
        <PaperButtons
          busy={action.busy}
          testid="annual"
          onPdf={(l) =>
            void action.run(() =>
              printAnnual(r, ctx, l, scope.office ? { officeId: scope.office } : { texts: saved.texts }),
            )
          }
          onXlsx={() =>
            void action.run(async () =>
              download(
                await reportsApi.annualExport(r.year, lang, scope),
                fileName('annual-report', String(r.year), lang, 'xlsx'),
              ),
            )
          }
        />
      </div>
      <ErrorNote error={action.error} />
      <p className="small muted" data-testid="report-as-of">
        {r.closed ? t('console.reports.closedPeriod') : t('district.asOf', { when: when(r.asOf) })}
      </p>
      <p data-testid="annual-summary">
        {t('console.reports.annualSummary', {
          year: r.year,
          total: d.total,
          provider: d.provider,
          stateCorporation: d.stateCorporation,
          portal: d.portal,
        })}
      </p>
      <AnnualTexts key={saved.year} saved={saved} lang={lang} onSaved={texts.reload} />
      {r.data.lateArrivals > 0 && (
        <p className="small" data-testid="annual-late">
          {t('console.reports.lateArrivals', { n: r.data.lateArrivals })}
        </p>
      )}
      <ReportTable table={tables.delivered} lang={lang} testid="annual-delivered" />
      <ReportTable table={tables.mostDemanded} lang={lang} testid="annual-most-demanded" />
      <ReportTable table={tables.control} lang={lang} testid="annual-control" />
      <ReportTable table={tables.complaints} lang={lang} testid="annual-complaints" />
      <ReportTable table={tables.byMonth} lang={lang} testid="annual-by-month" />
      <ReportTable table={tables.services} lang={lang} testid="annual-services" />
    </div>
  );
}
