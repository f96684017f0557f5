/**
 * The reports' mirror of the applications held as columns (issue #17: the
 * server's memory at 60,000 waiting children). As one object per application
 * with its events the mirror of 180,000 applications kept about 2 KB each on
 * the heap (355 MiB), and the heap V8 lets grow before collecting is a
 * multiple of what stays held. Here each application is a row number: the
 * values many rows share (office, service, states, channel, decision kind,
 * birth date, the kindergartens asked for) are numbers into one table of
 * strings, the times are milliseconds in a Float64Array, and only the id and
 * the journal number are strings of their own. A report asks for the rows as
 * the same AppFact objects as before, made when asked and dropped after.
 *
 * Their events (shared applicationEvents: a date conversion per month) are
 * worked out once per application and context and kept as the few numbers
 * that differ between applications, then made again as the same objects when
 * read. Over 60,000 applications on a loaded machine, one pass took 1.3-2.4 s
 * working the events out each time, 0.4-0.5 s made back from here, 0.1-0.3 s
 * with every fact and event kept as objects.
 *
 * Every value comes back exactly as it went in: a time whose text is not the
 * one toISOString writes (another offset, no milliseconds) is kept as text.
 */
import { applicationEvents, type ApplicationFacts, type EventContext, type ReportEvent } from '../../shared';

/** An application as the reports and the queue figures see it. */
export type AppFact = ApplicationFacts & {
  acceptedMs: number;
  birthDate: string | null;
  kindergartenIds: string[];
  /** A referral issued (decision kind 'referral'): to which kindergarten, on which day. */
  referral?: { kindergartenId: string; issuedOn: string };
  expiredReferrals: Array<{ kindergartenId: string; validUntil: string }>;
};

/** An application of the mirror as a report reads it: `row` finds its events again without working them out. */
export type AppEntry = { fact: AppFact; row: number; events?: ReportEvent[] };

/** A frozen array: the rows share them, so nobody may change one through a fact. */
const NONE = Object.freeze([]) as unknown as never[];

/** Strings that many rows share, each kept once, by number (0: absent). */
class Interned {
  private readonly codes = new Map<string, number>();
  private readonly strings: Array<string | undefined> = [undefined];
  code(s: string | null | undefined): number {
    if (s === undefined || s === null) return 0;
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.codes.set(s, c);
    }
    return c;
  }
  at(c: number): string | undefined {
    return this.strings[c];
  }
}

/** A time as milliseconds when toISOString gives its text back, else its text (NaN: absent). */
class Times {
  ms = new Float64Array(0);
  readonly odd = new Map<number, string>();
  grow(n: number) {
    const next = new Float64Array(n).fill(NaN);
    next.set(this.ms);
    this.ms = next;
  }
  put(row: number, s: string | null | undefined) {
    this.odd.delete(row);
    if (s === undefined || s === null) {
      this.ms[row] = NaN;
      return;
    }
    const ms = Date.parse(s);
    if (Number.isFinite(ms) && new Date(ms).toISOString() === s) this.ms[row] = ms;
    else {
      this.ms[row] = NaN;
      this.odd.set(row, s);
    }
  }
  get(row: number): string | undefined {
    const ms = this.ms[row];
    return Number.isNaN(ms) ? this.odd.get(row) : new Date(ms).toISOString();
  }
}

const EV_COLUMNS = ['gen', 'channel', 'accMonth', 'delMonth', 'norm', 'outcome', 'onTime'] as const;
type EvColumn = (typeof EV_COLUMNS)[number];

/** The same events, key for key in the same order (undefined values included). */
function sameEvents(a: ReportEvent[], b: ReportEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>;
    const y = b[i] as Record<string, unknown>;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (let k = 0; k < kx.length; k++) if (kx[k] !== ky[k] || !Object.is(x[kx[k]], y[ky[k]])) return false;
  }
  return true;
}

/** Milliseconds whose toISOString text has a four-digit year (0000-9999): such texts sort as their instants. */
const isoOrdered = (ms: number) => ms >= -62_167_219_200_000 && ms < 253_402_300_800_000;

const CODES = ['office', 'service', 'status', 'queue', 'channel', 'decision', 'birth', 'kgs'] as const;
type Code = (typeof CODES)[number];

