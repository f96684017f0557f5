/**
 * Finding applications on indexes only, with names and IINs never stored in
 * plaintext: queries are turned into the same keyed hashes (blind indexes) the
 * records were indexed with, then the few candidates are opened and checked.
 * Lists page by keyset, never by offset.
 */
import Dexie from 'dexie';
import {
  formatJournalNo,
  localParts,
  nameTokens,
  parseJournalNo,
  subjectOf,
  WorkCalendar,
  defaultCalendar,
  fromLocal,
  isOpenWork,
  type Application,
  type Office,
} from '../../shared';
import type { ListQuery, Page, DeskStats } from './api';
import type { DeskContext } from './context';
import type { AppRow } from '../db/schema';
import { fromRows, queryTerm } from './indexes';
import { currentOffice } from './auth';
import { MIN_NAME_QUERY } from './vault';

const DEFAULT_LIMIT = 25;

export async function list(ctx: DeskContext, q: ListQuery): Promise<Page<Application>> {
  const limit = Math.min(Math.max(q.limit ?? DEFAULT_LIMIT, 1), 200);
  const text = (q.text ?? '').trim();
  if (text) return searchText(ctx, text, q, limit);
  const t = ctx.db.applications;
  if (q.due) {
    const office = await currentOffice(ctx);
    const [lo, hi] = dueRange(q.due, ctx.now(), office, ctx.calendar);
    const rows = await t
      .where('openDueAt')
      .between(lo, hi, true, false)
      .filter(isOpenWork)
      .limit(limit + 1)
      .toArray();
    return page(
      ctx,
      rows.filter((r) => !q.status || r.status === q.status),
      limit,
    );
  }
  if (q.status) {
    const upper = q.cursor ?? Dexie.maxKey;
    const rows = await t
      .where('[status+sortKey]')
      .between([q.status, Dexie.minKey], [q.status, upper], true, false)
      .reverse()
      .limit(limit + 1)
      .toArray();
    return page(ctx, rows, limit, true);
  }
  const coll = q.cursor ? t.where('sortKey').below(q.cursor) : t.orderBy('sortKey');
  const rows = await coll
    .reverse()
    .limit(limit + 1)
    .toArray();
  return page(ctx, rows, limit, true);
}

async function page(ctx: DeskContext, rows: AppRow[], limit: number, keyset = false): Promise<Page<Application>> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: await fromRows(ctx.vault, items),
    ...(more && keyset ? { next: items[items.length - 1].sortKey } : {}),
  };
}

/** Office-local day bounds as instants: today, the next working day, and before now. */
function dueRange(
  due: NonNullable<ListQuery['due']>,
  now: string,
  office: Office,
  cal: WorkCalendar = defaultCalendar,
): [string, string] {
  const today = localParts(now, office.utcOffsetMinutes).date;
  const endOfToday = fromLocal(today, '23:59', office.utcOffsetMinutes);
  switch (due) {
    case 'overdue':
      return ['', now];
    case 'dueToday':
      return [now, endOfToday];
    case 'atRisk':
      return [endOfToday, fromLocal(cal.addWorkingDays(today, 1), '23:59', office.utcOffsetMinutes)];
    default:
      return [now, '\uffff'];
  }
}

const byNewest = (a: { acceptedAt: string; id: string }, b: { acceptedAt: string; id: string }) =>
  a.acceptedAt === b.acceptedAt ? (a.id < b.id ? 1 : -1) : a.acceptedAt < b.acceptedAt ? 1 : -1;

