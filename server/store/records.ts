/** Side effects of application writes: journal counters and potential duplicates, for many at once. */
import {
  FINAL_STATUS,
  OPEN_QUEUE_STATES,
  REFERRAL_JOURNAL,
  isOpenApplication,
  parseJournalNo,
  type Application,
} from '../../shared';
import type { Queryable } from '../db';

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
 * Flags, for each written application that is still open, every other open
 * application of the same subject for the same service (pairs, once): the
 * child, or for services about the applicant the applicant or whom a proxy
 * represents (subject_iin, migration 004; duplicates.child_iin holds it). Runs after
 * the applications are written, so pairs within one batch are found too.
 */
export async function flagDuplicates(tx: Queryable, applicationIds: string[]): Promise<number> {
  if (!applicationIds.length) return 0;
  // Two offices may push the same child at the same moment, each transaction
  // blind to the other's new row. A lock per (service, person), held to commit,
  // makes the second wait and then see the first. Taken in one order (sorted),
  // and before the change counter, so it cannot deadlock with either.
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(k.service_code || ':' || k.subject_iin, 0))
       FROM (SELECT DISTINCT service_code, subject_iin FROM applications WHERE id = ANY($1::text[]) AND subject_iin ~ '^[0-9]{12}$' ORDER BY 1, 2) k`,
    [applicationIds],
  );
  const res = await tx.query(
    `INSERT INTO duplicates (service_code, child_iin, app_a, app_b)
     SELECT DISTINCT a.service_code, a.subject_iin, LEAST(a.id, b.id), GREATEST(a.id, b.id)
       FROM applications a
       JOIN applications b ON b.service_code = a.service_code AND b.subject_iin = a.subject_iin AND b.id <> a.id
      WHERE a.id = ANY($1::text[]) AND a.subject_iin ~ '^[0-9]{12}$'
        AND (a.status <> $2 OR a.queue_state = ANY($3::text[]))
        AND (b.status <> $2 OR b.queue_state = ANY($3::text[]))
     ON CONFLICT (app_a, app_b) DO NOTHING`,
    // Open as isOpenApplication says, both of the pair.
    [applicationIds, FINAL_STATUS, OPEN_QUEUE_STATES],
  );
  return res.rowCount;
}
