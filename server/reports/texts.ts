/**
 * The annual report's narrative sections as the district wrote them
 * (shared/reports/narrative.ts; migration 014): read per year, saved per
 * section with an audit entry, refused once the year is closed.
 */
import { monthRange, type ReportTexts, type ReportTextSection } from '../../shared';
import type { Queryable } from '../db';
import { SyncError } from '../store/errors';
import { audit, type AuditActor } from '../admin/audit';
import { closedMonths } from './reports';

/** The lock closeMonths takes: a save and a close of the same year run one after the other. */
const CLOSE_LOCK = 7314;

/** Every month of the year is closed (reports.ts closeMonths): the annual report is final. */
export async function yearClosed(db: Queryable, year: number): Promise<boolean> {
  const closed = new Set((await closedMonths(db)).map((c) => c.month));
  return monthRange(`${year}-01`, `${year}-12`).every((m) => closed.has(m));
}

export async function reportTexts(
  db: Queryable,
  year: number,
): Promise<{ texts: ReportTexts; updatedAt: string | null }> {
  const { rows } = await db.query<{ section: ReportTextSection; kk: string; ru: string; updated_at: Date | string }>(
    `SELECT section, kk, ru, updated_at FROM report_texts WHERE year = $1 ORDER BY section`,
    [year],
  );
  const texts: ReportTexts = {};
  let updatedAt: string | null = null;
  for (const r of rows) {
    texts[r.section] = { kk: r.kk, ru: r.ru };
    const at = new Date(r.updated_at).toISOString();
    if (!updatedAt || at > updatedAt) updatedAt = at;
  }
  return { texts, updatedAt };
}

/**
 * Saves the sections given (both sides empty removes one). A closed year
 * answers 409 report.yearClosed. The audit entry names the sections changed,
 * with their texts before and after (the report's public wording, no personal data).
 */
export async function saveReportTexts(
  tx: Queryable,
  actor: AuditActor,
  year: number,
  texts: ReportTexts,
): Promise<{ changed: ReportTextSection[] }> {
  await tx.query(`SELECT pg_advisory_xact_lock(${CLOSE_LOCK})`);
  if (await yearClosed(tx, year)) throw new SyncError(409, 'report.yearClosed');
  const { texts: before } = await reportTexts(tx, year);
  const changed: ReportTextSection[] = [];
  for (const [section, t] of Object.entries(texts) as Array<[ReportTextSection, { kk: string; ru: string }]>) {
    const was = before[section] ?? { kk: '', ru: '' };
    if (was.kk === t.kk && was.ru === t.ru) continue;
    changed.push(section);
    if (!t.kk && !t.ru) await tx.query(`DELETE FROM report_texts WHERE year = $1 AND section = $2`, [year, section]);
    else
      await tx.query(
        `INSERT INTO report_texts (year, section, kk, ru, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (year, section) DO UPDATE SET kk = EXCLUDED.kk, ru = EXCLUDED.ru, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [year, section, t.kk, t.ru, actor.staffId ?? ''],
      );
  }
  if (changed.length)
    await audit(tx, actor, {
      action: 'report.texts',
      target: String(year),
      before: Object.fromEntries(changed.map((s) => [s, before[s] ?? null])),
      after: Object.fromEntries(changed.map((s) => [s, texts[s]])),
    });
  return { changed };
}