/** The applications of the mirror, by id, in columns; read as `{ fact }` entries like a Map of them. */
export class AppColumns {
  private readonly rowOf = new Map<string, number>();
  private ids: string[] = [];
  private journalNos: string[] = [];
  private readonly interned = new Interned();
  private codes = {} as Record<Code, Uint32Array>;
  private readonly times = { accepted: new Times(), due: new Times(), arrival: new Times(), ready: new Times() };
  /** The kindergartens asked for, by their code in `interned` (the list as JSON). */
  private readonly kgLists = new Map<number, readonly string[]>();
  /** Few rows have these: kept by row. */
  private readonly referrals = new Map<number, NonNullable<AppFact['referral']>>();
  private readonly expired = new Map<number, AppFact['expiredReferrals']>();
  private capacity = 0;
  /**
   * The events worked out, as numbers (see eventsOf): the context's generation they were made
   * in (0: not yet), the channel, the month accepted and delivered (0: no delivery), the minutes
   * waited (-1: not recorded), the norm (0: none), the outcome and whether on time.
   */
  private ev = {} as Record<EvColumn, Uint32Array>;
  private evWaited = new Int32Array(0);
  /** Events of a shape the columns do not describe (a later rule): kept as they are. */
  private readonly evOther = new Map<number, ReportEvent[]>();
  private generation = 1;

  constructor() {
    this.clear();
  }

  get size(): number {
    return this.ids.length;
  }

  clear(): void {
    this.rowOf.clear();
    this.ids = [];
    this.journalNos = [];
    this.capacity = 0;
    for (const c of CODES) this.codes[c] = new Uint32Array(0);
    for (const t of Object.values(this.times)) {
      t.ms = new Float64Array(0);
      t.odd.clear();
    }
    this.referrals.clear();
    this.expired.clear();
    for (const c of EV_COLUMNS) this.ev[c] = new Uint32Array(0);
    this.evWaited = new Int32Array(0);
    this.evOther.clear();
  }

  /** The event context changed (office types, the catalog): every application's events are made again. */
  forgetEvents(): void {
    this.generation++;
    this.evOther.clear();
  }

  private grow() {
    const n = Math.max(1024, this.capacity * 2);
    for (const c of CODES) {
      const next = new Uint32Array(n);
      next.set(this.codes[c]);
      this.codes[c] = next;
    }
    for (const t of Object.values(this.times)) t.grow(n);
    for (const c of EV_COLUMNS) {
      const next = new Uint32Array(n);
      next.set(this.ev[c]);
      this.ev[c] = next;
    }
    const waited = new Int32Array(n);
    waited.set(this.evWaited);
    this.evWaited = waited;
    this.capacity = n;
  }

  /** Adds the application, or replaces what was held of it. */
  set(a: AppFact): void {
    let row = this.rowOf.get(a.id);
    if (row === undefined) {
      row = this.ids.length;
      if (row >= this.capacity) this.grow();
      this.rowOf.set(a.id, row);
      this.ids.push(a.id);
      this.journalNos.push(a.journalNo);
    } else this.journalNos[row] = a.journalNo;
    const c = this.codes;
    const s = this.interned;
    c.office[row] = s.code(a.officeId);
    c.service[row] = s.code(a.serviceCode);
    c.status[row] = s.code(a.status);
    c.queue[row] = s.code(a.queueState);
    c.channel[row] = s.code(a.channel);
    c.decision[row] = s.code(a.decisionKind);
    c.birth[row] = s.code(a.birthDate);
    if (a.kindergartenIds.length) {
      const k = s.code(JSON.stringify(a.kindergartenIds));
      if (!this.kgLists.has(k)) this.kgLists.set(k, Object.freeze([...a.kindergartenIds]));
      c.kgs[row] = k;
    } else c.kgs[row] = 0;
    this.times.accepted.put(row, a.acceptedAt);
    this.times.due.put(row, a.dueAt);
    this.times.arrival.put(row, a.arrivalAt);
    this.times.ready.put(row, a.readyAt);
    if (a.referral) this.referrals.set(row, { ...a.referral });
    else this.referrals.delete(row);
    this.ev.gen[row] = 0;
    this.evOther.delete(row);
    if (a.expiredReferrals.length)
      this.expired.set(row, Object.freeze(a.expiredReferrals.map((x) => ({ ...x }))) as AppFact['expiredReferrals']);
    else this.expired.delete(row);
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  keys(): IterableIterator<string> {
    return this.rowOf.keys();
  }

  /** The application as an entry of the mirror (a new object each time), or undefined. */
  get(id: string): AppEntry | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : { fact: this.fact(row), row };
  }

  *values(): IterableIterator<AppEntry> {
    // Rows added while iterating are not visited (a refresh never runs during a report's loop).
    for (let row = 0, n = this.ids.length; row < n; row++) yield { fact: this.fact(row), row };
  }

  /**
   * The applications accepted up to `end` (ms) and, before `from`, those not issued: what a
   * report's months can count (events.ts liveEvents); the others are skipped without being made.
   */
  *accepted(from: number, end: number): IterableIterator<AppEntry> {
    const issued = this.interned.code('issued');
    for (let row = 0, n = this.ids.length; row < n; row++)
      if (this.countable(row, from, end, issued)) yield { fact: this.fact(row), row };
  }

