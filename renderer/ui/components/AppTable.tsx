import { useTranslation } from 'react-i18next';
import { subjectOf, type Application } from '../../../shared';
import { desk } from '../deskClient';
import { useLoad } from '../hooks';
import { hrefFor } from '../router';
import { iinDisplay, personName, tableDate, tableDateTime } from '../format';
import { useSession } from '../session';
import { DueBadge, QueueBadge, StatusBadge } from './Badges';
import { Empty } from './Notice';
import { SubjectName } from './Subject';

/** The settlement a mobile centre took each application in (absent for the rest). */
function useSettlements(items: Application[]): Record<string, string> {
  const ids = items.map((a) => a.id);
  const loaded = useLoad(() => (ids.length ? desk.settlementsOf(ids) : Promise.resolve({})), [ids.join(',')]);
  return loaded.data ?? {};
}

function Settlement({ name }: { name?: string }) {
  const { t } = useTranslation();
  if (!name) return null;
  return (
    <div className="muted small" data-testid="app-settlement" title={t('mobile.settlement')}>
      {name}
    </div>
  );
}

/**
 * Applications as the lists show them; the journal number links to the
 * application page. The subject column names the child, or the applicant for
 * services about the applicant; a mobile centre's applications show their settlement.
 */
export function AppTable({ items, testid, compact }: { items: Application[]; testid?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const settlements = useSettlements(items);
  if (!items.length) return <Empty />;
  if (compact) {
    return (
      <div className="table-wrap">
        <table className="table table--compact" data-testid={testid}>
          <thead>
            <tr>
              <th>{t('app.journalNo')}</th>
              <th>{t('app.subject')}</th>
              <th>{t('app.status')}</th>
              <th>{t('app.dueAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-testid="app-row" data-id={a.id}>
                <td className="nowrap">
                  <a href={hrefFor({ name: 'application', id: a.id })} data-testid="app-link">
                    {a.journalNo}
                  </a>
                  <Settlement name={a.settlement ?? settlements[a.id]} />
                </td>
                <td>
                  <SubjectName app={a} />
                  {a.child && (
                    <>
                      {' '}
                      <span className="muted small nowrap">{tableDate(a.child.birthDate)}</span>
                    </>
                  )}
                </td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>
                  <span className="nowrap">{tableDateTime(a.dueAt, session.office)}</span> <DueBadge app={a} />
                </td>
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
            <th>{t('app.subject')}</th>
            <th>{t('app.subjectIin')}</th>
            <th>{t('app.birthDate')}</th>
            <th>{t('app.applicant')}</th>
            <th>{t('app.status')}</th>
            <th>{t('app.dueAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-testid="app-row" data-id={a.id}>
              <td className="nowrap">
                <a href={hrefFor({ name: 'application', id: a.id })} data-testid="app-link">
                  {a.journalNo}
                </a>
              </td>
              <td>
                {tableDate(a.acceptedAt, session.office)}
                <Settlement name={a.settlement ?? settlements[a.id]} />
              </td>
              <td data-testid="app-subject">
                <SubjectName app={a} />
              </td>
              <td className="mono nowrap">{iinDisplay(subjectOf(a).iin)}</td>
              <td>{tableDate(a.child?.birthDate)}</td>
              <td>{personName(a.applicant)}</td>
              <td>
                <StatusBadge status={a.status} /> <QueueBadge state={a.queueState} />
              </td>
              <td>
                <span className="nowrap">{tableDateTime(a.dueAt, session.office)}</span> <DueBadge app={a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
