/**
 * Finding applications on indexes only: an IIN exactly or by prefix, a journal
 * number, or name words by prefix (Kazakh letters and look-alikes folded the
 * same way as at write time). Lists page by keyset, never by offset.
 */
import Dexie from 'dexie';
import { localParts, nameTokens, WorkCalendar, defaultCalendar, fromLocal, type Application, type Office } from '../../shared';
import type { ListQuery, Page, DeskStats } from './api';
import type { DeskContext } from './context';
import type { AppRow } from '../db/schema';
import { fromRow } from './indexes';
import { currentOffice } from './auth';

const DEFAULT_LIMIT = 25;

export async function list(ctx: DeskContext, q: ListQuery): Promise<Page<Application>> {
  const limit = Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), 200);
  const text = (q.text ?? '').trim();
  if (text) return searchText(ctx, text, q, limit);
  const t = ctx.db.applications;
  if (q.due) {
    const office = await currentOffice(ctx);
    const [lo, hi] = dueRange(q.due, ctx.now(), office);
    const rows = await t.where('openDueAt').between(lo, hi, true, false).limit(limit + 1).toArray();
    return page(rows.filter((r) => !q.status || r.status === q.status), limit);
  }
  if (q.status) {
    const upper = q.cursor ?? Dexie.maxKey;
    const rows = await t
      .where('[status+sortKey]')
      .between([q.status, Dexie.minKey], [q.status, upper], true, false)
      .reverse()
      .limit(limit + 1)
      .toArray();
    return page(rows, limit, true);
  }
  const coll = q.cursor ? t.where('sortKey').below(q.cursor) : t.orderBy('sortKey');
  const rows = await coll.reverse().limit(limit + 1).toArray();
  return page(rows, limit, true);
}

function page(rows: AppRow[], limit: number, keyset = false): Page<Application> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(fromRow), ...(more && keyset ? { next: items[items.length - 1].sortKey } : {}) };
}

/** Office-local day bounds as instants: today, the next working day, and before now. */
function dueRange(due: NonNullable<ListQuery['due']>, now: string, office: Office, cal: WorkCalendar = defaultCalendar): [string, string] {
  const today = localParts(now, office.utcOffsetMinutes).date;
  const endOfToday = fromLocal(today, '23:59', office.utcOffsetMinutes);
  switch (due) {
    case 'overdue': return ['', now];
    case 'dueToday': return [now, endOfToday];
    case 'atRisk': return [endOfToday, fromLocal(cal.addWorkingDays(today, 1), '23:59', office.utcOffsetMinutes)];
    default: return [now, '\uffff'];
  }
}

async function searchText(ctx: DeskContext, text: string, q: ListQuery, limit: number): Promise<Page<Application>> {
  const t = ctx.db.applications;
  const offset = q.cursor ? Number(q.cursor) || 0 : 0;
  const digits = text.replace(/[\s-]/g, '');
  let rows: AppRow[];
  if (/^\d+$/.test(digits)) {
    const byIin = digits.length === 12
      ? await t.where('childIin').equals(digits).or('applicantIin').equals(digits).toArray()
      : digits.length >= 4
        ? await t.where('childIin').startsWith(digits).or('applicantIin').startsWith(digits).limit(offset + limit + 1).toArray()
        : [];
    const bySeq = digits.length <= 6 ? await t.where('journalSeq').equals(Number(digits)).toArray() : [];
    rows = dedupe([...bySeq, ...byIin]);
  } else if (/^[\p{L}\d]+-\d{4}-\d+$/u.test(text)) {
    rows = await t.where('journalNo').equals(text.toUpperCase()).toArray();
    if (!rows.length) rows = await t.where('journalNo').equals(text).toArray();
  } else {
    const tokens = nameTokens(text);
    if (!tokens.length) return { items: [] };
    // Drive the index with the longest word (fewest hits); the others filter.
    const [first, ...rest] = [...tokens].sort((a, b) => b.length - a.length);
    rows = await t
      .where('nameKeys')
      .startsWith(first)
      .distinct()
      .filter((r) => rest.every((w) => r.nameKeys.some((k) => k.startsWith(w))))
      .offset(offset)
      .limit(limit + 1)
      .toArray();
    const more = rows.length > limit;
    return { items: rows.slice(0, limit).map(fromRow), ...(more ? { next: String(offset + limit) } : {}) };
  }
  if (q.status) rows = rows.filter((r) => r.status === q.status);
  rows.sort((a, b) => (a.sortKey < b.sortKey ? 1 : -1));
  const slice = rows.slice(offset, offset + limit);
  return { items: slice.map(fromRow), ...(rows.length > offset + limit ? { next: String(offset + limit) } : {}) };
}

function dedupe(rows: AppRow[]): AppRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

export async function stats(ctx: DeskContext): Promise<DeskStats> {
  const office = await currentOffice(ctx);
  const now = ctx.now();
  const today = localParts(now, office.utcOffsetMinutes).date;
  const t = ctx.db.applications;
  const countDue = async (d: 'overdue' | 'dueToday' | 'atRisk') => {
    const [lo, hi] = dueRange(d, now, office);
    return t.where('openDueAt').between(lo, hi, true, false).count();
  };
  const monthStart = fromLocal(`${today.slice(0, 7)}-01`, '00:00', office.utcOffsetMinutes);
  return {
    applicationsThisYear: await t.where('journalYear').equals(Number(today.slice(0, 4))).count(),
    refusalsToAccept: await ctx.db.refusals.count(),
    refusalsThisMonth: await ctx.db.refusals.where('at').aboveOrEqual(monthStart).count(),
    waiting: await t.where('queueState').equals('waiting').count(),
    overdue: await countDue('overdue'),
    dueToday: await countDue('dueToday'),
    atRisk: await countDue('atRisk'),
  };
}
