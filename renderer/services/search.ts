/**
 * Finding applications on indexes only, with names and IINs never stored in
 * plaintext: queries are turned into the same keyed hashes (blind indexes) the
 * records were indexed with, then the few candidates are opened and checked.
 * Lists page by keyset, never by offset.
 */
import Dexie from 'dexie';
import {
  formatJournalNo,
  refusalCounts,
  localParts,
  looseFold,
  looseNameTokens,
  nameTokens,
  parseJournalNo,
  subjectOf,
  WorkCalendar,
  defaultCalendar,
  fromLocal,
  isOpenWork,
  shiftIsoDate,
  type Application,
  type Office,
} from '../../shared';
import type { ListQuery, Page, DeskStats } from './api';
import type { DeskContext } from './context';
import type { AppRow } from '../db/schema';
import { fromRows, queryTerm } from './indexes';
import { currentOffice } from './auth';
import { MIN_NAME_QUERY } from './vault';
import { COUNT_KEY, DUE_DAY_PREFIX, REFUSAL_DAY_PREFIX } from '../db/homeCounts';

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

/** A printed number typed without the office's code: the year and the number ("2026-0042", "2026-42"). */
const YEAR_SEQ = /^(\d{4})-(\d{1,6})$/;

async function searchText(ctx: DeskContext, text: string, q: ListQuery, limit: number): Promise<Page<Application>> {
  const t = ctx.db.applications;
  const v = ctx.vault;
  const offset = q.cursor ? Number(q.cursor) || 0 : 0;
  const digits = text.replace(/[\s-]/g, '');
  const journalNo = parseJournalNo(text);
  const yearSeq = YEAR_SEQ.exec(text.replace(/\s/g, ''));
  // Lower ranks first (issue #16: "42" must not drown the number in other matches); newest first within a rank.
  let ranked: Array<{ app: Application; rank: number }>;
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
    // The number in the journal with or without its zeros ("0042", "42"), or with its year ("2026-0042").
    const seq = Number(yearSeq ? yearSeq[2] : digits);
    const year = yearSeq ? Number(yearSeq[1]) : undefined;
    const bySeq =
      seq > 0 && (yearSeq || digits.length <= 6)
        ? await t
            .where('journalSeq')
            .equals(seq)
            .filter((r) => year === undefined || r.journalYear === year)
            .toArray()
        : [];
    const seqIds = new Set(bySeq.map((r) => r.id));
    const opened = await fromRows(v, dedupe([...bySeq, ...rows]));
    ranked = opened
      .map((app) => ({
        app,
        rank: seqIds.has(app.id)
          ? 0
          : [app.child?.iin, app.applicant.iin, subjectOf(app).iin].some((i) => i?.startsWith(digits))
            ? 1
            : -1,
      }))
      .filter((x) => x.rank >= 0);
  } else if (journalNo) {
    // As printed (қрқ-2026-42 finds ҚРҚ-2026-0042), and with the code typed on a Russian layout or in
    // Latin letters (КРК-2026-0042, KRK-2026-0042) after the number as printed.
    const printed = formatJournalNo(journalNo.prefix.toLocaleUpperCase('kk'), journalNo.year, journalNo.seq);
    const code = looseFold(journalNo.prefix);
    const rows = (await t.where('journalSeq').equals(journalNo.seq).toArray()).filter((r) => {
      const no = parseJournalNo(r.journalNo);
      return r.journalYear === journalNo.year && !!no && looseFold(no.prefix) === code;
    });
    ranked = (await fromRows(v, rows)).map((app) => ({ app, rank: app.journalNo === printed ? 0 : 1 }));
  } else {
    return searchNames(ctx, text, q, offset, limit);
  }
  const apps = ranked
    .filter((x) => !q.status || x.app.status === q.status)
    .sort((a, b) => a.rank - b.rank || byNewest(a.app, b.app))
    .map((x) => x.app);
  const slice = apps.slice(offset, offset + limit);
  return { items: slice, ...(apps.length > offset + limit ? { next: String(offset + limit) } : {}) };
}

/** Every word of a name a person is found by, as searchFold and looseFold write them. */
function namesOf(a: Application): Array<string | undefined> {
  const s = subjectOf(a);
  return [
    a.child?.lastName,
    a.child?.firstName,
    a.child?.middleName,
    a.applicant.lastName,
    a.applicant.firstName,
    a.applicant.middleName,
    s.lastName,
    s.firstName,
    s.middleName,
  ];
}

const startsAll = (words: string[], have: string[]) => words.every((w) => have.some((h) => h.startsWith(w)));

/**
 * A name search in two passes over the blind index: the names as spelt
 * first (each query word the start of a word of the name), then those only
 * the fold finds (Сейітов for "Сеитов" or "Seitov"), so an exact match
 * always ranks above a folded one. Each pass is driven by its longest word
 * (fewest hits) and every word is checked on the opened record; candidates
 * are opened in chunks until the page is full. A folded word shorter than
 * the shortest indexed prefix ("Әйі" folds to "ai") has no folded pass.
 */
