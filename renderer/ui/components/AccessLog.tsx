/**
 * Who opened, printed, exported or changed a child's record, newest first.
 * Collapsed by default: it answers "who looked at this?" when someone asks,
 * and should not push the workflow off the screen the rest of the time.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AccessEntry, Office } from '../../../shared';
import { tableDateTime } from '../format';

/** Details are a step id, "form:lang" for papers, or a workflow word ('enrolled', 'reopen'). */
function detailText(t: TFunction, detail: string | undefined): string {
  if (!detail) return '';
  const paper = /^([A-Za-z]+):(kk|ru)$/.exec(detail);
  if (paper) return `${t(`printForm.${paper[1]}`, { defaultValue: paper[1] })} (${t(`lang.short.${paper[2]}`)})`;
  return t(`step.${detail}`, { defaultValue: '' }) || t(`access.detail.${detail}`, { defaultValue: detail });
}

export function AccessLog({ entries, office }: { entries: AccessEntry[]; office: Pick<Office, 'utcOffsetMinutes'> }) {
  const { t } = useTranslation();
  const rows = [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <details className="panel access-log" data-testid="access-log">
      <summary>
        <span className="access-log-title">{t('access.title')}</span> <span className="count">{rows.length}</span>
        <span className="muted small access-log-hint">{t('access.hint')}</span>
      </summary>
      {rows.length === 0 ? (
        <div className="muted small">{t('access.empty')}</div>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th>{t('app.when')}</th>
              <th>{t('app.who')}</th>
              <th>{t('access.action')}</th>
              <th>{t('access.detailHead')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-testid="access-row" data-action={e.action}>
                <td className="nowrap">{tableDateTime(e.at, office)}</td>
                <td>{e.byName}</td>
                <td>{t(`access.actions.${e.action}`)}</td>
                <td>{detailText(t, e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
