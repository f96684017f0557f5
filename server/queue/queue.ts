/**
 * The district-wide preschool queue, computed in SQL (issues #14, #17): the
 * waiting children of each age, across every office, in the order of the
 * shared compareQueue (first-turn categories, then acceptance time, journal
 * number, id). Positions are a window over the whole district's waiting
 * children, read from the index that holds them in that order (migration 015:
 * no JSONB, no sort in Node); the filters come after the window, so positions
 * and each age's total stay the district's. Names, IINs and the rest are read
 * only for the rows returned.
 */
import {
  defaultCatalog,
  localParts,
  looseFold,
  queueEntries,
  KZ_UTC_OFFSET_MINUTES,
  type DistrictQueueQuery,
  type QueueEntry,
} from '../../shared';
import type { Queryable } from '../db';

export type QueueFilter = Pick<DistrictQueueQuery, 'age' | 'officeId' | 'kindergartenId' | 'q'>;

export type QueueRow = {
  /** 1-based place among the waiting children of this age in the whole district. */
  position: number;
  id: string;
  officeId: string;
  priority: string | null;
  acceptedAt: string;
  journalNo: string;
  birthDate: string;
  childName: string;
  childIin: string;
  kindergartenIds: string[];
};

/** One age: `total` waiting in the district, `matched` found by the filters, `items` those of them asked for. */
export type QueueGroup = { age: number; total: number; matched: number; items: QueueRow[] };

/** The codes of the entries that keep a queue (catalog property `queue`): the shipped catalog's. */
const shippedQueueServices = () => queueEntries(defaultCatalog.all()).map((e) => e.code);

/**
 * compareQueue's first key (`a.priority ? 0 : 1`: NULL and '' are no
 * category) as the index of migration 015 writes it, word for word.
 */
const RANK_SQL = `CASE WHEN priority IS NULL OR priority = '' THEN 1 ELSE 0 END`;

/**
 * shared ageInYears in SQL: whole years from the date `birth` to the day
 * `today` (an integer YYYYMMDD): both dates written as numbers, their
 * difference floored to ten thousands. One year more exactly when the month
 * and day are reached (a birthday on 29 February is reached on 1 March of a
 * common year, as ageInYears says), for any two dates, a birth date after the
 * day too (PostgreSQL's age() rounds those towards zero instead).
 */
export const ageSql = (birth: string, today: string) =>
  `floor((${today} - (date_part('year', ${birth}) * 10000 + date_part('month', ${birth}) * 100 + date_part('day', ${birth}))) / 10000)::int`;

/** Query parameters, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Every waiting child of the district (of one age, if asked: ages do not
 * share positions) with its place and its age's total; columns the index
 * covers only, so the database never opens a record here.
 */
function positioned(p: Params, services: string[], nowIso: string, age?: number): string {
  const today = Number(localParts(nowIso, KZ_UTC_OFFSET_MINUTES).date.replaceAll('-', ''));
  const s = p.add(services);
  const t = p.add(today);
  return `SELECT id, office_id, kindergarten_ids, age,
            row_number() OVER (PARTITION BY age ORDER BY rank, accepted_at, journal_seq, id COLLATE "C")::int AS position,
            count(*) OVER (PARTITION BY age)::int AS total
       FROM (SELECT id, office_id, kindergarten_ids, accepted_at, journal_seq, ${RANK_SQL} AS rank,
                    ${ageSql('birth_date', `${t}::int`)} AS age
               FROM applications
              WHERE queue_state = 'waiting' AND service_code = ANY(${s}::text[]) AND birth_date IS NOT NULL) w
      ${age === undefined ? '' : `WHERE age = ${p.add(age)}::int`}`;
}

/** A search too short to mean anything (fewer than 6 digits of an IIN, or 2 letters of a name). */
export class SearchTooShort extends Error {
  constructor() {
    super('queue.searchShort');
  }
}

/**
 * A journal number as typed (issue #16: with or without its leading zeros,
 * its year or its office's letters, those on a Russian layout or in Latin):
 * the sequence, and the year and the folded letters where given.
 */
type JournalSearch = { seq: number; year?: number; letters?: string };
type QueueSearch = { iin: string } | { journal: JournalSearch } | { words: string[] };

/**
 * What a search finds: up to 5 digits, the journal numbers with that
 * sequence ("0042" and "42" alike); 6 digits or more, the start of the
 * child's IIN; a journal number ("2026-0042", "ҚРҚ-2026-0042", "krk-2026-42"),
 * that number; else each word, folded as looseFold folds (Kazakh letters and
 * Latin spellings to one key), the start of a word of the child's name.
 * Throws SearchTooShort.
 */
