/**
 * Paging through the district queue (GET/POST /v1/district/queue answers one
 * page, DISTRICT_QUEUE_PAGE): which rows are shown of those found, and the
 * previous and next pages. The desk's district tab and the console's queue
 * screen both use it.
 */
import { useTranslation } from 'react-i18next';
import type { DistrictQueue } from '../../../shared';

export function QueuePager({
  page,
  onPage,
  busy,
}: {
  page: Pick<DistrictQueue, 'offset' | 'limit' | 'matched'>;
  onPage: (offset: number) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const { offset, limit, matched } = page;
  if (matched <= limit && offset === 0) return null;
  const from = Math.min(offset + 1, matched);
  const to = Math.min(offset + limit, matched);
  return (
    <div className="toolbar" data-testid="queue-pager" data-offset={offset} data-matched={matched}>
      <button
        type="button"
        className="btn btn--small"
        disabled={busy || offset === 0}
        onClick={() => onPage(Math.max(0, offset - limit))}
        data-testid="queue-prev"
      >
        {t('district.queuePrev')}
      </button>
      <span className="small" data-testid="queue-range">
        {t('district.queueRange', { from, to, matched })}
      </span>
      <button
        type="button"
        className="btn btn--small"
        disabled={busy || offset + limit >= matched}
        onClick={() => onPage(offset + limit)}
        data-testid="queue-next"
      >
        {t('district.queueNext')}
      </button>
    </div>
  );
}
