/**
 * The working-day calendar lacks a year the desk is about to count in (issue
 * #15, K-03): the year in force, or from December the next one. Terms, the
 * result's date on receipts and a referral's last day are then computed by the
 * holiday rules alone, without that year's Kurban Ait and transfers, so the
 * desk says it until the district (or, on a standalone desk, an update)
 * brings the year's calendar.
 */
import { useTranslation } from 'react-i18next';
import { calendarGap, type Office } from '../../../shared';
import { desk } from '../deskClient';
import { todayLocal } from '../format';
import { Notice } from './Notice';

export function CalendarNotice({ office }: { office: Pick<Office, 'utcOffsetMinutes'> }) {
  const { t } = useTranslation();
  const gap = calendarGap(desk.calendarYears(), todayLocal(office));
  if (!gap) return null;
  return (
    <Notice kind="warn" testid="calendar-gap">
      <span data-year={gap.year} data-kind={gap.kind}>
        {t(gap.kind === 'thisYear' ? 'calendarGap.thisYear' : 'calendarGap.nextYear', { year: gap.year })}
      </span>
    </Notice>
  );
}