  /**
   * The rows accepted(from, end) gives, in the same order, without making their facts: a report
   * over a year visits about 150,000 rows at 60,000 waiting children, and the fact of each (an
   * object and four ISO texts) was the larger part of what a report allocated.
   */
  forEachAccepted(from: number, end: number, visit: (row: number) => void): void {
    const issued = this.interned.code('issued');
    for (let row = 0, n = this.ids.length; row < n; row++) if (this.countable(row, from, end, issued)) visit(row);
  }

  private countable(row: number, from: number, end: number, issued: number): boolean {
    const at = this.times.accepted.ms[row];
    if (!Number.isNaN(at)) return !(at > end || (at < from && this.codes.status[row] === issued));
    // A time kept as text: the fact's own reading of it decides.
    const fact = this.fact(row);
    return !(fact.acceptedMs > end || (fact.acceptedMs < from && fact.status === 'issued'));
  }

  /** The application in `row` as a fact (a new object each time). */
  factAt(row: number): AppFact {
    return this.fact(row);
  }

  /** The row of the application `id`, or undefined. */
  rowOfId(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  /**
   * The times of `row` a list of applications shows, each as its fact would give it, without
   * making the fact: a file of 83,713 applications made 83,713 facts only to read these three.
   */
  listTimes(row: number): { acceptedAt: string | undefined; dueAt: string | undefined; readyAt: string | undefined } {
    const t = this.times;
    return { acceptedAt: t.accepted.get(row), dueAt: t.due.get(row), readyAt: t.ready.get(row) };
  }

  /**
   * False when shared overdueEvent certainly gives nothing for `row` at `asOfMs` (the instant of
   * the ISO text asOf, as toISOString writes it; NaN: unknown, never false): ready by then,
   * withdrawn, due after it or accepted after it. The same comparisons overdueEvent makes on the
   * texts, made on the milliseconds where they say the same (texts as toISOString writes them, of
   * years 0-9999, sort as their instants); a time kept as text leaves the decision to
   * overdueEvent. Most rows are delivered: their fact is then never made.
   */
  mayBeOverdue(row: number, asOfMs: number): boolean {
    if (!isoOrdered(asOfMs)) return true;
    const t = this.times;
    const ready = t.ready.ms[row];
    if (isoOrdered(ready) && ready <= asOfMs) return false;
    if (this.codes.queue[row] === this.interned.code('withdrawn')) return false;
    const due = t.due.ms[row];
    if (isoOrdered(due) && due >= asOfMs) return false;
    const accepted = t.accepted.ms[row];
    if (isoOrdered(accepted) && accepted > asOfMs) return false;
    return true;
  }

  /**
   * The applications the queue's figures can count (reports.ts queueFigures, referralRows):
   * those waiting, and those with a referral issued or expired; the others are skipped unmade.
   */
  *inQueue(): IterableIterator<AppEntry> {
    const waiting = this.interned.code('waiting');
    const queue = this.codes.queue;
    for (let row = 0, n = this.ids.length; row < n; row++)
      if (queue[row] === waiting || this.referrals.has(row) || this.expired.has(row))
        yield { fact: this.fact(row), row };
  }

  /** The report events of the application in `row` (shared applicationEvents), made once per context. */
  eventsOf(e: AppEntry, ctx: EventContext): ReportEvent[] {
    const { row, fact: a } = e;
    const ev = this.ev;
    if (ev.gen[row] !== this.generation) {
      const made = applicationEvents(a, ctx);
      ev.gen[row] = this.generation;
      this.evOther.delete(row);
      const back = this.encode(row, made);
      if (!back) this.evOther.set(row, made);
      // The same events key for key, made smaller (madeBack): these are the ones a report holds.
      return back ?? made;
    }
    const other = this.evOther.get(row);
    if (other) return other;
    const out: ReportEvent[] = [];
    this.madeBack(row, out, '', '\uffff');
    return out;
  }

  /**
   * Pushes to `out` the events of `row` whose month is within `from`..`to` ('YYYY-MM'), the same
   * objects in the same order as eventsOf gives; events of other months are not made. The fact is
   * made only when the events must be worked out (the first report after a load or a change).
   */
  pushEvents(row: number, ctx: EventContext, from: string, to: string, out: ReportEvent[]): void {
    const other = this.ev.gen[row] === this.generation ? this.evOther.get(row) : undefined;
    if (this.ev.gen[row] !== this.generation || other) {
      for (const e of other ?? this.eventsOf({ fact: this.fact(row), row }, ctx))
        if (e.month >= from && e.month <= to) out.push(e);
      return;
    }
    this.madeBack(row, out, from, to);
  }

  /** The events of `row` kept as numbers, made again (those of months from..to), in applicationEvents' shape. */
  private madeBack(row: number, out: ReportEvent[], from: string, to: string): void {
    const ev = this.ev;
    const s = this.interned;
    const accMonth = s.at(ev.accMonth[row]) as string;
    const delMonth = ev.delMonth[row] ? (s.at(ev.delMonth[row]) as string) : undefined;
    const withAccepted = accMonth >= from && accMonth <= to;
    const withDelivered = delMonth !== undefined && delMonth >= from && delMonth <= to;
    if (!withAccepted && !withDelivered) return;
    const id = this.ids[row];
    const officeId = s.at(this.codes.office[row]) as string;
    const serviceCode = s.at(this.codes.service[row]) as string;
    const channel = s.at(ev.channel[row]) as ReportEvent['channel'];
    const journalNo = this.journalNos[row];
    // Object literals in applicationEvents' key order, one shape each: an event made by spreading
    // a shared head ({ ...head, kind }) took about 450 bytes of heap, a literal 125, and a year's
    // report holds 180,000 of them at 60,000 waiting children (issue #17).
    if (withAccepted) {
      const waited = this.evWaited[row];
      const norm = ev.norm[row];
      const kind = 'accepted';
      const month = accMonth;
      out.push(
        waited < 0
          ? { id, officeId, serviceCode, channel, n: 1, applicationId: id, journalNo, kind, month }
          : norm
            ? {
                id,
                officeId,
                serviceCode,
                channel,
                n: 1,
                applicationId: id,
                journalNo,
                kind,
                month,
                waited,
                waitNorm: norm,
              }
            : { id, officeId, serviceCode, channel, n: 1, applicationId: id, journalNo, kind, month, waited },
      );
    }
    if (withDelivered)
      out.push({
        id,
        officeId,
        serviceCode,
        channel,
        n: 1,
        applicationId: id,
        journalNo,
        kind: 'delivered',
        month: delMonth,
        outcome: s.at(ev.outcome[row]) as ReportEvent['outcome'],
        onTime: ev.onTime[row] === 1,
      });
  }

  /**
   * Keeps `made` as numbers when it is exactly what eventsOf makes back (key for key, in the
   * same order), and gives the events made back; undefined when it is not, for instance after
   * applicationEvents learnt a new field.
   */
  private encode(row: number, made: ReportEvent[]): ReportEvent[] | undefined {
    const [acc, del] = made;
    if (!acc || made.length > 2 || acc.kind !== 'accepted' || (del && del.kind !== 'delivered')) return undefined;
    if (acc.waited !== undefined && (!Number.isInteger(acc.waited) || acc.waited < 0)) return undefined;
    if (
      acc.waitNorm !== undefined &&
      (acc.waited === undefined || !Number.isInteger(acc.waitNorm) || acc.waitNorm <= 0)
    )
      return undefined;
    if (del && (typeof del.onTime !== 'boolean' || del.outcome === undefined || del.channel !== acc.channel))
      return undefined;
    const s = this.interned;
    const ev = this.ev;
    ev.channel[row] = s.code(acc.channel);
    ev.accMonth[row] = s.code(acc.month);
    this.evWaited[row] = acc.waited ?? -1;
    ev.norm[row] = acc.waitNorm ?? 0;
    ev.delMonth[row] = del ? s.code(del.month) : 0;
    ev.outcome[row] = del ? s.code(del.outcome) : 0;
    ev.onTime[row] = del?.onTime ? 1 : 0;
    // The proof: what the columns give back is what applicationEvents made.
    const back: ReportEvent[] = [];
    this.madeBack(row, back, '', '\uffff');
    return sameEvents(back, made) ? back : undefined;
  }

  private fact(row: number): AppFact {
    const c = this.codes;
    const s = this.interned;
    const t = this.times;
    const acceptedAt = t.accepted.get(row) as string;
    const accMs = t.accepted.ms[row];
    const fact: AppFact = {
      id: this.ids[row],
      officeId: s.at(c.office[row]) as string,
      serviceCode: s.at(c.service[row]) as string,
      journalNo: this.journalNos[row],
      acceptedAt,
      acceptedMs: Number.isNaN(accMs) ? Date.parse(acceptedAt) : accMs,
      dueAt: t.due.get(row) as string,
      status: s.at(c.status[row]) as AppFact['status'],
      queueState: s.at(c.queue[row]) as AppFact['queueState'],
      channel: s.at(c.channel[row]) as AppFact['channel'],
      arrivalAt: t.arrival.get(row),
      readyAt: t.ready.get(row),
      decisionKind: s.at(c.decision[row]),
      birthDate: s.at(c.birth[row]) ?? null,
      kindergartenIds: (this.kgLists.get(c.kgs[row]) as string[] | undefined) ?? NONE,
      expiredReferrals: this.expired.get(row) ?? NONE,
    };
    const referral = this.referrals.get(row);
    if (referral) fact.referral = referral;
    return fact;
  }
}
