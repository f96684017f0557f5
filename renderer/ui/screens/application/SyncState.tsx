/**
 * What the district does not know yet, or is still deciding, about this
 * record (enrolled computers only): changes not yet sent, an open conflict.
 */
import { useTranslation } from 'react-i18next';
import { isWithdrawn, type Application } from '../../../../shared';
import { Notice } from '../../components/Notice';
import { tableDateTime } from '../../format';
import type { SyncFlags } from './load';

/** Badges beside the status in the page's head. */
export function SyncFlagsView({ flags }: { flags: SyncFlags }) {
  const { t } = useTranslation();
  if (!flags.enrolled) return null;
  return (
    <>
      {flags.pending > 0 && (
        <span
          className="badge badge--unsent"
          data-testid="app-sync-pending"
          data-count={flags.pending}
          title={t('app.unsentHint', { n: flags.pending })}
        >
          {t('app.unsent')}
        </span>
      )}
      {flags.conflict && (
        <span className="badge badge--conflict" data-testid="app-conflict" title={t('app.conflictHint')}>
          {t('app.conflict')}
        </span>
      )}
    </>
  );
}

/** A conflict is spelled out under the head: the district decides which value stands. */
export function ConflictNotice({ flags }: { flags: SyncFlags }) {
  const { t } = useTranslation();
  if (!flags.enrolled || !flags.conflict) return null;
  return (
    <Notice kind="warn" testid="app-conflict-notice">
      {t('app.conflictHint')}
    </Notice>
  );
}

/**
 * The district withdrew this application from its queue: when and by whom,
 * the recorded reason (the same child applied twice: which one stands), the
 * district's note. No step is offered on it (ActionPanel, nextStep).
 */
export function WithdrawalNotice({ app }: { app: Application }) {
  const { t } = useTranslation();
  const w = app.withdrawal;
  if (!w || !isWithdrawn(app)) return null;
  return (
    <Notice kind="warn" testid="app-withdrawn-notice">
      {t('app.withdrawn', { by: w.byName, when: tableDateTime(w.at) })}{' '}
      <span data-testid="app-withdrawal-reason" data-reason={w.reason}>
        {t(`app.withdrawalReason.${w.reason}`, { kept: w.keptJournalNo })}
      </span>
      {w.note ? ` ${t('app.withdrawnNote', { note: w.note })}` : ''}
    </Notice>
  );
}
