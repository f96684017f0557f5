import { useTranslation } from 'react-i18next';
import { dueState, isOpenWork, type Application, type DueState } from '../../../shared';
import { nowIso } from '../format';

export function StatusBadge({ status }: { status: Application['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--status-${status}`} data-testid="status-badge" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function QueueBadge({ state }: { state: Application['queueState'] }) {
  const { t } = useTranslation();
  if (state === 'none') return null;
  return (
    <span className={`badge badge--queue-${state}`} data-testid="queue-badge">
      {t(`queueState.${state}`)}
    </span>
  );
}

export function DueBadge({ app }: { app: Pick<Application, 'dueAt' | 'status' | 'queueState'> }) {
  const { t } = useTranslation();
  // Issued or withdrawn by the district: no term runs any more (isOpenWork).
  const s: DueState = dueState(app.dueAt, nowIso(), { done: !isOpenWork(app) });
  if (s === 'done' || s === 'onTime') return null;
  return (
    <span className={`badge badge--due-${s}`} data-testid="due-badge" data-due={s}>
      {t(`due.${s}`)}
    </span>
  );
}
