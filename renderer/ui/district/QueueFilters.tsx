/**
 * The district queue's filters: office, kindergarten, age, and a search by IIN,
 * name or journal number, sent when submitted (the hosts send the filter in a
 * POST body, so a searched IIN or name is never in a URL). The desk's district
 * tab and the console's queue screen both use it, as they use QueuePager, each
 * with its own lists of offices and kindergartens and its own test-id prefix;
 * neither host imports the other. It imports react, i18next and shared/ only
 * (nothing of the desk's data layer), so the console may take it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictQueueQuery } from '../../../shared';

/** Ages a preschool queue holds. */
const AGES = [0, 1, 2, 3, 4, 5, 6, 7];

/** The filters as the fields hold them: '' for "all" (and for no search). */
export type QueueFilterValue = { office: string; kindergarten: string; age: string; search: string };
export const NO_QUEUE_FILTER: QueueFilterValue = { office: '', kindergarten: '', age: '', search: '' };

/** The server's query of the filters: the empty ones left out, the age a number (0 is an age). */
export function queueQuery(v: QueueFilterValue): DistrictQueueQuery {
  return {
    ...(v.office ? { officeId: v.office } : {}),
    ...(v.kindergarten ? { kindergartenId: v.kindergarten } : {}),
    ...(v.age ? { age: Number(v.age) } : {}),
    ...(v.search ? { q: v.search } : {}),
  };
}

type Option = { value: string; label: string };

/** The fields, for the host's toolbar; `onChange` gets every change of a filter (a new list: the host starts it at its first page). */
export function QueueFilters({
  value,
  onChange,
  offices,
  kindergartens,
  testid,
}: {
  value: QueueFilterValue;
  onChange: (v: QueueFilterValue) => void;
  offices: Option[];
  kindergartens: Option[];
  /** Prefix of the test ids: `${testid}-office`, `-kindergarten`, `-age`, `-search`, `-search-go`. */
  testid: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(value.search);
  const select = (field: 'office' | 'kindergarten' | 'age', label: string, all: string, options: Option[]) => (
    <label className="inline-field">
      <span>{label}</span>
      <select
        value={value[field]}
        onChange={(e) => onChange({ ...value, [field]: e.target.value })}
        data-testid={`${testid}-${field}`}
      >
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      {select('office', t('district.office'), t('district.allOffices'), offices)}
      {select('kindergarten', t('console.queue.kindergarten'), t('console.queue.allKindergartens'), kindergartens)}
      {select(
        'age',
        t('console.queue.age'),
        t('console.queue.allAges'),
        AGES.map((a) => ({ value: String(a), label: t('district.ageGroup', { count: a }) })),
      )}
      <form
        className="inline-field"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...value, search: typed.trim() });
        }}
      >
        <input
          type="search"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={t('console.queue.searchPlaceholder')}
          aria-label={t('console.queue.search')}
          maxLength={100}
          data-testid={`${testid}-search`}
        />
        <button type="submit" className="btn btn--small" data-testid={`${testid}-search-go`}>
          {t('search.submit')}
        </button>
      </form>
    </>
  );
}
