/**
 * The child's name as the district queue's search reads it (migration 015):
 * the whole name folded by the shared looseFold, written with each
 * application (entities.ts), so a search by name is a string match in SQL
 * (server/queue/queue.ts) instead of a fold of every waiting child's JSONB per
 * request. The fold is code, not SQL: records stored before the column, and
 * every record once the fold changes (shared NAME_KEY_VERSION is raised with
 * any change of it), are folded again at start.
 */
import { NAME_KEY_VERSION, fullName, looseFold, type Application } from '../../shared';
import type { Queryable } from '../db';

/** The column's value: NULL for an application without a child (a service about the applicant). */
export function childNameFold(child: Application['child'] | null | undefined): string | null {
  return child ? looseFold(fullName(child)) : null;
}

const SETTING = 'childNameFold';

/**
 * Fills child_name_fold where it is missing (records stored before migration
 * 015) or was made by another version of the fold: a page at a time, before
 * the server answers anyone. Returns how many rows it wrote (0 when the
 * column is complete and of this fold: one settings read).
 */
export async function refreshNameFolds(db: Queryable, page = 1000): Promise<number> {
  const { rows: state } = await db.query<{ value: { version?: number } }>('SELECT value FROM settings WHERE key = $1', [
    SETTING,
  ]);
  const current = Number(state[0]?.value?.version) === NAME_KEY_VERSION;
  // Of this fold already: only rows stored before the column (none after the first start) lack it.
  const which = current ? 'child_name_fold IS NULL AND birth_date IS NOT NULL' : 'true';
  let written = 0;
  for (let after = ''; ;) {
    const { rows } = await db.query<{ id: string; child: Application['child'] | null; fold: string | null }>(
      `SELECT id, data->'child' AS child, child_name_fold AS fold FROM applications
        WHERE ${which} AND id > $1 ORDER BY id LIMIT $2`,
      [after, page],
    );
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    const changed = rows
      .map((r) => ({ id: r.id, fold: childNameFold(r.child) }))
      .filter((r, i) => r.fold !== rows[i].fold);
    if (changed.length) {
      await db.query(
        `UPDATE applications AS t SET child_name_fold = v.fold FROM unnest($1::text[], $2::text[]) AS v(id, fold) WHERE t.id = v.id`,
        [changed.map((r) => r.id), changed.map((r) => r.fold)],
      );
      written += changed.length;
    }
  }
  if (!current)
    await db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [SETTING, JSON.stringify({ version: NAME_KEY_VERSION })],
    );
  return written;
}
