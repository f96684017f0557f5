import { useTranslation } from 'react-i18next';
import { queueEntries, type Application, type Kindergarten } from '../../../shared';
import { desk } from '../deskClient';
import { ErrorBox, Empty, Loading, Notice } from '../components/Notice';
import { bi, personName, tableDate } from '../format';
import { useAction, useLoad } from '../hooks';
import { hrefFor } from '../router';
import { useSession } from '../session';
import { canExpireReferrals } from '../roles';
import { useState } from 'react';

export function QueuePage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const [expired, setExpired] = useState<number | null>(null);
  const action = useAction();
  const data = useLoad(async () => {
    const [queue, kgs] = await Promise.all([desk.queue(), desk.kindergartens()]);
    return { queue, kgs: new Map(kgs.map((k) => [k.id, k] as [string, Kindergarten])) };
  }, []);
  // A child's first-turn category is named by the entry of its own queue.
  const queues = new Map(queueEntries(desk.catalog()).map((e) => [e.code, e]));
  const categoryName = (a: Application) =>
    a.priority
      ? bi(queues.get(a.serviceCode)?.priorityCategories.find((c) => c.code === a.priority)?.name, lang) || a.priority
      : '';

  async function checkExpired() {
    const n = await action.run(() => desk.expireReferrals());
    if (n !== undefined) {
      setExpired(n);
      data.reload();
    }
  }

  return (
    <div className="screen" data-testid="queue-page">
      <div className="screen-head">
        <h1>{t('queue.title')}</h1>
        <span className="muted">{t('queue.count', { count: data.data?.queue.length ?? 0 })}</span>
        {canExpireReferrals(session.staff.roles) && (
          <button
            type="button"
            className="btn"
            onClick={() => void checkExpired()}
            disabled={action.busy}
            data-testid="queue-expire"
          >
            {t('queue.checkExpired')}
          </button>
        )}
      </div>
      <p className="muted small">{t('queue.orderNote')}</p>
      <ErrorBox problem={data.error ?? action.error} />
      {expired !== null && (
        <Notice kind={expired ? 'warn' : 'ok'} testid="queue-expired-result">
          {t('queue.expiredResult', { count: expired })}
        </Notice>
      )}
      {!data.data ? (
        <Loading />
      ) : !data.data.queue.length ? (
        <Empty>{t('queue.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="queue-table">
            <thead>
              <tr>
                <th className="num">{t('queue.position')}</th>
                <th>{t('app.journalNo')}</th>
                <th>{t('app.child')}</th>
                <th>{t('app.birthDate')}</th>
                <th>{t('queue.priority')}</th>
                <th>{t('app.registered')}</th>
                <th>{t('queue.kindergartens')}</th>
                <th>{t('queue.marks')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.queue.map((a, i) => (
                <tr key={a.id} data-testid="queue-row" data-id={a.id} className={a.priority ? 'row--priority' : ''}>
                  <td className="num" data-testid="queue-position">
                    {i + 1}
                  </td>
                  <td>
                    <a href={hrefFor({ name: 'application', id: a.id })}>{a.journalNo}</a>
                  </td>
                  <td>{personName(a.child)}</td>
                  <td>{tableDate(a.child?.birthDate)}</td>
                  <td>
                    {a.priority ? (
                      <span className="badge badge--priority" title={categoryName(a)}>
                        {categoryName(a)}
                      </span>
                    ) : (
                      <span className="muted">{t('common.dash')}</span>
                    )}
                  </td>
                  <td data-testid="queue-registered">{tableDate(a.acceptedAt, session.office)}</td>
                  <td>
                    {a.kindergartenIds
                      .map((id) => data.data?.kgs.get(id)?.number)
                      .filter(Boolean)
                      .map((n) => `№${n}`)
                      .join(', ')}
                  </td>
                  <td>
                    {a.expiredReferrals.length > 0 && (
                      <span
                        className="badge badge--expired"
                        data-testid="queue-expired"
                        title={a.expiredReferrals.map((r) => `${r.referralNo} — ${tableDate(r.validUntil)}`).join('\n')}
                      >
                        {t('queue.referralExpired', {
                          date: tableDate(a.expiredReferrals[a.expiredReferrals.length - 1].validUntil),
                        })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
