/**
 * The district-wide preschool queue, ordered by the shared rule (first-turn
 * categories, then application time), within each age: children of one age
 * compete for the same age groups across the district's kindergartens.
 */
import {
  ageInYears,
  compareQueue,
  defaultCatalog,
  localParts,
  looseFold,
  queueEntries,
  KZ_UTC_OFFSET_MINUTES,
  type DistrictQueueQuery,
} from '../../shared';
import type { Queryable } from '../db';

export type QueuedRow = {
  id: string;
  officeId: string;
  priority: string | null;
  acceptedAt: string;
  journalSeq: number;
  journalNo: string;
  birthDate: string;
  childName: string;
  childIin: string;
  kindergartenIds: string[];
  age: number;
};

export type QueueGroup = { age: number; items: Array<QueuedRow & { position: number }> };

/** `services`: the codes of the entries that keep a queue (catalog property `queue`); by default the shipped catalog's. */
export async function districtQueue(
  db: Queryable,
  nowIso: string,
  services: string[] = queueEntries(defaultCatalog.all()).map((e) => e.code),
): Promise<QueueGroup[]> {
  const { rows } = await db.query(
    `SELECT id, office_id, priority, accepted_at, journal_seq, journal_no, child_iin, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
            data->'child'->>'lastName' AS last_name, data->'child'->>'firstName' AS first_name, data->'child'->>'middleName' AS middle_name,
            data->'kindergartenIds' AS kindergarten_ids
       FROM applications WHERE queue_state = 'waiting' AND service_code = ANY($1::text[]) AND birth_date IS NOT NULL`,
    [services],
  );
  const today = localParts(nowIso, KZ_UTC_OFFSET_MINUTES).date;
  const byAge = new Map<number, QueuedRow[]>();
  for (const r of rows) {
    const item: QueuedRow = {
      id: r.id,
      officeId: r.office_id,
      priority: r.priority,
      acceptedAt: r.accepted_at,
      journalSeq: r.journal_seq,
      journalNo: r.journal_no,
      birthDate: r.birth_date,
      childName: [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '),
      childIin: r.child_iin ?? '',
      kindergartenIds: r.kindergarten_ids ?? [],
      age: ageInYears(r.birth_date, today),
    };
    const list = byAge.get(item.age) ?? [];
    list.push(item);
    byAge.set(item.age, list);
  }
  return [...byAge.entries()]
    .sort(([a], [b]) => a - b)
    .map(([age, list]) => ({
      age,
      items: list.sort(compareQueue).map((x, i) => ({ ...x, position: i + 1 })),
    }));
}

/** A search too short to mean anything (fewer than 6 digits of an IIN, or 2 letters of a name). */
export class SearchTooShort extends Error {
  constructor() {
    super('queue.searchShort');
  }
}

/**
 * Which rows a search finds: digits only, the start of the child's IIN (6 or
 * more); a journal number (letters, digits and hyphens), that number; else
 * each word, folded as looseFold folds (Kazakh letters to their Russian
 * twins), the start of a word of the child's name.
 */
export function queueSearch(q: string): (row: QueuedRow) => boolean {
  const term = q.trim();
  if (/^\d+$/.test(term)) {
    if (term.length < 6) throw new SearchTooShort();
    return (r) => r.childIin.startsWith(term);
  }
  if (/^[\p{L}]+-\d{4}-\d+$/u.test(term)) {
    const no = term.toLocaleUpperCase('kk');
    return (r) => r.journalNo.toLocaleUpperCase('kk') === no;
  }
  const words = looseFold(term).split(' ').filter(Boolean);
  if (!words.length || words.join('').length < 2) throw new SearchTooShort();
  return (r) => {
    const have = looseFold(r.childName).split(' ');
    return words.every((w) => have.some((h) => h.startsWith(w)));
  };
}

/**
 * The queue narrowed as asked (shared DistrictQueueQuery): groups of one age
 * only, rows of an office, of a kindergarten the application names, found by a
 * search. Positions and each group's `total` stay those of the whole district
 * queue. Throws SearchTooShort.
 */
export function filterQueue(
  groups: QueueGroup[],
  f: Pick<DistrictQueueQuery, 'age' | 'officeId' | 'kindergartenId' | 'q'>,
): Array<QueueGroup & { total: number }> {
  const found = f.q ? queueSearch(f.q) : null;
  return groups
    .filter((g) => f.age === undefined || g.age === f.age)
    .map((g) => ({
      age: g.age,
      total: g.items.length,
      items: g.items.filter(
        (x) =>
          (!f.officeId || x.officeId === f.officeId) &&
          (!f.kindergartenId || x.kindergartenIds.includes(f.kindergartenId)) &&
          (!found || found(x)),
      ),
    }));
}
