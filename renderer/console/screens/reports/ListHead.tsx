/**
 * The head of a list behind a clicked figure: what it lists with its total, the
 * list as XLSX or CSV (made by the server), and close; one download at a time.
 */
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../reportsApi';

export function ListHead({
  title,
  total,
  busy,
  testid,
  onSave,
  onClose,
}: {
  title: string;
  /** The list's length (the figure), once it has loaded. */
  total: number | undefined;
  busy: boolean;
  /** Prefix of the test ids: `${testid}-total`, `-xlsx`, `-csv`, `-close`. */
  testid: string;
  onSave: (format: ExportFormat) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="toolbar">
      <h3>
        {title}{' '}
        {total !== undefined && (
          <span className="count" data-testid={`${testid}-total`}>
            {total}
          </span>
        )}
      </h3>
      {(['xlsx', 'csv'] as const).map((f) => (
        <button
          key={f}
          type="button"
          className="btn btn--small"
          onClick={() => onSave(f)}
          disabled={busy}
          data-testid={`${testid}-${f}`}
        >
          {f.toUpperCase()}
        </button>
      ))}
      <button type="button" className="btn btn--small" onClick={onClose} data-testid={`${testid}-close`}>
        {t('console.reports.close')}
      </button>
    </div>
  );
}
