/** Side effects of application writes: journal counters and potential duplicates. */
import type { Queryable } from '../db';

const OPEN_QUEUE = new Set(['waiting', 'referred']);
/** Same rule as the desk: open while the paperwork runs or the child still waits for a place. */
export const isOpenApplication = (a: { status: string; queueState: string }) => a.status !== 'issued' || OPEN_QUEUE.has(a.queueState);

/**
 * Numbers issued on a device before it held a lease (or by an older app) must
 * not be leased out again: the counter moves past every number seen in a push.
 */
export async function bumpJournal(tx: Queryable, officeId: string, journal: string, year: number, used: number): Promise<void> {
  await tx.query(
    `INSERT INTO journal_counters (office_id, journal, year, next) VALUES ($1, $2, $3, $4)
     ON CONFLICT (office_id, journal, year) DO UPDATE SET next = GREATEST(journal_counters.next, EXCLUDED.next)`,
    [officeId, journal, year, used + 1],
  );
}

export async function noteApplicationNumbers(tx: Queryable, app: Record<string, any>, created: boolean): Promise<void> {
  if (created) await bumpJournal(tx, app.officeId, app.serviceCode, app.journalYear, app.journalSeq);
  const ref = app.decision?.kind === 'referral' ? /-(\d{4})-(\d+)$/.exec(String(app.decision.referralNo)) : null;
  if (ref) await bumpJournal(tx, app.officeId, 'referral', Number(ref[1]), Number(ref[2]));
}

/** Flags every other open application of the same child for the same service (pairs, once). */
export async function flagDuplicates(tx: Queryable, app: Record<string, any>): Promise<number> {
  const iin = String(app.child?.iin ?? '');
  if (!/^\d{12}$/.test(iin) || !isOpenApplication(app as { status: string; queueState: string })) return 0;
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM applications
      WHERE service_code = $1 AND child_iin = $2 AND id <> $3
        AND (status <> 'issued' OR queue_state IN ('waiting', 'referred'))`,
    [app.serviceCode, iin, app.id],
  );
  let n = 0;
  for (const r of rows) {
    const [a, b] = app.id < r.id ? [app.id, r.id] : [r.id, app.id];
    const res = await tx.query(
      `INSERT INTO duplicates (service_code, child_iin, app_a, app_b) VALUES ($1, $2, $3, $4) ON CONFLICT (app_a, app_b) DO NOTHING`,
      [app.serviceCode, iin, a, b],
    );
    n += res.rowCount;
  }
  return n;
}
