/** The district-wide queue: one list per age, ordered as the district server orders it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { Empty, Loading } from '../components/Notice';
import { bi, tableDate, tableDateTime } from '../format';
import { useSession } from '../session';
import { SyncErrorBox } from '../sync/text';
import { sync } from '../syncClient';
import { useDistrictRefs, useRemote } from './common';
import { hrefFor } from '../router';

export function QueueTab() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { offices, officeName } = useDistrictRefs();
  const q = useRemote(() => sync.district.queue(), []);
  const [office, setOffice] = useState('');
  const categories = new Map(
    desk.catalog().flatMap((e) => e.priorityCategories.map((c) => [c.code, bi(c.name, lang)] as const)),
  );

  return (
    <section data-testid="district-queue">
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('district.office')}</span>
          <select value={office} onChange={(e) => setOffice(e.target.value)} data-testid="district-queue-office">
            <option value="">{t('district.allOffices')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {bi(o.name, lang)}
              </option>
            ))}
          </select>
        </label>
        {q.data && <span className="muted small">{t('district.asOf', { when: tableDateTime(q.data.asOf) })}</span>}
        <button
          type="button"
          className="btn btn--small"
          onClick={q.reload}
          disabled={q.loading}
          data-testid="district-reload"
        >
          {t('district.reload')}
        </button>
      </div>
      <SyncErrorBox problem={q.error} testid="district-load-error" />
      {!q.data ? (
        q.loading ? (
          <Loading />
        ) : null
      ) : !q.data.groups.length ? (
        <Empty>{t('district.queueEmpty')}</Empty>
      ) : (
        q.data.groups.map((g) => {
          const items = office ? g.items.filter((i) => i.officeId === office) : g.items;
          return (
            <div key={g.age} className="panel" data-testid="queue-group" data-age={g.age}>
              <h2>
                {t('district.ageGroup', { count: g.age })} <span className="count">{g.total}</span>
              </h2>
              {!items.length ? (
                <Empty />
              ) : (
                <div className="table-wrap">
                  <table className="table table--compact">
                    <thead>
                      <tr>
                        <th className="num">{t('queue.position')}</th>
                        <th>{t('district.office')}</th>
                        <th>{t('app.journalNo')}</th>
                        <th>{t('app.child')}</th>
                        <th>{t('app.birthDate')}</th>
                        <th>{t('queue.priority')}</th>
                        <th>{t('app.registered')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((i) => (
                        <tr
                          key={i.applicationId}
                          data-testid="district-queue-row"
                          data-id={i.applicationId}
                          className={i.priority ? 'row--priority' : ''}
                        >
                          <td className="num">
                            <b>{i.position}</b>
                          </td>
                          <td>{officeName(i.officeId)}</td>
                          <td className="nowrap">
                            <a href={hrefFor({ name: 'application', id: i.applicationId })} data-testid="record-link">
                              {i.journalNo}
                            </a>
                          </td>
                          <td>{i.childName}</td>
                          <td className="nowrap">{tableDate(i.birthDate)}</td>
                          <td>
                            {i.priority ? (
                              <span className="badge badge--priority" title={categories.get(i.priority) ?? i.priority}>
                                {categories.get(i.priority) ?? i.priority}
                              </span>
                            ) : (
                              ''
                            )}
                          </td>
                          <td className="nowrap">{tableDate(i.acceptedAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}
