/** An official journal number as printed and searched: office code, year, number of at least four digits (ҚРҚ-2026-0042). */
export const formatJournalNo = (officeCode: string, year: number, seq: number) => `${officeCode}-${year}-${String(seq).padStart(4, '0')}`;
