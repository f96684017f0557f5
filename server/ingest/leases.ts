/**
 * Blocks of official journal numbers for offline use (DHIS2's reserved
 * values): the counter row is locked while a block is cut, so two devices can
 * never receive overlapping numbers, and a block is never handed out again.
 */
import {
  LEASE_FILE_FORMAT,
  NUMBERS_WARN_PERCENT,
  leaseSizeFor,
  newId,
  signLeaseFile,
  type Lease,
  type LeaseFile,
  type ServiceEntry,
} from '../../shared';
import type { Db, Queryable } from '../db';
import type { ServerKey } from '../auth/serverKey';
import { SyncError } from '../store/errors';

/** A row of number_leases (int8 columns come back as numbers, timestamps as ISO strings: db/types.ts). */
type LeaseRow = {
  id: number;
  office_id: string;
  journal: string;
  year: number;
  from_no: number;
  to_no: number;
  device_id: string;
  created_at: string;
};

const toLease = (r: LeaseRow): Lease => ({
  id: r.id,
  officeId: r.office_id,
  journal: r.journal,
  year: r.year,
  from: r.from_no,
  to: r.to_no,
  deviceId: r.device_id,
  createdAt: r.created_at,
});

export async function leaseNumbers(
  db: Db,
  officeId: string,
  deviceId: string,
  journal: string,
  year: number,
  size: number,
): Promise<Lease> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO journal_counters (office_id, journal, year, next) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING`,
      [officeId, journal, year],
    );
    const { rows } = await tx.query<{ from_no: number }>(
      `UPDATE journal_counters SET next = next + $4 WHERE office_id = $1 AND journal = $2 AND year = $3 RETURNING next - $4 AS from_no`,
      [officeId, journal, year, size],
    );
    const from = rows[0].from_no;
    const ins = await tx.query<LeaseRow>(
      `INSERT INTO number_leases (office_id, journal, year, device_id, from_no, to_no) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [officeId, journal, year, deviceId, from, from + size - 1],
    );
    return toLease(ins.rows[0]);
  });
}

export async function deviceLeases(db: Db, deviceId: string): Promise<Lease[]> {
  const { rows } = await db.query<LeaseRow>('SELECT * FROM number_leases WHERE device_id = $1 ORDER BY id', [deviceId]);
  return rows.map(toLease);
}

const WARN_SETTING = 'numbersWarnPercent';

/** The district's share of a block below which a laptop warns that a journal runs low; sent with each device's pull. */
export async function numbersWarnPercent(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ p: number | null }>(
    `SELECT (value #>> '{}')::int AS p FROM settings WHERE key = $1`,
    [WARN_SETTING],
  );
  return rows[0]?.p ?? NUMBERS_WARN_PERCENT;
}

export async function setNumbersWarnPercent(db: Queryable, percent: number): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [WARN_SETTING, JSON.stringify(percent)],
  );
}

/**
 * A lease file for a laptop with no link (shared/numbering/leaseFile.ts): a
 * fresh block of `year` for each journal the laptop has ever leased (the
 * journals its desk numbers: it leases every one at enrolment), cut and
 * recorded as issued to it by `leaseNumbers`, as a lease over the network is,
 * so the numbers never go to another laptop. Signed with the laptop's batch
 * key. A laptop that was never enrolled with leases, or is revoked, gets none.
 */
export async function issueLeaseFile(
  db: Db,
  serverKey: ServerKey,
  deviceId: string,
  year: number,
  entries: readonly ServiceEntry[],
  issuedAt: string,
): Promise<LeaseFile> {
  const { rows } = await db.query<{
    id: string;
    kind: string;
    office_id: string;
    batch_key: string | null;
    revoked_at: string | null;
  }>(`SELECT id, kind, office_id, batch_key, revoked_at FROM devices WHERE id = $1`, [deviceId]);
  const row = rows[0];
  if (!row || row.kind !== 'device' || !row.batch_key) throw new SyncError(404, 'leaseFile.unknownDevice');
  if (row.revoked_at) throw new SyncError(409, 'leaseFile.deviceRevoked');
  const key = serverKey.open(row.batch_key, row.id);
  if (key === null) throw new SyncError(409, 'batch.keyUnavailable', { deviceId: row.id });
  const journals = await db.query<{ journal: string }>(
    'SELECT DISTINCT journal FROM number_leases WHERE device_id = $1 ORDER BY journal',
    [deviceId],
  );
  if (!journals.rows.length) throw new SyncError(409, 'leaseFile.noJournals');
  const leases: Lease[] = [];
  for (const { journal } of journals.rows)
    leases.push(await leaseNumbers(db, row.office_id, row.id, journal, year, leaseSizeFor(journal, entries)));
  return signLeaseFile(
    { format: LEASE_FILE_FORMAT, version: 1, id: newId(), deviceId: row.id, officeId: row.office_id, issuedAt, leases },
    key,
  );
}

