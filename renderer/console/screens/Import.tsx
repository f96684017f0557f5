/**
 * Bulk import of offices, settlements, staff and kindergartens from the XLSX
 * template: a preview with every row's errors first; apply only when there
 * are none (the server applies the whole file or nothing, and the same file
 * twice changes nothing). New accounts' one-time passwords are shown once.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../shared';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Note, download, useAction } from '../ui';

const SHEETS = ['offices', 'settlements', 'staff', 'kindergartens'] as const;

export function ImportScreen() {
  const { t, i18n } = useTranslation();
  const may = useMayChange('import');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const act = useAction();

  const errorLine = (code: string, params?: Record<string, string | number>) =>
    i18n.exists(`errors:${code}`) ? t(`errors:${code}`, params ?? {}) : code;

  async function template() {
    const blob = await act.run(() => consoleApi.importTemplate());
    if (blob) download(blob, 'akimat-district-import.xlsx');
  }
  async function preview() {
    if (!file) return;
    setReport(null);
    const r = await act.run(() => consoleApi.importPreview(file));
    if (r) setReport(r);
  }
  async function apply() {
    if (!file) return;
    const r = await act.run(() => consoleApi.importApply(file));
    if (r) setReport(r);
  }

  return (
    <section data-testid="console-import">
      <h2>{t('console.nav.import')}</h2>
      <p className="muted">{t('console.import.text')}</p>
      <div className="toolbar">
        <button
          type="button"
          className="btn"
          disabled={act.busy}
          onClick={() => void template()}
          data-testid="import-template"
        >
          {t('console.import.template')}
        </button>
        <label className="file-pick">
          <span className="sr-only">{t('console.import.choose')}</span>
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
            }}
            data-testid="import-file"
          />
        </label>
        <button
          type="button"
          className="btn btn--primary"
          disabled={!file || act.busy || !may}
          onClick={() => void preview()}
          data-testid="import-preview"
        >
          {t('console.import.preview')}
        </button>
      </div>
      <ErrorNote error={act.error} testid="import-error" />
      {report && (
        <div
          className="panel"
          data-testid="import-report"
          data-applied={String(report.applied)}
          data-errors={report.errors.length}
        >
          {report.applied ? (
            <Note kind="ok" testid="import-applied">
              {t('console.import.applied')}
            </Note>
          ) : report.errors.length ? (
            <Note kind="error" testid="import-has-errors">
              {t('console.import.hasErrors', { count: report.errors.length })}
            </Note>
          ) : (
            <Note kind="info">{t('console.import.ready')}</Note>
          )}
          <table className="table table--compact" data-testid="import-counts">
            <thead>
              <tr>
                <th />
                <th>{t('console.import.create')}</th>
                <th>{t('console.import.update')}</th>
                <th>{t('console.import.unchanged')}</th>
              </tr>
            </thead>
            <tbody>
              {SHEETS.map((s) => (
                <tr key={s} data-testid={`import-count-${s}`}>
                  <td>{t(`console.import.sheet.${s}`)}</td>
                  <td className="num">{report[s].create}</td>
                  <td className="num">{report[s].update}</td>
                  <td className="num">{report[s].unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.errors.length > 0 && (
            <table className="table table--compact" data-testid="import-errors">
              <thead>
                <tr>
                  <th>{t('console.import.sheetCol')}</th>
                  <th>{t('console.import.row')}</th>
                  <th>{t('console.import.column')}</th>
                  <th>{t('console.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i} data-testid="import-error-row">
                    <td>{t(`console.import.sheet.${e.sheet}`)}</td>
                    <td className="num">{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{errorLine(e.code, e.params)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!report.applied && report.errors.length === 0 && may && (
            <button
              type="button"
              className="btn btn--primary"
              disabled={act.busy}
              onClick={() => void apply()}
              data-testid="import-apply"
            >
              {t('console.import.apply')}
            </button>
          )}
          {report.applied && report.oneTimePasswords.length > 0 && (
            <div className="notice notice--warn" data-testid="import-passwords">
              <div>{t('console.import.passwords')}</div>
              <table className="table table--compact">
                <tbody>
                  {report.oneTimePasswords.map((p) => (
                    <tr key={`${p.officeCode}/${p.login}`}>
                      <td className="mono">{p.officeCode}</td>
                      <td className="mono">{p.login}</td>
                      <td className="mono">{p.password}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="small">{t('console.staff.oneTimeOnce')}</div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
