/**
 * Journal numbers left on this laptop (issue #16): on the desk home for every
 * journal it holds blocks of, on the intake screen for the picked service's
 * journal, so a clerk far from any link sees them run out before a parent
 * waits at the counter. Below the district's threshold the line turns into a
 * warning saying what to do; nothing shows on a standalone office.
 */
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { bi } from '../format';
import { useLoad } from '../hooks';
import { useSession } from '../session';
import { useSyncState } from '../sync/useSync';

export function NumbersLeft({ journal }: { journal?: string }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const s = useSyncState();
  // Re-read when the engine recounts: after a sync, a lease file taken, or work added to the outbox.
  const rows = useLoad(() => desk.journalNumbers(), [s.pending, s.lastSyncAt, JSON.stringify(s.numbersLow ?? [])]);
  const shown = (rows.data ?? []).filter((r) => !journal || r.journal === journal);
  if (!shown.length) return null;
  const name = (j: string) =>
    bi(desk.catalog().find((e) => e.code === j)?.name, lang) || t(`syncPage.journal.${j}`, { defaultValue: j });
  const text = (r: (typeof shown)[number]) =>
    r.left === 0
      ? t('numbersLeft.out', { journal: name(r.journal), year: r.year })
      : t(r.low ? 'numbersLeft.low' : 'numbersLeft.left', { count: r.left, journal: name(r.journal), year: r.year });
  // Journals with plenty left take one quiet line each; only those running low take a warning's room.
  return (
    <div className="numbers-left" data-testid="numbers-left">
      {shown
        .filter((r) => r.low)
        .map((r) => (
          <div
            key={r.journal}
            className="notice notice--warn"
            role="status"
            data-testid="numbers-low"
            data-journal={r.journal}
            data-left={r.left}
          >
            {text(r)}
          </div>
        ))}
      {shown
        .filter((r) => !r.low)
        .map((r) => (
          <div
            key={r.journal}
            className="small muted"
            data-testid="numbers-ok"
            data-journal={r.journal}
            data-left={r.left}
          >
            {text(r)}
          </div>
        ))}
    </div>
  );
}