/** Numbers still unused in a device's leases of a year: all journals together, and the journal closest to running out. */
export type NumbersLeft = { numbersLeft: number; lowestJournal: { journal: string; left: number } | null };

/**
 * Numbers left in each device's leases of `year`. A desk takes the numbers of
 * its blocks in order (renderer/services/numbers.ts), so a block's numbers
 * above the highest one the server has seen used in it are left. Used
 * numbers are those of records that reached the server: applications (their
 * own journal, a referral's, a result document's, a hearing notice's),
 * complaints and technical protocols; numbers used on a laptop and not yet
 * synced still count as left ("as of the last sync").
 */
export async function numbersLeftByDevice(db: Queryable, year: number): Promise<Map<string, NumbersLeft>> {
  const { rows } = await db.query<{ device_id: string; journal: string; left: number }>(
    `WITH l AS (
       SELECT nl.device_id, nl.office_id, nl.journal, nl.year, nl.from_no, nl.to_no
         FROM number_leases nl JOIN devices d ON d.id = nl.device_id
        WHERE d.kind = 'device' AND d.revoked_at IS NULL AND nl.year = $1),
     parsed AS (
       SELECT office_id, journal, no FROM (
         SELECT office_id, 'referral' AS journal, data #>> '{decision,referralNo}' AS no FROM applications
          WHERE office_id IN (SELECT office_id FROM l) AND data #>> '{decision,kind}' = 'referral'
         UNION ALL
         SELECT office_id, 'result', data #>> '{decision,documentNo}' FROM applications
          WHERE office_id IN (SELECT office_id FROM l) AND data #>> '{decision,kind}' = 'result'
         UNION ALL
         SELECT office_id, 'hearing', data #>> '{hearing,noticeNo}' FROM applications
          WHERE office_id IN (SELECT office_id FROM l) AND data ? 'hearing') x
        WHERE no ~ '-[0-9]{4}-[0-9]{1,9}$'),
     used AS (
       SELECT office_id, service_code AS journal, journal_year AS year, journal_seq::bigint AS seq FROM applications
        WHERE journal_year = $1 AND office_id IN (SELECT office_id FROM l)
       UNION ALL
       SELECT office_id, journal, substring(no from '-([0-9]{4})-[0-9]+$')::int, substring(no from '-([0-9]+)$')::bigint FROM parsed
       UNION ALL
       SELECT office_id, 'complaint', (data ->> 'journalYear')::int, (data ->> 'journalSeq')::bigint FROM complaints
        WHERE office_id IN (SELECT office_id FROM l) AND data ->> 'journalYear' ~ '^[0-9]{4}$' AND data ->> 'journalSeq' ~ '^[0-9]{1,9}$'
       UNION ALL
       SELECT office_id, 'techProtocol', (data ->> 'journalYear')::int, (data ->> 'journalSeq')::bigint FROM tech_protocols
        WHERE office_id IN (SELECT office_id FROM l) AND data ->> 'journalYear' ~ '^[0-9]{4}$' AND data ->> 'journalSeq' ~ '^[0-9]{1,9}$')
     SELECT l.device_id, l.journal,
            sum(l.to_no - GREATEST(l.from_no - 1, COALESCE((
              SELECT max(u.seq) FROM used u
               WHERE u.office_id = l.office_id AND u.journal = l.journal AND u.year = l.year
                 AND u.seq BETWEEN l.from_no AND l.to_no), 0)))::int AS left
       FROM l GROUP BY l.device_id, l.journal ORDER BY l.device_id, l.journal`,
    [year],
  );
  const out = new Map<string, NumbersLeft>();
  for (const r of rows) {
    const left = Number(r.left);
    const cur = out.get(r.device_id) ?? { numbersLeft: 0, lowestJournal: null };
    cur.numbersLeft += left;
    if (!cur.lowestJournal || left < cur.lowestJournal.left) cur.lowestJournal = { journal: r.journal, left };
    out.set(r.device_id, cur);
  }
  return out;
}
