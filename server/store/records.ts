/** Side effects of application writes: journal counters and potential duplicates, for many at once. */
import {
  FINAL_STATUS,
  OPEN_QUEUE_STATES,
  REFERRAL_JOURNAL,
  WITHDRAWN_QUEUE_STATE,
  NAME_KEY_VERSION,
  isOpenApplication,
  nameBirthKey,
  parseJournalNo,
  patronymicKey,
  subjectOf,
  type Application,
} from '../../shared';
import type { Db, Queryable } from '../db';

/** The desk's rule, written once in shared/workflow: open while the paperwork runs or the child still waits for a place. */
export { isOpenApplication };

/** Highest number used per (office, journal, year): the counter must move past each. */
export type JournalUse = Map<string, { officeId: string; journal: string; year: number; used: number }>;

export function noteJournalUse(uses: JournalUse, officeId: string, journal: string, year: number, used: number): void {
  const key = `${officeId}\u0000${journal}\u0000${year}`;
  const cur = uses.get(key);
  if (!cur || cur.used < used) uses.set(key, { officeId, journal, year, used });
}

/** The journal numbers an application carries (its own, and its referral's). */
export function noteApplicationNumbers(uses: JournalUse, app: Application, created: boolean): void {
  if (created) noteJournalUse(uses, app.officeId, app.serviceCode, app.journalYear, app.journalSeq);
  const ref = app.decision?.kind === 'referral' ? parseJournalNo(String(app.decision.referralNo)) : null;
  if (ref) noteJournalUse(uses, app.officeId, REFERRAL_JOURNAL, ref.year, ref.seq);
}

/**
 * Numbers issued on a device before it held a lease (or by an older app) must
 * not be leased out again: the counters move past every number seen in a push.
 * Leased numbers are below the counter already, so the counters are read first
 * and only those behind are written: a write would lock the office's counter
 * row to commit and queue every other laptop of the office behind it.
 */
export async function bumpJournals(tx: Queryable, uses: JournalUse): Promise<void> {
  if (!uses.size) return;
  const all = [...uses.values()];
  const { rows } = await tx.query<{ office_id: string; journal: string; year: number; next: number }>(
    `SELECT office_id, journal, year, next FROM journal_counters WHERE (office_id, journal, year) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]))`,
    [all.map((u) => u.officeId), all.map((u) => u.journal), all.map((u) => u.year)],
  );
  const next = new Map(rows.map((r) => [`${r.office_id}\u0000${r.journal}\u0000${r.year}`, r.next]));
  const behind = all.filter((u) => (next.get(`${u.officeId}\u0000${u.journal}\u0000${u.year}`) ?? 0) <= u.used);
  if (!behind.length) return;
  const params: unknown[] = [];
  const tuples = behind.map((u) => {
    params.push(u.officeId, u.journal, u.year, u.used + 1);
    const n = params.length;
    return `($${n - 3}, $${n - 2}, $${n - 1}::int, $${n}::int)`;
  });
  // GREATEST: a concurrent push may have moved the counter since it was read.
  await tx.query(
    `INSERT INTO journal_counters (office_id, journal, year, next) VALUES ${tuples.join(', ')}
     ON CONFLICT (office_id, journal, year) DO UPDATE SET next = GREATEST(journal_counters.next, EXCLUDED.next)`,
    params,
  );
}

/**
 * Possible duplicates, the rule: for each written application that is still
 * open, every other open application for the same service that may be about
 * the same person (pairs, once): the same subject IIN (the child, or for
 * services about the applicant the applicant or whom a proxy represents:
 * subject_iin, migration 004; duplicates.child_iin holds the first
 * application's), or, IINs apart, the same child's name folded loosely and
 * birth date (name_key, migration 012) with patronymics that agree where both
 * are given (middle_key, migration 013: shared sameChildByName).
 * Each pair records the rule that found it (`reason`; the IIN wins when both
 * hold). A pair is one row for ever: one the district marked not_duplicate is
 * not flagged again, whatever either record later becomes.
 */

/** What an application is paired by, as its stored columns spell it (entities.ts). */
export type PairingRow = {
  id: string;
  service_code: string;
  subject_iin: string | null;
  name_key: string | null;
  middle_key: string | null;
  /** isOpenApplication. */
  open: boolean;
};

export function pairingRow(a: Application): PairingRow {
  const names = nameKeyColumns(a.child);
  return {
    id: a.id,
    service_code: a.serviceCode,
    subject_iin: subjectOf(a).iin,
    name_key: names.name_key,
    middle_key: names.middle_key,
    open: isOpenApplication(a),
  };
}

/** A pair as the duplicates table keeps it (app_a < app_b). */
export type PairFound = {
  service_code: string;
  child_iin: string | null;
  app_a: string;
  app_b: string;
  reason: string;
};

/** Open as isOpenApplication says, in SQL over stored rows: paperwork running or a place awaited, never withdrawn (p: FINAL_STATUS's parameter, the next two follow). */
const openSql = (t: string, p = 3) =>
  `(${t}.status <> $${p} OR ${t}.queue_state = ANY($${p + 1}::text[])) AND ${t}.queue_state <> $${p + 2}`;

