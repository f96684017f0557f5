/**
 * How far building the demo office got: it takes seconds on a slow laptop,
 * and a button that only says "working" for that long looks stuck. The phase
 * and its count come from the data layer (setupDemo's onProgress).
 */
import { useTranslation } from 'react-i18next';
import type { DemoProgress } from '../../deskClient';

/** Share of the whole wait each phase ends at: accounts (a key derivation each) first, most of it the applications. */
const SPAN: Record<DemoProgress['phase'], [number, number]> = {
  accounts: [0, 0.2],
  applications: [0.2, 0.95],
  referrals: [0.95, 1],
  done: [1, 1],
};

export function DemoProgressView({ progress }: { progress: DemoProgress }) {
  const { t } = useTranslation();
  const [from, to] = SPAN[progress.phase];
  const share = from + (to - from) * (progress.total ? progress.done / progress.total : 0);
  const text = t(`setup.demoProgress.${progress.phase}`, { done: progress.done, total: progress.total });
  return (
    <div
      className="demo-progress"
      role="status"
      aria-live="polite"
      data-testid="demo-progress"
      data-phase={progress.phase}
      data-done={progress.done}
      data-total={progress.total}
    >
      <progress max={100} value={Math.round(share * 100)} aria-label={t('setup.demoProgress.label')} />
      <span className="small" data-testid="demo-progress-text">
        {text}
      </span>
    </div>
  );
}
