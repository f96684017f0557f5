/**
 * The line under the head: registered, due, the place in the queue (the
 * district's as of the last sync, or this office's), the paper language, the
 * service, and the settlement a mobile centre took the application in.
 */
import { useTranslation } from 'react-i18next';
import type { Application, ServiceEntry } from '../../../../shared';
import { desk } from '../../deskClient';
import { bi, tableDateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import type { QueuePlace } from '../../sync/queuePlace';
import { QueuePlaceText } from './QueuePlace';

export function SummaryBar({ app, entry, place }: { app: Application; entry: ServiceEntry; place: QueuePlace }) {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const office = session.office;
  return (
    <div className="summary-bar">
      <span>
        <span className="muted">{t('app.registered')}:</span>{' '}
        <b data-testid="app-registered">{tableDateTime(app.acceptedAt, office)}</b>
      </span>
      <span>
        <span className="muted">{t('app.dueAt')}:</span> <b data-testid="app-due">{tableDateTime(app.dueAt, office)}</b>
      </span>
      <span>
        <span className="muted">{t('app.queuePosition')}:</span> <QueuePlaceText place={place} />
      </span>
      <span>
        <span className="muted">{t('app.paperLang')}:</span> <b>{t(`lang.${app.lang}`)}</b>
      </span>
      <span className="muted small">{bi(entry.name, lang)}</span>
      <AppSettlement id={app.id} />
    </div>
  );
}

/** The settlement a mobile centre took the application in, if it did. */
function AppSettlement({ id }: { id: string }) {
  const { t } = useTranslation();
  const place = useLoad(() => desk.settlementsOf([id]), [id]).data?.[id];
  if (!place) return null;
  return (
    <span>
      <span className="muted">{t('mobile.settlement')}:</span> <b data-testid="app-settlement">{place}</b>
    </span>
  );
}
