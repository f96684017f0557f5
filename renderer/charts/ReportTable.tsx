/**
 * Any report table on screen: the same ExportTable the XLSX, the CSV and the
 * PDF are written from, so every chart is also a table and the figures read
 * alike everywhere. A numeric cell with a click-through opens the applications
 * it counts.
 */
import {
  cellText,
  formatTableDate,
  type ExportCell,
  type ExportColumn,
  type ExportTable,
  type Lang,
} from '../../shared';

const NONE = '—';
const decimal = (v: number) => v.toFixed(1).replace('.', ',');

export function cellShown(c: ExportColumn, v: ExportCell, lang: Lang): string {
  if (v === null || v === '') return c.type === 'text' ? '' : NONE;
  if (c.type === 'text' || typeof v !== 'number') {
    const s = cellText(v, lang);
    if (c.type === 'date') return formatTableDate(s);
    if (c.type === 'month') return `${s.slice(5, 7)}.${s.slice(0, 4)}`;
    return s;
  }
  if (c.type === 'percent') return `${decimal(v * 100)} %`;
  if (c.type === 'decimal') return decimal(v);
  return String(v);
}

export function ReportTable({
  table,
  lang,
  testid,
  onCell,
}: {
  table: ExportTable;
  lang: Lang;
  testid?: string;
  /** A click on a numeric cell: the row's index and the column's key (only where it counts applications). */
  onCell?: (rowIndex: number, key: string) => unknown;
}) {
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid={testid}>
        <caption className="small muted">{table.title[lang]}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} className={c.type === 'text' ? undefined : 'num'}>
                {c.title[lang]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c) => {
                const text = cellShown(c, r[c.key] ?? null, lang);
                const clickable = onCell && c.type === 'int' && typeof r[c.key] === 'number' && Number(r[c.key]) > 0;
                return (
                  <td key={c.key} className={c.type === 'text' ? undefined : 'num'} data-col={c.key}>
                    {clickable ? (
                      <button
                        type="button"
                        className="linklike"
                        onClick={() => onCell(i, c.key)}
                        data-testid={testid ? `${testid}-cell` : undefined}
                      >
                        {text}
                      </button>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