function parseSearch(q: string): QueueSearch {
  const term = q.trim();
  if (/^\d+$/.test(term)) {
    if (term.length <= 5) return { journal: { seq: Number(term) } };
    return { iin: term };
  }
  const journal = /^(?:([\p{L}]+)-)?(\d{4})-(\d{1,6})$/u.exec(term);
  if (journal)
    return {
      journal: {
        seq: Number(journal[3]),
        year: Number(journal[2]),
        ...(journal[1] ? { letters: looseFold(journal[1]) } : {}),
      },
    };
  const words = looseFold(term).split(' ').filter(Boolean);
  if (!words.length || words.join('').length < 2) throw new SearchTooShort();
  return { words };
}

/**
 * The waiting applications with this journal number: the sequence (and year)
 * select the few candidates in SQL by their columns, the office's letters are
 * compared folded here (ҚРҚ, КРК and KRK alike), whatever the database's locale.
 */
async function withJournalNo(db: Queryable, services: string[], j: JournalSearch): Promise<string[]> {
  const { rows } = await db.query<{ id: string; journal_no: string }>(
    `SELECT id, journal_no FROM applications
      WHERE queue_state = 'waiting' AND service_code = ANY($1::text[]) AND journal_seq = $2
        AND ($3::int IS NULL OR journal_year = $3::int)`,
    [services, j.seq, j.year ?? null],
  );
  const lettersOf = (no: string) => looseFold(/^([\p{L}]+)-/u.exec(no)?.[1] ?? '');
  return rows.filter((r) => j.letters === undefined || lettersOf(r.journal_no) === j.letters).map((r) => r.id);
}

/** queueList's statement answers two kinds of rows: each age's counts, and the page's rows. */
type GroupRow = { kind: 'group'; age: number; total: number; matched: number };
type ItemRow = {
  kind: 'item';
  age: number;
  position: number;
  id: string;
  office_id: string;
  journal_no: string;
  child_iin: string | null;
  birth_date: string;
  priority: string | null;
  accepted_at: string;
  kindergarten_ids: string[];
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
};

/**
 * The queue narrowed as asked (shared DistrictQueueQuery) and one page of it
 * (`page` null: all of it, for a printed or exported list): every age the
 * `age` filter keeps, with its district total, how many the filters find and
 * those of them on the page (ages ascending, positions ascending). Throws
 * SearchTooShort. One statement: counts and rows are of one moment.
 */
export async function queueList(
  db: Queryable,
  nowIso: string,
  f: QueueFilter,
  page: { limit: number; offset: number } | null,
  services: string[] = shippedQueueServices(),
): Promise<{ groups: QueueGroup[]; matched: number }> {
  const search = f.q ? parseSearch(f.q) : null;
  const journalIds = search && 'journal' in search ? await withJournalNo(db, services, search.journal) : null;
  const p = new Params();
  const q = positioned(p, services, nowIso, f.age);
  const where: string[] = [];
  if (f.officeId) where.push(`q.office_id = ${p.add(f.officeId)}`);
  if (f.kindergartenId) where.push(`${p.add(f.kindergartenId)} = ANY(q.kindergarten_ids)`);
  if (journalIds) where.push(`q.id = ANY(${p.add(journalIds)}::text[])`);
  // An IIN or a name is read from the row itself: only a search opens the table beyond the index.
  const opens = !!search && !journalIds;
  if (search && 'iin' in search) where.push(`starts_with(a.child_iin, ${p.add(search.iin)})`);
  if (search && 'words' in search)
    // Each word the start of a word of the folded name (its words are single-spaced).
    where.push(
      `NOT EXISTS (SELECT 1 FROM unnest(${p.add(search.words)}::text[]) w
                    WHERE strpos(' ' || coalesce(a.child_name_fold, ''), ' ' || w) = 0)`,
    );
  const bounds = page ? `LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)}` : '';
  const { rows } = await db.query<GroupRow | ItemRow>(
    `WITH q AS (${q}),
     m AS (SELECT q.id, q.age, q.position, q.total, ${where.length ? where.join(' AND ') : 'true'} AS hit
             FROM q${opens ? ' JOIN applications a ON a.id = q.id' : ''}),
     p AS (SELECT id, age, position, total FROM m WHERE hit ORDER BY age, position ${bounds})
     SELECT 'group' AS kind, age, max(total)::int AS total, (count(*) FILTER (WHERE hit))::int AS matched,
            NULL::int AS position, NULL::text AS id, NULL::text AS office_id, NULL::text AS journal_no,
            NULL::text AS child_iin, NULL::text AS birth_date, NULL::text AS priority, NULL::timestamptz AS accepted_at,
            NULL::text[] AS kindergarten_ids, NULL::text AS last_name, NULL::text AS first_name, NULL::text AS middle_name
       FROM m GROUP BY age
     UNION ALL
     SELECT 'item', p.age, p.total, NULL, p.position, a.id, a.office_id, a.journal_no, a.child_iin,
            to_char(a.birth_date, 'YYYY-MM-DD'), a.priority, a.accepted_at, a.kindergarten_ids,
            a.data->'child'->>'lastName', a.data->'child'->>'firstName', a.data->'child'->>'middleName'
       FROM p JOIN applications a ON a.id = p.id`,
    p.values,
  );
  const groups = new Map<number, QueueGroup>();
  for (const r of rows)
    if (r.kind === 'group') groups.set(r.age, { age: r.age, total: r.total, matched: r.matched, items: [] });
  for (const r of rows) {
    if (r.kind !== 'item') continue;
    groups.get(r.age)?.items.push({ position: r.position, ...rowOf(r) });
  }
  const sorted = [...groups.values()].sort((a, b) => a.age - b.age);
  for (const g of sorted) g.items.sort((a, b) => a.position - b.position);
  return { groups: sorted, matched: sorted.reduce((n, g) => n + g.matched, 0) };
}