async function searchNames(
  ctx: DeskContext,
  text: string,
  q: ListQuery,
  offset: number,
  limit: number,
): Promise<Page<Application>> {
  const t = ctx.db.applications;
  const v = ctx.vault;
  const words = nameTokens(text);
  if (!words.length || words.every((w) => w.length < MIN_NAME_QUERY))
    return { items: [], tooShort: true } as Page<Application>;
  const loose = looseNameTokens(text);
  const longest = (ws: string[]) => [...ws].sort((a, b) => b.length - a.length)[0];
  const exact = (a: Application) => startsAll(words, nameTokens(...namesOf(a)));
  const wanted = (a: Application) => !q.status || a.status === q.status;
  const passes: Array<{ term: string; keep: (a: Application) => boolean }> = [
    { term: queryTerm(longest(words)).term, keep: (a) => wanted(a) && exact(a) },
  ];
  const driver = longest(loose);
  if (driver && driver.length >= MIN_NAME_QUERY)
    passes.push({
      term: queryTerm(driver, true).term,
      // Found as spelt in the first pass already.
      keep: (a) => wanted(a) && !exact(a) && startsAll(loose, looseNameTokens(...namesOf(a))),
    });
  const out: Application[] = [];
  let skipped = 0;
  for (const pass of passes) {
    const key = await v.blind('name', pass.term);
    // The first chunk is just a page (most queries are one word that every candidate matches);
    // later chunks grow, so a rare second word does not cost a round trip per page.
    let from = 0;
    for (let chunk = offset + limit + 1; out.length <= limit; chunk = Math.min(chunk * 2, 400)) {
      const rows = await t.where('nameKeys').equals(key).offset(from).limit(chunk).toArray();
      from += rows.length;
      if (!rows.length) break;
      for (const a of await fromRows(v, rows)) {
        if (!pass.keep(a)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        out.push(a);
      }
      if (rows.length < chunk) break;
    }
    if (out.length > limit) break;
  }
  const more = out.length > limit;
  return { items: out.slice(0, limit), ...(more ? { next: String(offset + limit) } : {}) };
}

function dedupe(rows: AppRow[]): AppRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/**
 * The home counters from the kept rows (db/homeCounts.ts), not walked: the
 * plain ones are read as they are; overdue and this month's refusals are the
 * per-day buckets before a UTC day boundary plus an exact index count of the
 * part after it (less than a day); due today and at risk are a day or a few of
 * deadlines, counted exactly on the index. Equal to walkedStats at any instant
 * (tests/unit/home-counters.test.ts).
 */
export async function stats(ctx: DeskContext): Promise<DeskStats> {
  const office = await currentOffice(ctx);
  const now = ctx.now();
  const today = localParts(now, office.utcOffsetMinutes).date;
  const { db } = ctx;
  const t = db.applications;
  const monthStart = fromLocal(`${today.slice(0, 7)}-01`, '00:00', office.utcOffsetMinutes);
  // The UTC day boundaries the buckets are cut at: the start of now's day, and the first after the month's start.
  const nowDay = now.slice(0, 10);
  const afterMonthStart = shiftIsoDate(monthStart.slice(0, 10), 1);
  const openIn = (lo: string, hi: string) =>
    t.where('openDueAt').between(lo, hi, true, false).filter(isOpenWork).count();
  const countDue = (d: 'dueToday' | 'atRisk') => openIn(...dueRange(d, now, office, ctx.calendar));
  // One read transaction: the kept rows and the exact parts see the same records.
  return db.transaction('r', [t, db.refusals, db.homeCounts], async () => {
    const kept = new Map((await db.homeCounts.toArray()).map((r) => [r.key, r.n]));
    /** Buckets of `prefix` with their day in [from, below). */
    const days = (prefix: string, from: string, below: string) => {
      let n = 0;
      for (const [k, v] of kept) {
        if (!k.startsWith(prefix)) continue;
        const day = k.slice(prefix.length);
        if (day >= from && day < below) n += v;
      }
      return n;
    };
    return {
      applicationsThisYear: kept.get(COUNT_KEY.year(Number(today.slice(0, 4)))) ?? 0,
      refusalsToAccept: kept.get(COUNT_KEY.refusals) ?? 0,
      refusalsThisMonth:
        days(REFUSAL_DAY_PREFIX, afterMonthStart, '\uffff') +
        (await db.refusals.where('at').between(monthStart, afterMonthStart, true, false).filter(refusalCounts).count()),
      waiting: kept.get(COUNT_KEY.waiting) ?? 0,
      overdue: days(DUE_DAY_PREFIX, '', nowDay) + (await openIn(nowDay, now)),
      dueToday: await countDue('dueToday'),
      atRisk: await countDue('atRisk'),
    };
  });
}

/**
 * The same counters walked over every record, as the desk counted them before
 * they were kept (issue #17): the full count the kept ones are checked against
 * in tests, and the "before" row of the desk bench.
 */
export async function walkedStats(ctx: DeskContext): Promise<DeskStats> {
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
    // A refusal the clerk withdrew within its minute stays in the log, not in the count (#16 item 5).
    refusalsToAccept: await ctx.db.refusals.filter(refusalCounts).count(),
    refusalsThisMonth: await ctx.db.refusals.where('at').aboveOrEqual(monthStart).filter(refusalCounts).count(),
    waiting: await t.where('queueState').equals('waiting').count(),
    overdue: await countDue('overdue'),
    dueToday: await countDue('dueToday'),
    atRisk: await countDue('atRisk'),
  };
}