async function searchText(ctx: DeskContext, text: string, q: ListQuery, limit: number): Promise<Page<Application>> {
  const t = ctx.db.applications;
  const v = ctx.vault;
  const offset = q.cursor ? Number(q.cursor) || 0 : 0;
  const digits = text.replace(/[\s-]/g, '');
  const journalNo = parseJournalNo(text);
  let apps: Application[];
  if (/^\d+$/.test(digits)) {
    let rows: AppRow[] = [];
    if (digits.length === 12) {
      const key = await v.blind('iin', digits);
      // The subject key also finds whom a proxy represents (services about the applicant).
      rows = await t
        .where('childIin')
        .equals(key)
        .or('applicantIin')
        .equals(key)
        .or('subjectIin')
        .equals(key)
        .toArray();
    } else if (digits.length >= 6) {
      rows = await t
        .where('iinKeys')
        .equals(await v.blind('iin6', digits.slice(0, 6)))
        .distinct()
        .toArray();
    }
    const bySeq = digits.length <= 6 ? await t.where('journalSeq').equals(Number(digits)).toArray() : [];
    const opened = await fromRows(v, dedupe([...bySeq, ...rows]));
    apps = opened.filter(
      (a) =>
        String(a.journalSeq) === digits ||
        [a.child?.iin, a.applicant.iin, subjectOf(a).iin].some((i) => i?.startsWith(digits)),
    );
  } else if (journalNo) {
    // As printed: the office code in capitals, the number with its zeros (қрқ-2026-42 finds ҚРҚ-2026-0042).
    const rows = await t
      .where('journalNo')
      .anyOf([formatJournalNo(journalNo.prefix.toUpperCase(), journalNo.year, journalNo.seq), text])
      .toArray();
    apps = await fromRows(v, rows);
  } else {
    const words = nameTokens(text);
    if (!words.length || words.every((w) => w.length < MIN_NAME_QUERY))
      return { items: [], tooShort: true } as Page<Application>;
    // Drive the index with the longest word (fewest hits); every word is checked on the opened record.
    const [first] = [...words].sort((a, b) => b.length - a.length);
    const { term } = queryTerm(first);
    const key = await v.blind('name', term);
    const matches = (a: Application) => {
      const s = subjectOf(a);
      const have = nameTokens(
        a.child?.lastName,
        a.child?.firstName,
        a.child?.middleName,
        a.applicant.lastName,
        a.applicant.firstName,
        a.applicant.middleName,
        s.lastName,
        s.firstName,
        s.middleName,
      );
      return words.every((w) => have.some((h) => h.startsWith(w)));
    };
    // Candidates come in index order; open them in chunks until the page is full.
    // The first chunk is just a page (most queries are one word that every candidate matches);
    // later chunks grow, so a rare second word does not cost a round trip per page.
    const out: Application[] = [];
    let skipped = 0;
    let from = 0;
    for (let chunk = offset + limit + 1; out.length <= limit; chunk = Math.min(chunk * 2, 400)) {
      const rows = await t.where('nameKeys').equals(key).offset(from).limit(chunk).toArray();
      from += rows.length;
      if (!rows.length) break;
      for (const a of await fromRows(v, rows)) {
        if (!matches(a)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        out.push(a);
      }
      if (rows.length < chunk) break;
    }
    const more = out.length > limit;
    return { items: out.slice(0, limit), ...(more ? { next: String(offset + limit) } : {}) };
  }
  if (q.status) apps = apps.filter((a) => a.status === q.status);
  apps.sort(byNewest);
  const slice = apps.slice(offset, offset + limit);
  return { items: slice, ...(apps.length > offset + limit ? { next: String(offset + limit) } : {}) };
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
    const [lo, hi] = dueRange(d, now, office, ctx.calendar);
    // isOpenWork again on the clear header: a row an older desk stored withdrawn may still carry its term.
    return t.where('openDueAt').between(lo, hi, true, false).filter(isOpenWork).count();
  };
  const monthStart = fromLocal(`${today.slice(0, 7)}-01`, '00:00', office.utcOffsetMinutes);
  return {
    applicationsThisYear: await t
      .where('journalYear')
      .equals(Number(today.slice(0, 4)))
      .count(),
    refusalsToAccept: await ctx.db.refusals.count(),
    refusalsThisMonth: await ctx.db.refusals.where('at').aboveOrEqual(monthStart).count(),
    waiting: await t.where('queueState').equals('waiting').count(),
    overdue: await countDue('overdue'),
    dueToday: await countDue('dueToday'),
    atRisk: await countDue('atRisk'),
  };
}
