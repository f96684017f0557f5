/**
 * A standalone office joining the district with its records (issue #16 item
 * 8): run inside the enrolment's transaction, so a code is used up only
 * together with everything the office brought.
 *
 * - Staff: one with the same login in the office is the same person (the
 *   district may have made the account first); the others are created with the
 *   ids their records already carry. No password travels: a person keeps
 *   signing in on the laptop they set up, and the district gives a one-time
 *   password for the others.
 * - Kindergartens: one with the same number is the district's; the others are
 *   created as the office knew them (the district edits them later).
 * - Numbers: the office counted from 1 in each journal and year. Where the
 *   district has leased nothing in that journal and year for the office, the
 *   numbers given become this laptop's block and the count goes on after them;
 *   elsewhere they may be someone else's, and the records come in as
 *   journal.notLeased conflicts the district reconciles.
 */
import { jsonBoundsIssues, roleFitsOffice, type JoinRequest, type JoinResult, type OfficeType } from '../../shared';
import type { Queryable } from '../db';
import { SyncError } from '../store/errors';
import { createInDirectory, findKindergartenByNumber, findStaffByLogin, lockDirectory } from './directory';
import { audit } from './audit';

type Rec = Record<string, unknown>;

export async function joinOffice(
  tx: Queryable,
  ctx: { now(): string },
  o: { officeId: string; deviceId: string; join: JoinRequest },
): Promise<JoinResult> {
  const { officeId, deviceId, join } = o;
  const bounds = jsonBoundsIssues(join);
  if (bounds.length) throw new SyncError(400, 'body.invalid', { issues: bounds.slice(0, 5) });
  await lockDirectory(tx);
  const { rows: office } = await tx.query<{ type: OfficeType }>('SELECT type FROM offices WHERE id = $1', [officeId]);
  if (!office.length) throw new SyncError(404, 'notFound', { officeId });
  const logins = join.staff.map((s) => s.login.trim().toLowerCase());
  if (new Set(logins).size !== logins.length) throw new SyncError(400, 'join.loginTwice');
  for (const s of join.staff) {
    const misfit = s.roles.find((r) => !roleFitsOffice(r, office[0].type));
    if (misfit) throw new SyncError(409, 'join.roleOffice', { role: misfit });
  }
  // Signed by the district itself: the code it issued for this office is the authority here.
  const actor = { staffId: null, name: null };
  const result: JoinResult = { staff: {}, kindergartens: {}, numbers: [] };
  for (const s of join.staff) {
    const login = s.login.trim().toLowerCase();
    const same = await findStaffByLogin(tx, officeId, login);
    if (same) {
      result.staff[s.id] = same;
      continue;
    }
    const taken = await tx.query('SELECT 1 FROM staff WHERE id = $1', [s.id]);
    if (taken.rows.length) throw new SyncError(409, 'join.idTaken');
    const rec: Rec = { ...s, officeId, login };
    await createInDirectory(tx, ctx, actor, 'staff', rec);
    result.staff[s.id] = s.id;
  }
  for (const k of join.kindergartens) {
    const same = await findKindergartenByNumber(tx, k.number);
    if (same) {
      result.kindergartens[k.id] = same;
      continue;
    }
    const taken = await tx.query('SELECT 1 FROM kindergartens WHERE id = $1', [k.id]);
    if (taken.rows.length) throw new SyncError(409, 'join.idTaken');
    await createInDirectory(tx, ctx, actor, 'kindergarten', { ...k, updatedAt: ctx.now() });
    result.kindergartens[k.id] = k.id;
  }
  for (const n of join.numbers) {
    // Untouched: no counter row, or one that never moved (every block is cut from it, leases.ts).
    const moved = await tx.query<{ next: number }>(
      `INSERT INTO journal_counters (office_id, journal, year, next) VALUES ($1, $2, $3, 1)
       ON CONFLICT (office_id, journal, year) DO UPDATE SET next = journal_counters.next RETURNING next`,
      [officeId, n.journal, n.year],
    );
    const kept = Number(moved.rows[0].next) === 1;
    if (kept) {
      await tx.query(`UPDATE journal_counters SET next = $4 WHERE office_id = $1 AND journal = $2 AND year = $3`, [
        officeId,
        n.journal,
        n.year,
        n.upTo + 1,
      ]);
      await tx.query(
        `INSERT INTO number_leases (office_id, journal, year, device_id, from_no, to_no) VALUES ($1, $2, $3, $4, 1, $5)`,
        [officeId, n.journal, n.year, deviceId, n.upTo],
      );
    }
    result.numbers.push({ ...n, kept });
  }
  await audit(tx, actor, {
    action: 'office.join',
    target: `office:${officeId}`,
    after: {
      deviceId,
      staffCreated: Object.entries(result.staff).filter(([a, b]) => a === b).length,
      staffMatched: Object.entries(result.staff).filter(([a, b]) => a !== b).length,
      kindergartensCreated: Object.entries(result.kindergartens).filter(([a, b]) => a === b).length,
      numbersKept: result.numbers.filter((n) => n.kept).length,
      numbersNotKept: result.numbers.filter((n) => !n.kept).length,
    },
  });
  return result;
}
