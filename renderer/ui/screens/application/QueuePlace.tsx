/**
 * The place in the queue and what it is counted among: the district's as of
 * the last sync on an enrolled computer (with its date), or this office's
 * (sync/queuePlace.ts decides which).
 */
import { useTranslation } from 'react-i18next';
import { tableDateTime } from '../../format';
import { useSession } from '../../session';
import type { QueuePlace } from '../../sync/queuePlace';

/** The number alone (`app-queue-position`), then what it counts among (`app-queue-scope`). */
export function QueuePlaceText({ place }: { place: QueuePlace }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const position = place.scope === 'district' || place.scope === 'office' ? place.position : null;
  return (
    <>
      <b data-testid="app-queue-position">{position ?? t('common.dash')}</b>
      {place.scope !== 'none' && (
        <span className="muted small" data-testid="app-queue-scope" data-scope={place.scope}>
          {' '}
          {place.scope === 'district'
            ? t('app.queueDistrict', {
                count: place.age,
                total: place.ofTotal,
                asOf: tableDateTime(place.asOf, session.office),
              })
            : t(`app.queue_${place.scope}`)}
        </span>
      )}
    </>
  );
}
