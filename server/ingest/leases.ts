/**
 * Blocks of official journal numbers for offline use (DHIS2's reserved
 * values): the counter row is locked while a block is cut, so two devices can
 * never receive overlapping numbers, and a block is never handed out again.
 */
import type { Lease } from '../../shared';
import type { Db } from '../db';

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
