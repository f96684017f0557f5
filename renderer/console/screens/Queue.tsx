/**
 * The district-wide preschool queue, read only: one table per age, in the
 * order the district server keeps (first-turn categories, then registration
 * time), as the desk's district tab shows it. Filters by office, kindergarten
 * and age and a search by IIN, name or journal number are the server's
 * (positions and totals stay district-wide); the filter goes in a POST body,
 * so a searched IIN or name is never in a URL. The server answers a page of
 * the rows found at a time (QueuePager); a new filter starts at the first.
 * The same list, whole, prints as a PDF and exports as XLSX or CSV "as of
 * now". The offices change applications; the district reads the queue here.
 * Its dates stand alone in their cells, so they read as on paper (and in its
 * PDF and XLSX): «15» қаңтар 2025 ж. / «15» января 2025 г.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_QUEUE_PAGE,
  builtInCatalog,
  formatOfficialDate,
  formatOfficialDateTime,
  type DistrictQueue,
  type Lang,
} from '../../../shared';
import { consoleApi } from '../api';
import { queueLinkOf } from '../routes';
import { ErrorNote, Loading, bi, download, useAction, useData, when } from '../ui';
import { QueuePager } from '../../ui/district/QueuePager';
import { QueueFilters, queueQuery, type QueueFilterValue } from '../../ui/district/QueueFilters';

export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  // A link from the reports opens the screen narrowed (#/queue?age=3, …?kindergartenId=…): its first state.
  const [link] = useState(() => queueLinkOf(window.location.hash));
  const [filters, setFilters] = useState<QueueFilterValue>(() => ({
    office: link.officeId ?? '',
    kindergarten: link.kindergartenId ?? '',
    age: link.age === undefined ? '' : String(link.age),
    search: '',
  }));
  const [offset, setOffset] = useState(0);
  // Another filter is another list: back to its first page.
  const narrow = (v: QueueFilterValue) => {
    setFilters(v);
    setOffset(0);
  };
  const filter = queueQuery(filters);
  const queue = useData(
    () => consoleApi.queue({ ...filter, limit: DISTRICT_QUEUE_PAGE.default, offset }),
    [filters.office, filters.kindergarten, filters.age, filters.search, offset],
  );
  const act = useAction();
  async function file(ext: 'pdf' | 'xlsx' | 'csv') {
    const blob = await act.run(() => consoleApi.queueFile(ext, { ...filter, lang }));
    if (blob) download(blob, `district-queue-${(queue.data?.asOf ?? '').slice(0, 10)}-${lang}.${ext}`);
  }
  const offices = useData(() => consoleApi.offices(), []);
  const kgs = useData(() => consoleApi.kindergartens(), []);
  // Category names from the district's catalog (the shipped one until it loads, or if it cannot).
  const catalog = useData(() => consoleApi.catalog(), []);
  const categories = new Map(
    (catalog.data ?? builtInCatalog).flatMap((e) =>
      e.priorityCategories.map((c) => [c.code, bi(c.name, lang)] as const),
    ),
  );
  const officeName = (id: string) => {
    const o = offices.data?.find((x) => x.id === id);
    return o ? bi(o.name, lang) : id;
  };
  const kgName = (id: string) => {
    const k = kgs.data?.find((x) => x.id === id);
    return k ? `№${k.number} ${bi(k.name, lang)}` : id;
  };
  const data: DistrictQueue | undefined = queue.data;

  return (
    <section data-testid="console-queue" data-loading={queue.loading ? 'true' : 'false'}>
      <div className="toolbar">
        <h2>{t('console.nav.queue')}</h2>
        <QueueFilters
          value={filters}
          onChange={narrow}
          offices={(offices.data ?? []).map((o) => ({ value: o.id, label: bi(o.name, lang) }))}
          kindergartens={(kgs.data ?? []).map((k) => ({ value: k.id, label: kgName(k.id) }))}
          testid="queue"
        />
        <button
          type="button"
          className="btn"
          onClick={queue.reload}
          disabled={queue.loading}
          data-testid="queue-reload"
        >
          {t('console.reload')}
        </button>
      </div>
      <div className="toolbar">
        <span className="small muted">{t('console.queue.asOfNow')}</span>
        {(['pdf', 'xlsx', 'csv'] as const).map((ext) => (
          <button
            key={ext}
            type="button"
            className="btn btn--small"
            disabled={act.busy || !queue.data}
            onClick={() => void file(ext)}
            data-testid={`queue-file-${ext}`}
          >
            {t(`console.queue.file.${ext}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={act.error} />
      <p className="small muted">{t('console.queue.text')}</p>
      {data && (
        <p className="small" data-testid="queue-as-of" data-as-of={data.asOf}>
          {t('district.asOf', { when: when(data.asOf) })}
        </p>
      )}
      <ErrorNote error={queue.error} />
      {data && <QueuePager page={data} onPage={setOffset} busy={queue.loading} />}
      {!data ? (
        queue.loading ? (
          <Loading />
        ) : null
      ) : data.matched === 0 ? (
        <div className="empty" data-testid="queue-empty">
          {data.groups.length === 0 ? t('district.queueEmpty') : t('district.queueNoneFound')}
        </div>
      ) : (
        data.groups
          .filter((g) => g.items.length > 0)
          .map((g) => {
            const items = g.items;
            return (
              <div key={g.age} className="panel" data-testid="queue-group" data-age={g.age}>
                <h3>
                  {t('district.ageGroup', { count: g.age })}{' '}
                  <span className="count" data-testid="queue-group-total">
                    {g.matched === g.total
                      ? g.total
                      : t('district.queueMatched', { matched: g.matched, total: g.total })}
                  </span>
                </h3>
                <div className="table-wrap">
                  <table className="table table--compact" data-testid="queue-table">
                    <thead>
                      <tr>
                        <th className="num">{t('queue.position')}</th>
                        <th>{t('console.field.office')}</th>
                        <th>{t('app.journalNo')}</th>
                        <th>{t('app.child')}</th>
                        <th>{t('console.queue.iin')}</th>
                        <th>{t('app.birthDate')}</th>
                        <th>{t('queue.priority')}</th>
                        <th>{t('app.registered')}</th>
                        <th>{t('queue.kindergartens')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((i) => (
                        <tr
                          key={i.applicationId}
                          className={i.priority ? 'row--priority' : undefined}
                          data-testid="queue-row"
                          data-id={i.applicationId}
                          data-office={i.officeId}
                        >
                          <td className="num">
                            <b>{i.position}</b>
                          </td>
                          <td>{officeName(i.officeId)}</td>
                          <td className="nowrap mono" data-testid="queue-journal-no">
                            {i.journalNo}
                          </td>
                          <td>{i.childName}</td>
                          <td className="nowrap mono">{i.childIin}</td>
                          <td className="nowrap" data-testid="queue-birth-date">
                            {formatOfficialDate(i.birthDate, lang)}
                          </td>
                          <td>
                            {i.priority && (
                              <span className="badge badge--priority" data-testid="queue-priority">
                                {categories.get(i.priority) ?? i.priority}
                              </span>
                            )}
                          </td>
                          <td className="nowrap" data-testid="queue-accepted-at">
                            {formatOfficialDateTime(i.acceptedAt, lang)}
                          </td>
                          <td className="small">{i.kindergartenIds.map(kgName).join('; ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            );
          })
      )}
    </section>
  );
}
