/**
 * An official journal number as printed, searched and counted: the office's
 * code (with a journal mark where the office keeps several, "ҚРҚ-Ш"), the
 * year, and the number in that year's journal, at least four digits
 * (ҚРҚ-2026-0042). Written once: the desk prints it, search reads it back,
 * and the server reads a referral's number to move the journal's counter.
 */
export function formatJournalNo(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
}

/**
 * The mark of the referral journal after the office's code: a referral is
 * numbered in its own series (жолдама, ҚРҚ-Ж-2026-0018), so its number cannot
 * be taken for an application's (ҚРҚ-2026-0043), in Kazakh and Russian papers
 * alike. The server reads the year and number back with `parseJournalNo`.
 */
export const REFERRAL_MARK = 'Ж';

/** A referral's number as printed: the office's code, the referral mark, the year and the number. */
export function formatReferralNo(officeCode: string, year: number, seq: number): string {
  return formatJournalNo(`${officeCode}-${REFERRAL_MARK}`, year, seq);
}

export type JournalNo = { prefix: string; year: number; seq: number };

// The prefix is anything up to the year (an office code may hold any letters, a journal mark a dash);
// the number may be typed without its leading zeros.
const JOURNAL_NO = /^(.+)-(\d{4})-(\d+)$/su;

/** The parts of a journal number, or null; `formatJournalNo` of the parts gives the number as printed. */
export function parseJournalNo(value: string): JournalNo | null {
  const m = JOURNAL_NO.exec(value.trim());
  if (!m || !m[1].trim()) return null;
  const seq = Number(m[3]);
  return seq > 0 && Number.isSafeInteger(seq) ? { prefix: m[1].trim(), year: Number(m[2]), seq } : null;
}
