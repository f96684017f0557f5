/**
 * Why the server closed a pair of possible duplicates (status resolved): one
 * of its applications was withdrawn when the district merged another pair.
 * A leaf (react-i18next and shared types only), so the district console's
 * reconciliation screen shows it too, in the same words.
 */
import { useTranslation } from 'react-i18next';
import type { Duplicate } from '../../../shared';

export function DuplicateResolution({ d }: { d: Pick<Duplicate, 'resolution' | 'resolvedByPair' | 'applications'> }) {
  const { t } = useTranslation();
  if (!d.resolution) return null;
  const withdrawn = d.applications.find((a) => a.withdrawal)?.journalNo ?? '';
  return (
    <div className="small muted" data-testid="duplicate-resolution">
      {t(`district.dupResolution.${d.resolution}`, { pair: d.resolvedByPair ?? '', withdrawn })}
    </div>
  );
}