/**
 * The pairs that `candidates` (ids among `batch`) make, before any of the
 * batch is written: `batch` is every application the writer is about to write,
 * as it will stand; the other side of a pair is a stored application the batch
 * does not write, or one of the batch. So the pairs are known before the change
 * counter is taken and go into the same statement as the records
 * (store.ts writeNumbered). The caller holds the pairing keys' locks
 * (lockPairings), so every stored application that could pair is committed
 * and seen here. Each candidate looks up the index on its own keys (LATERAL).
 */
export async function findPairs(tx: Queryable, batch: PairingRow[], candidates: string[]): Promise<PairFound[]> {
  if (!candidates.length) return [];
  const { rows } = await tx.query<PairFound>(
    `WITH w AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS w(id text, service_code text, subject_iin text, name_key text, middle_key text, open boolean)),
     a AS (SELECT * FROM w WHERE id = ANY($2::text[]) AND open)
     SELECT DISTINCT ON (p.app_a, p.app_b) p.service_code, p.child_iin, p.app_a, p.app_b, p.reason
       FROM (SELECT a.service_code, CASE WHEN a.id < b.id THEN a.subject_iin ELSE b.subject_iin END AS child_iin,
                    LEAST(a.id, b.id) AS app_a, GREATEST(a.id, b.id) AS app_b, 'iin' AS reason
               FROM a CROSS JOIN LATERAL (
                      SELECT s.id, s.subject_iin FROM applications s
                       WHERE s.service_code = a.service_code AND s.subject_iin = a.subject_iin AND s.id <> a.id
                         AND ${openSql('s')} AND NOT EXISTS (SELECT 1 FROM w WHERE w.id = s.id)
                      UNION ALL
                      SELECT x.id, x.subject_iin FROM w x
                       WHERE x.service_code = a.service_code AND x.subject_iin = a.subject_iin AND x.id <> a.id AND x.open) b
              WHERE a.subject_iin ~ '^[0-9]{12}$'
             UNION ALL
             SELECT a.service_code, CASE WHEN a.id < b.id THEN a.subject_iin ELSE b.subject_iin END,
                    LEAST(a.id, b.id), GREATEST(a.id, b.id), 'nameBirthDate'
               FROM a CROSS JOIN LATERAL (
                      SELECT s.id, s.subject_iin, s.middle_key FROM applications s
                       WHERE s.service_code = a.service_code AND s.name_key = a.name_key AND s.id <> a.id
                         AND ${openSql('s')} AND NOT EXISTS (SELECT 1 FROM w WHERE w.id = s.id)
                      UNION ALL
                      SELECT x.id, x.subject_iin, x.middle_key FROM w x
                       WHERE x.service_code = a.service_code AND x.name_key = a.name_key AND x.id <> a.id AND x.open) b
              WHERE a.name_key IS NOT NULL
                AND (a.middle_key IS NULL OR b.middle_key IS NULL OR a.middle_key = b.middle_key)) p
      ORDER BY p.app_a, p.app_b, p.reason`,
    [JSON.stringify(batch), candidates, FINAL_STATUS, OPEN_QUEUE_STATES, WITHDRAWN_QUEUE_STATE],
  );
  return rows;
}

/** The statement (or CTE) that keeps new pairs, from a JSON parameter of PairFound rows. */
export const insertPairsSql = (param: string) =>
  `INSERT INTO duplicates (service_code, child_iin, app_a, app_b, reason)
   SELECT service_code, child_iin, app_a, app_b, reason FROM jsonb_to_recordset(${param}::jsonb)
     AS p(service_code text, child_iin text, app_a text, app_b text, reason text)
   ON CONFLICT (app_a, app_b) DO NOTHING`;

/**
 * Flags the pairs stored applications make (the rule above), as if each had
 * just been written: their keys locked, their pairs found and kept. Returns
 * how many pairs were new.
 */
export async function flagDuplicates(tx: Queryable, applicationIds: string[]): Promise<number> {
  if (!applicationIds.length) return 0;
  const { rows } = await tx.query<PairingRow>(
    `SELECT id, service_code, subject_iin, name_key, middle_key, ${openSql('a', 2)} AS open
       FROM applications a WHERE id = ANY($1::text[])`,
    [applicationIds, FINAL_STATUS, OPEN_QUEUE_STATES, WITHDRAWN_QUEUE_STATE],
  );
  await lockPairings(
    tx,
    rows.flatMap((r) => pairingKeys(r)),
  );
  const pairs = await findPairs(
    tx,
    rows,
    rows.filter((r) => r.open).map((r) => r.id),
  );
  if (!pairs.length) return 0;
  return (await tx.query(insertPairsSql('$1'), [JSON.stringify(pairs)])).rowCount;
}

/**
 * The keys two applications that may pair share (the locks a writer takes
 * before it looks for pairs): the service with the subject's IIN, and the
 * service with the folded name and birth date.
 */
export function pairingKeys(r: PairingRow): string[] {
  const keys: string[] = [];
  if (r.subject_iin && /^[0-9]{12}$/.test(r.subject_iin)) keys.push(`${r.service_code}:${r.subject_iin}`);
  if (r.name_key !== null) keys.push(`${r.service_code}:name:${r.name_key}`);
  return keys;
}

