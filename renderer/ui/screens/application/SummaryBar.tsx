/**
 * The line under the head: registered, due, the place in the queue (the
 * district's as of the last sync, or this office's), the paper language, the
 * service, how the application came (with the settlement a mobile centre took
 * it in), and how long the applicant waited where the arrival was recorded.
 */
import { useTranslation } from 'react-i18next';
import {
  channelOf,
  localParts,
  waitNormMinutes,
  waitedMinutes,
  type Application,
  type ServiceEntry,
} from '../../../../shared';
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
        <DueGuess app={app} />
      </span>
      <span>
        <span className="muted">{t('app.queuePosition')}:</span> <QueuePlaceText place={place} />
      </span>
      <span>
        <span className="muted">{t('app.paperLang')}:</span> <b>{t(`lang.${app.lang}`)}</b>
      </span>
      <span className="muted small">{bi(entry.name, lang)}</span>
      <AppChannel app={app} />
      <AppSettlement app={app} />
      <AppWaited app={app} entry={entry} />
    </div>
  );
}

/**
 * A due date in a year the calendar does not cover is the holiday rules'
 * guess, without that year's Kurban Ait and transfers (K-03): said next to it.
 */
function DueGuess({ app }: { app: Pick<Application, 'acceptedAt' | 'dueAt'> }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [from, to] = desk.calendarYears();
  const year = +localParts(app.dueAt, session.office.utcOffsetMinutes).date.slice(0, 4);
  if (year >= from && year <= to) return null;
  return (
    <>
      {' '}
      <span className="badge badge--due-atRisk" data-testid="app-due-guess" data-year={year}>
        {t('calendarGap.due', { year })}
      </span>
    </>
  );
}

/** How the application came; a record saved before channels were recorded shows its office's usual one. */
function AppChannel({ app }: { app: Application }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const channel = channelOf(app, session.office.type);
  return (
    <span>
      <span className="muted">{t('app.channel')}:</span>{' '}
      <b data-testid="app-channel" data-channel={channel}>
        {t(`intake.channel.${channel}`)}
      </b>
    </span>
  );
}

/**
 * Minutes from the applicant's arrival to the acceptance, against the entry's
 * waiting norm for the channel (seed 000 §7), where the arrival was recorded.
 */
function AppWaited({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const minutes = waitedMinutes(app);
  if (minutes === undefined && !app.ticketNo) return null;
  const norm = waitNormMinutes(entry, channelOf(app, session.office.type));
  const over = minutes !== undefined && norm !== undefined && minutes > norm;
  return (
    <span>
      {minutes !== undefined && (
        <>
          <span className="muted">{t('app.waited')}:</span>{' '}
          <b data-testid="app-waited" data-minutes={minutes} data-over={over}>
            {t('app.waitedMinutes', { minutes })}
          </b>
          {norm !== undefined && <span className="muted small"> ({t('app.waitNorm', { norm })})</span>}
          {over && <span className="badge badge--err"> {t('app.overWaitNorm')}</span>}
        </>
      )}
      {app.ticketNo && (
        <span className="muted small" data-testid="app-ticket-no">
          {' '}
          {t('app.ticketNo', { no: app.ticketNo })}
        </span>
      )}
    </span>
  );
}

/** The settlement a mobile centre took the application in, if it did: its own, or (older records) its visit's. */
function AppSettlement({ app }: { app: Application }) {
  const { t } = useTranslation();
  const id = app.id;
  const visit = useLoad(
    () => (app.settlement ? Promise.resolve<Record<string, string>>({}) : desk.settlementsOf([id])),
    [id],
  ).data?.[id];
  const place = app.settlement ?? visit;
  if (!place) return null;
  return (
    <span>
      <span className="muted">{t('mobile.settlement')}:</span> <b data-testid="app-settlement">{place}</b>
    </span>
  );
}
