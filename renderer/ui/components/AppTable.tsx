import { useTranslation } from 'react-i18next';
import type { Application } from '../../../shared';
import { hrefFor } from '../router';
import { iinDisplay, personName, tableDate, tableDateTime } from '../format';
import { useSession } from '../session';
import { DueBadge, QueueBadge, StatusBadge } from './Badges';
import { Empty } from './Notice';

/** Applications as the lists show them; the journal number links to the application page. */
export function AppTable({ items, testid, compact }: { items: Application[]; testid?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!items.length) return <Empty />;
  if (compact) {
    return (
      <div className="table-wrap">
        <table className="table table--compact" data-testid={testid}>
          <thead>
            <tr><th>{t('app.journalNo')}</th><th>{t('app.child')}</th><th>{t('app.status')}</th><th>{t('app.dueAt')}</th></tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-testid="app-row" data-id={a.id}>
                <td className="nowrap"><a href={hrefFor({ name: 'application', id: a.id })} data-testid="app-link">{a.journalNo}</a></td>
                <td>{personName(a.child)} <span className="muted small nowrap">{tableDate(a.child.birthDate)}</span></td>
                <td><StatusBadge status={a.status} /></td>
                <td><span className="nowrap">{tableDateTime(a.dueAt, session.office)}</span> <DueBadge app={a} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testid}>
        <thead>
          <tr>
            <th>{t('app.journalNo')}</th>
            <th>{t('app.registered')}</th>
            <th>{t('app.child')}</th>
            <th>{t('app.childIin')}</th>
            <th>{t('app.birthDate')}</th>
            <th>{t('app.applicant')}</th>
            <th>{t('app.status')}</th>
            <th>{t('app.dueAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-testid="app-row" data-id={a.id}>
              <td className="nowrap"><a href={hrefFor({ name: 'application', id: a.id })} data-testid="app-link">{a.journalNo}</a></td>
              <td>{tableDate(a.acceptedAt, session.office)}</td>
              <td>{personName(a.child)}</td>
              <td className="mono nowrap">{iinDisplay(a.child.iin)}</td>
              <td>{tableDate(a.child.birthDate)}</td>
              <td>{personName(a.applicant)}</td>
              <td><StatusBadge status={a.status} /> <QueueBadge state={a.queueState} /></td>
              <td><span className="nowrap">{tableDateTime(a.dueAt, session.office)}</span> <DueBadge app={a} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
