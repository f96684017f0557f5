/** Complaints past their deadline, listed on the desk beside the overdue applications. */
import { useTranslation } from 'react-i18next';
import { complaintCurrentDue } from '../../../shared';
import { desk } from '../deskClient';
import { go } from '../router';
import { tableDate } from '../format';
import { useLoad } from '../hooks';
import { useSession } from '../session';

export function OverdueComplaints() {
  const { t } = useTranslation();
  const { session } = useSession();
  const list = useLoad(() => desk.overdueComplaints(), []);
  const items = list.data ?? [];
  return (
    <>
      <h2 className="h-overdue">
        {t('complaints.overdueTitle')}{' '}
        <span className="count" data-testid="desk-overdue-complaints-count">
          {items.length}
        </span>
      </h2>
      {items.length > 0 && (
        <table className="table table--compact" data-testid="desk-overdue-complaints">
          <tbody>
            {items.map((c) => (
              <tr
                key={c.id}
                data-testid="overdue-complaint"
                onClick={() => go({ name: 'complaints' })}
                className="clickable"
              >
                <td className="mono">{c.incomingNo}</td>
                <td>{c.complainant.fullName}</td>
                <td>{t(`complaints.status.${c.status}`)}</td>
                <td className="nowrap">{tableDate(complaintCurrentDue(c), session.office)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** For a mobile centre: the settlement it works in now, chosen at the start of work. */
export function CurrentVisitBanner() {
  const { t } = useTranslation();
  const { session } = useSession();
  const cur = useLoad(
    () => (session.office.type === 'mobileCentre' ? desk.currentVisit() : Promise.resolve(null)),
    [session.office.type],
  );
  if (session.office.type !== 'mobileCentre' || cur.data === undefined) return null;
  return (
    <div className={`notice notice--${cur.data ? 'info' : 'warn'}`} data-testid="desk-current-visit">
      {cur.data ? t('mobile.workingIn', { settlement: cur.data.settlement }) : t('mobile.chooseFirst')}{' '}
      <a href="#/visits">{t('mobile.title')}</a>
    </div>
  );
}
