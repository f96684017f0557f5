/**
 * The district-wide queue: one list per age, ordered as the district server
 * orders it, as the console's queue screen shows it. Filters by office,
 * kindergarten and age and a search by IIN, name or journal number are the
 * server's (positions and totals stay district-wide; the filter goes in a
 * POST body, so a searched IIN or name is never in a URL). The server answers
 * a page of the rows found at a time (QueuePager); a new filter starts at the
 * first. The same list, whole, is printed (PDF) or exported (XLSX, CSV) as of
 * now, saved as the desk saves its papers.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISTRICT_QUEUE_PAGE, formatOfficialDate, formatOfficialDateTime } from '../../../shared';
import { savePdf, saveFile } from '../../print';
import { desk } from '../deskClient';
import { Empty, Loading } from '../components/Notice';
import { bi, tableDateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';
import { useDistrictRefs, useRemote } from './common';
import { QueuePager } from './QueuePager';
import { NO_QUEUE_FILTER, QueueFilters, queueQuery, type QueueFilterValue } from './QueueFilters';
import { hrefFor } from '../router';

export function QueueTab() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { offices, officeName, kindergartenName } = useDistrictRefs();
  const kgs = useLoad(() => desk.kindergartens(), []);
  const [filters, setFilters] = useState<QueueFilterValue>(NO_QUEUE_FILTER);
  const [offset, setOffset] = useState(0);
  // Another filter is another list: back to its first page.
  const narrow = (v: QueueFilterValue) => {
    setFilters(v);
    setOffset(0);
  };
  const filter = queueQuery(filters);
  const q = useRemote(
    () => sync.district.queue({ ...filter, limit: DISTRICT_QUEUE_PAGE.default, offset }),
    [filters.office, filters.kindergarten, filters.age, filters.search, offset],
  );
  const files = useAction();
  async function file(ext: 'pdf' | 'xlsx' | 'csv') {
    await files.run(async () => {
      const blob = await sync.district.queueFile(ext, { ...filter, lang }).catch((e: unknown) => {
        throw syncProblem(e);
      });
      const name = `district-queue-${(q.data?.asOf ?? new Date().toISOString()).slice(0, 10)}-${lang}.${ext}`;
      await (ext === 'pdf' ? savePdf(blob, name) : saveFile(blob, name));
    });
  }
  const categories = new Map(
    desk.catalog().flatMap((e) => e.priorityCategories.map((c) => [c.code, bi(c.name, lang)] as const)),
  );

  return (
    <section data-testid="district-queue">
      <div className="toolbar">
        <QueueFilters
          value={filters}
          onChange={narrow}
          offices={offices.map((o) => ({ value: o.id, label: bi(o.name, lang) }))}
          kindergartens={(kgs.data ?? []).map((k) => ({ value: k.id, label: kindergartenName(k.id) }))}
          testid="district-queue"
        />
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
      <div className="toolbar">
        <span className="small muted">{t('console.queue.asOfNow')}</span>
        {(['pdf', 'xlsx', 'csv'] as const).map((ext) => (
          <button
            key={ext}
            type="button"
            className="btn btn--small"
            disabled={files.busy || !q.data}
            onClick={() => void file(ext)}
            data-testid={`district-queue-file-${ext}`}
          >
            {t(`console.queue.file.${ext}`)}
          </button>
        ))}
        {q.data && <span className="muted small">{t('district.asOf', { when: tableDateTime(q.data.asOf) })}</span>}
      </div>
      <SyncErrorBox problem={files.error} testid="district-queue-file-error" />
      <SyncErrorBox problem={q.error} testid="district-load-error" />
      {q.data && <QueuePager page={q.data} onPage={setOffset} busy={q.loading} />}
      {!q.data ? (
        q.loading ? (
          <Loading />
        ) : null
      ) : q.data.matched === 0 ? (
        <Empty>{q.data.groups.length === 0 ? t('district.queueEmpty') : t('district.queueNoneFound')}</Empty>
      ) : (
        q.data.groups
          .filter((g) => g.items.length > 0)
          .map((g) => (
            <div key={g.age} className="panel" data-testid="queue-group" data-age={g.age}>
              <h2>
                {t('district.ageGroup', { count: g.age })}{' '}
                <span className="count" data-testid="queue-group-total">
                  {g.matched === g.total ? g.total : t('district.queueMatched', { matched: g.matched, total: g.total })}
                </span>
              </h2>
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
                      <th>{t('queue.kindergartens')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.items.map((i) => (
                      <tr
                        key={i.applicationId}
                        data-testid="district-queue-row"
                        data-id={i.applicationId}
                        data-office={i.officeId}
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
                        {/* Dates alone in their cells, as papers write them (and the list's PDF and XLSX). */}
                        <td className="nowrap">{formatOfficialDate(i.birthDate, lang)}</td>
                        <td>
                          {i.priority ? (
                            <span className="badge badge--priority" title={categories.get(i.priority) ?? i.priority}>
                              {categories.get(i.priority) ?? i.priority}
                            </span>
                          ) : (
                            ''
                          )}
                        </td>
                        <td className="nowrap">{formatOfficialDateTime(i.acceptedAt, lang)}</td>
                        <td className="small">{i.kindergartenIds.map(kindergartenName).join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))
      )}
    </section>
  );
}
