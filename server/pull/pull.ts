/**
 * Pull: every record changed after the device's cursor that it may see, oldest
 * change first, in pages. The cursor is the change_seq of the last record
 * sent; on the last page it jumps to the current counter so that invisible
 * changes (other offices') are not scanned again.
 */
import type { Change, PullResponse } from '../../shared';
import type { Queryable } from '../db';
import { currentChangeSeq } from '../store/store';
import { queueForPull } from '../queue/snapshot';

/**
 * skipOwn: the pulling device's id when it asked to be spared its own records
 * (those it is known to hold exactly, see migration 005). A device asks only
 * once it has pulled everything since enrolling: a laptop restored from an
 * older backup re-enrols and gets its own later work back.
 */
export type PullScope = { officeId: string; district: boolean; skipOwn?: string | null };

/** A queue list's tag as a laptop sends it back (server/queue/snapshot.ts makes them). */
export const QUEUE_TAG = /^[A-Za-z0-9_-]{1,64}$/;

export function parseCursor(raw: unknown): number | null {
  if (raw === undefined || raw === '') return 0;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * A pull answer whose records are still the database's JSON text: a page of
 * 500 applications is never turned into objects and back (its memory and CPU
 * were most of an enrolment pull's). pullText writes it out.
 */
export type PullPage = Omit<PullResponse, 'changes'> & { changes: Array<Omit<Change, 'data'> & { data: string }> };

/** The answer as JSON text: each record's stored JSON put in as it is (it is valid JSON: jsonb wrote it). */
export function pullText(res: PullPage): string {
  const { changes, ...rest } = res;
  const items = changes.map(({ data, ...head }) => `${JSON.stringify(head).slice(0, -1)},"data":${data}}`);
  const tail = JSON.stringify(rest).slice(1);
  return `{"changes":[${items.join(',')}]${tail === '}' ? '}' : `,${tail}`}`;
}

export async function pull(
  db: Queryable,
  scope: PullScope,
  cursor: number,
  limit: number,
  now: string,
  queueSince?: string,
): Promise<PullPage> {
  // Read before the page: everything committed up to `horizon` is visible below.
  const horizon = await currentChangeSeq(db);
  const notEcho = ' AND ($4::text IS NULL OR echo_device IS DISTINCT FROM $4)';
  const own = `${scope.district ? '' : ' AND office_id = $3'}${notEcho}`;
  const { rows } = await db.query(
    `SELECT entity, id, version, data::text AS data, open_conflicts, change_seq FROM (
        SELECT 'application' AS entity, id, version, data, open_conflicts, change_seq FROM applications WHERE change_seq > $1${own}
        UNION ALL SELECT 'refusal', id, version, data, open_conflicts, change_seq FROM refusals WHERE change_seq > $1${own}
        UNION ALL SELECT 'access', id, version, data, open_conflicts, change_seq FROM access_log WHERE change_seq > $1${own}
        UNION ALL SELECT 'complaint', id, version, data, open_conflicts, change_seq FROM complaints WHERE change_seq > $1${own}
        UNION ALL SELECT 'visit', id, version, data, open_conflicts, change_seq FROM visits WHERE change_seq > $1${own}
        UNION ALL SELECT 'techProtocol', id, version, data, open_conflicts, change_seq FROM tech_protocols WHERE change_seq > $1${own}
        UNION ALL SELECT 'kindergarten', id, version, data, open_conflicts, change_seq FROM kindergartens WHERE change_seq > $1${notEcho}
        UNION ALL SELECT 'office', id, version, data, open_conflicts, change_seq FROM offices WHERE change_seq > $1${notEcho}
        UNION ALL SELECT 'staff', id, version,
               CASE WHEN office_id = $3 AND password IS NOT NULL THEN data || jsonb_build_object('password', password) ELSE data END,
               open_conflicts, change_seq FROM staff WHERE change_seq > $1${own}
        UNION ALL SELECT key, key, version, data, 0, change_seq FROM reference_docs WHERE change_seq > $1
     ) c ORDER BY change_seq LIMIT $2`,
    [cursor, limit + 1, scope.officeId, scope.skipOwn ?? null],
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const changes: PullPage['changes'] = page.map((r) => ({
    entity: r.entity,
    id: r.id,
    version: r.version,
    data: r.data,
    ...(r.open_conflicts > 0 ? { conflict: true } : {}),
  }));
  const last = page.length ? page[page.length - 1].change_seq : cursor;
  const next = more ? last : Math.max(last, horizon, cursor);
  const out: PullPage = { changes, cursor: String(next), more, serverTime: now };
  if (!more) {
    // The office's own waiting children, placed within the whole district (district principals: everyone's).
    out.queue = await queueForPull(db, now, scope.district ? null : scope.officeId, queueSince);
  }
  return out;
}