/**
 * The places of one office's waiting children (`officeId` null: every
 * office's), each within its age across the whole district, with the age's
 * district total: what a pull carries. Reads the index only.
 */
export async function queuePositions(
  db: Queryable,
  nowIso: string,
  officeId: string | null,
  services: string[] = shippedQueueServices(),
): Promise<QueueEntry[]> {
  return (await officePlaces(db, nowIso, officeId, services)).map(({ officeId: _o, kindergartenIds: _k, ...e }) => e);
}

/** queuePositions with each child's office and kindergartens (what server/queue/snapshot.ts keeps). */
export async function officePlaces(
  db: Queryable,
  nowIso: string,
  officeId: string | null,
  services: string[] = shippedQueueServices(),
): Promise<Array<QueueEntry & { officeId: string; kindergartenIds: string[] }>> {
  const p = new Params();
  const q = positioned(p, services, nowIso);
  const office = officeId === null ? '' : `WHERE q.office_id = ${p.add(officeId)}`;
  const { rows } = await db.query<{
    id: string;
    office_id: string;
    kindergarten_ids: string[];
    age: number;
    position: number;
    total: number;
  }>(
    `SELECT q.id, q.office_id, q.kindergarten_ids, q.age, q.position, q.total
       FROM (${q}) q ${office} ORDER BY q.age, q.position`,
    p.values,
  );
  return rows.map((r) => ({
    applicationId: r.id,
    officeId: r.office_id,
    kindergartenIds: r.kindergarten_ids ?? [],
    age: r.age,
    position: r.position,
    ofTotal: r.total,
  }));
}

/**
 * The rows of a page of the queue whose places are known (`places`, in
 * order): what queueList's statement adds to each, read for these ids only.
 */
export async function queueRowsOf(db: Queryable, places: Array<{ id: string; position: number }>): Promise<QueueRow[]> {
  if (!places.length) return [];
  const { rows } = await db.query<Omit<ItemRow, 'kind' | 'age' | 'position'>>(
    `SELECT a.id, a.office_id, a.journal_no, a.child_iin, to_char(a.birth_date, 'YYYY-MM-DD') AS birth_date,
            a.priority, a.accepted_at, a.kindergarten_ids,
            a.data->'child'->>'lastName' AS last_name, a.data->'child'->>'firstName' AS first_name,
            a.data->'child'->>'middleName' AS middle_name
       FROM applications a WHERE a.id = ANY($1::text[])`,
    [places.map((x) => x.id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return places.flatMap(({ id, position }) => {
    const r = byId.get(id);
    return r ? [{ position, ...rowOf(r) }] : [];
  });
}

/** A row of the page as the API gives it, from the columns both ways of reading it select. */
function rowOf(r: Omit<ItemRow, 'kind' | 'age' | 'position'>): Omit<QueueRow, 'position'> {
  return {
    id: r.id,
    officeId: r.office_id,
    priority: r.priority,
    acceptedAt: r.accepted_at,
    journalNo: r.journal_no,
    birthDate: r.birth_date,
    childName: [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '),
    childIin: r.child_iin ?? '',
    kindergartenIds: r.kindergarten_ids,
  };
}

/** The whole district queue, unfiltered and unpaged (what bench/reports-bench.ts times). */
export async function districtQueue(db: Queryable, nowIso: string, services?: string[]): Promise<QueueGroup[]> {
  return (await queueList(db, nowIso, {}, null, services)).groups;
}