/**
 * Two offices may push the same child at the same moment, each transaction
 * blind to the other's new row. A lock per (service, person) and per
 * (service, name key), held to commit, makes the second wait and then see the
 * first. Taken in one order (sorted by the database, whatever the caller's
 * order) and before the change counter, so it cannot deadlock with either.
 */
export async function lockPairings(tx: Queryable, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k.key, 0)) FROM (SELECT DISTINCT unnest($1::text[]) AS key ORDER BY 1) k`,
    [keys],
  );
}

/**
 * What an application's pairs depend on: its service, the subject's IIN, the
 * name keys, and that it is open (null when it is not: a closed application
 * pairs with nothing). A pair is flagged when the later of its two records to
 * match becomes so; so a write that leaves this unchanged cannot make a new
 * pair, and the unit of work skips the check and its locks for it (a step,
 * a print, a queue move: most writes).
 */
export const pairingKey = (a: Application): string | null => pairingKeyOf(pairingRow(a));

/** pairingKey of an application's pairing row (the name folded once for both). */
export function pairingKeyOf(r: PairingRow): string | null {
  if (!r.open) return null;
  return [r.service_code, r.subject_iin ?? '', r.name_key ?? '', r.middle_key ?? ''].join('\u0000');
}

/**
 * What an application brings to the district queue's places (server/queue
 * queue.ts positioned: waiting, service, office, kindergartens asked for,
 * priority, acceptance instant, journal sequence, birth date), or null when it
 * is not waiting. A write that leaves this unchanged cannot move any child's
 * place, so it leaves the queue's state (migration 018) as it was.
 */
export function queueKey(a: Application): string | null {
  if (a.queueState !== 'waiting') return null;
  return JSON.stringify([
    a.serviceCode,
    a.officeId,
    a.kindergartenIds ?? null,
    a.priority ?? null,
    Date.parse(a.acceptedAt),
    a.journalSeq,
    a.child?.birthDate ?? null,
  ]);
}

/** The columns an application is paired by name with (migrations 012, 013): shared nameBirthKey and patronymicKey. */
export function nameKeyColumns(child: Application['child'] | null | undefined): {
  name_key: string | null;
  middle_key: string | null;
} {
  const name = child ? nameBirthKey(child) : null;
  return { name_key: name, middle_key: name && child ? patronymicKey(child.middleName) : null };
}

const NAME_KEYS_SETTING = 'nameKeys';

/**
 * Keys every stored application by name again when the fold has changed
 * since the server last did (shared NAME_KEY_VERSION; the setting 'nameKeys'
 * holds the version reached), then pairs them all (flagDuplicates) as if each
 * had just been written: records stored before name keys existed (migration
 * 012) or under an older fold get the pairs their keys make, once. A page at
 * a time, each page in its own transaction; a start interrupted half-way does
 * it all again at the next (the pairs are one row each, ON CONFLICT: a pair the
 * district decided keeps its decision). Returns null when there was nothing
 * to do, else how many keys changed and how many pairs were found.
 */
export async function rekeyApplications(db: Db, page = 1000): Promise<{ keyed: number; paired: number } | null> {
  const { rows: state } = await db.query<{ value: { version?: number } }>('SELECT value FROM settings WHERE key = $1', [
    NAME_KEYS_SETTING,
  ]);
  if (Number(state[0]?.value?.version) >= NAME_KEY_VERSION) return null;
  let keyed = 0;
  // First every key, so that no pair is looked for against a key of the old fold.
  for (let after = ''; ;) {
    const { rows } = await db.query<{
      id: string;
      child: Application['child'] | null;
      name_key: string | null;
      middle_key: string | null;
    }>(`SELECT id, data->'child' AS child, name_key, middle_key FROM applications WHERE id > $1 ORDER BY id LIMIT $2`, [
      after,
      page,
    ]);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const changed = rows
      .map((r) => ({ id: r.id, was: r, now: nameKeyColumns(r.child) }))
      .filter((r) => r.now.name_key !== r.was.name_key || r.now.middle_key !== r.was.middle_key);
    if (changed.length) {
      await db.query(
        `UPDATE applications AS t SET name_key = v.name_key, middle_key = v.middle_key
           FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, name_key, middle_key) WHERE t.id = v.id`,
        [changed.map((r) => r.id), changed.map((r) => r.now.name_key), changed.map((r) => r.now.middle_key)],
      );
      keyed += changed.length;
    }
  }
  let paired = 0;
  // Pages no larger than a push's transaction (250 ops): flagDuplicates takes two advisory locks per application.
  for (let after = ''; ;) {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM applications WHERE id > $1 ORDER BY id LIMIT $2', [
      after,
      Math.min(page, 250),
    ]);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const ids = rows.map((r) => r.id);
    paired += await db.transaction((tx) => flagDuplicates(tx, ids));
  }
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [NAME_KEYS_SETTING, JSON.stringify({ version: NAME_KEY_VERSION })],
  );
  return { keyed, paired };
}
