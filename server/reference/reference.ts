/** District reference data as handed to a device at enrolment. */
import { Catalog, defaultCatalog, type ReferenceData, type ServiceEntry } from '../../shared';
import type { Queryable } from '../db';
import { nextChangeSeq } from '../store/store';

export async function districtName(db: Queryable): Promise<{ kk: string; ru: string } | null> {
  const { rows } = await db.query(`SELECT value FROM settings WHERE key = 'district'`);
  return rows[0]?.value?.name ?? null;
}

export async function loadCatalog(db: Queryable): Promise<Catalog> {
  const { rows } = await db.query(`SELECT data FROM reference_docs WHERE key = 'catalog'`);
  return rows.length ? new Catalog(rows[0].data) : defaultCatalog;
}

export async function referenceData(db: Queryable, officeId: string): Promise<ReferenceData> {
  const [offices, kgs, docs, staff, name] = await Promise.all([
    db.query(`SELECT data FROM offices ORDER BY code`),
    db.query(`SELECT data FROM kindergartens ORDER BY number, id`),
    db.query(`SELECT key, data FROM reference_docs`),
    db.query(`SELECT data, password FROM staff WHERE office_id = $1 ORDER BY login`, [officeId]),
    districtName(db),
  ]);
  const doc = (k: string) => docs.rows.find((r) => r.key === k)?.data;
  return {
    districtName: name ?? { kk: '—', ru: '—' },
    offices: offices.rows.map((r) => r.data),
    kindergartens: kgs.rows.map((r) => r.data),
    catalog: doc('catalog') ?? [],
    calendar: doc('calendar') ?? {},
    staff: staff.rows.map((r) => (r.password ? { ...r.data, password: r.password } : r.data)),
  };
}

/** Replaces (or adds) one entry of the district's catalog document; devices pull the new document. */
export async function saveCatalogEntry(tx: Queryable, entry: ServiceEntry): Promise<number> {
  const { rows } = await tx.query(`SELECT data, version FROM reference_docs WHERE key = 'catalog' FOR UPDATE`);
  const current: ServiceEntry[] = rows[0]?.data ?? defaultCatalog.all();
  const next = current.some((e) => e.code === entry.code)
    ? current.map((e) => (e.code === entry.code ? entry : e))
    : [...current, entry];
  // The whole document must still make a catalog (cross-entry checks run in the Catalog constructor).
  new Catalog(next);
  const version = (rows[0]?.version ?? 0) + 1;
  const seq = await nextChangeSeq(tx);
  await tx.query(
    `INSERT INTO reference_docs (key, data, version, change_seq) VALUES ('catalog', $1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version, change_seq = EXCLUDED.change_seq`,
    [JSON.stringify(next), version, seq],
  );
  return version;
}
