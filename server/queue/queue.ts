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
  queueEntries,
  KZ_UTC_OFFSET_MINUTES,
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
    `SELECT id, office_id, priority, accepted_at, journal_seq, journal_no, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
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
