/**
 * The quality and efficiency indicators (seed 000 Appendix 7): each with its
 * normative value and next year's target, which the district sets each year as
 * the Minister's order says (a specialist edits them here), and the current
 * value for the district and each office. PDF and XLSX.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorNorms, IndicatorRow, ReportContext } from '../../../../shared';
import { useMayChange } from '../../context';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Loading, Note, download, useAction, useData } from '../../ui';
import { PaperButtons } from './PaperButtons';
import { fileName, langOf, namesOf, scopeOf, type ReportFilters } from './common';
import { printIndicators } from '../../../charts/reportPrint';

const shown = (v: number | null, unit: string) =>
  v === null ? '—' : `${v.toFixed(1).replace('.', ',')}${unit === 'percent' ? ' %' : ''}`;
const parse = (s: string): number | null | 'bad' => {
  const t = s.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 1000 ? n : 'bad';
};

export function Indicators({ filters, ctx }: { filters: ReportFilters; ctx: ReportContext | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const scope = scopeOf(filters);
  const mayChange = useMayChange('reports');
  const report = useData(() => reportsApi.indicators(filters.year, scope), [filters.year, scope.office, scope.service]);
  const action = useAction();
  const [edits, setEdits] = useState<Record<string, { normative: string; target: string }>>({});
  const [saved, setSaved] = useState(false);
  const r = report.data;
  if (!r || !ctx) return report.loading || !ctx ? <Loading /> : <ErrorNote error={report.error} />;
  const names = namesOf(ctx);
  const offices = r.rows[0]?.byOffice.map((o) => o.officeId) ?? [];
  const valueOf = (code: string, which: 'normative' | 'target') => {
    const e = edits[code]?.[which];
    if (e !== undefined) return e;
    const row = r.rows.find((x) => x.code === code);
    const v = which === 'normative' ? row?.normativeValue : row?.target;
    return v === null || v === undefined ? '' : String(v).replace('.', ',');
  };
  const setValue = (code: string, which: 'normative' | 'target', v: string) => {
    setSaved(false);
    setEdits({
      ...edits,
      [code]: { normative: valueOf(code, 'normative'), target: valueOf(code, 'target'), [which]: v },
    });
  };
  const bad = r.rows.some(
    (x) => parse(valueOf(x.code, 'normative')) === 'bad' || parse(valueOf(x.code, 'target')) === 'bad',
  );
  async function save(year: number, rows: readonly IndicatorRow[]) {
    const norms: IndicatorNorms = {};
    for (const x of rows)
      norms[x.code] = {
        normative: parse(valueOf(x.code, 'normative')) as number | null,
        target: parse(valueOf(x.code, 'target')) as number | null,
      };
    await reportsApi.saveNorms(year, norms);
    setEdits({});
    setSaved(true);
    report.reload();
  }
  return (
    <div data-testid="report-indicators" data-loading={report.loading ? 'true' : 'false'}>
      <div className="toolbar">
        <PaperButtons
          busy={action.busy}
          testid="indicators"
          onPdf={(l) => void action.run(() => printIndicators(r, ctx, l, scope.office))}
          onXlsx={() =>
            void action.run(async () =>
              download(
                await reportsApi.indicatorsExport(r.year, lang, scope),
                fileName('indicators', String(r.year), lang, 'xlsx'),
              ),
            )
          }
        />
        {mayChange && (
          <button
            type="button"
            className="btn"
            disabled={action.busy || bad || Object.keys(edits).length === 0}
            onClick={() => void action.run(() => save(r.year, r.rows))}
            data-testid="indicators-save"
          >
            {t('console.reports.saveNorms', { year: r.year })}
          </button>
        )}
      </div>
      <ErrorNote error={action.error} />
      {saved && <Note kind="ok">{t('console.reports.normsSaved')}</Note>}
      {bad && <Note kind="error">{t('console.reports.normBad')}</Note>}
      <p className="small muted">{t('console.reports.normsText')}</p>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="indicators-table">
          <thead>
            <tr>
              <th>{t('console.reports.indicator')}</th>
              <th className="num">{t('console.reports.normative')}</th>
              <th className="num">{t('console.reports.target', { year: r.year + 1 })}</th>
              <th className="num">{t('console.reports.current', { year: r.year })}</th>
              {offices.map((id) => (
                <th key={id} className="num">
                  {names.office(id)?.[lang] ?? id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={x.code} data-code={x.code} data-testid="indicator-row">
                <td>
                  {x.name[lang]}
                  {x.unit === 'per100' && <span className="muted small"> ({t('console.reports.per100')})</span>}
                </td>
                {(['normative', 'target'] as const).map((which) => (
                  <td key={which} className="num">
                    {mayChange ? (
                      <input
                        className="input--narrow"
                        value={valueOf(x.code, which)}
                        onChange={(e) => setValue(x.code, which, e.target.value)}
                        inputMode="decimal"
                        aria-label={`${x.name[lang]}: ${which === 'normative' ? t('console.reports.normative') : t('console.reports.target', { year: r.year + 1 })}`}
                        data-testid={`indicator-${which}`}
                      />
                    ) : (
                      valueOf(x.code, which) || '—'
                    )}
                  </td>
                ))}
                <td className="num" data-testid="indicator-current">
                  {shown(x.current, x.unit)}
                </td>
                {x.byOffice.map((o) => (
                  <td key={o.officeId} className="num">
                    {shown(o.value, x.unit)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
