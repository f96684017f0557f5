/**
 * The sync engine: push the outbox in small acknowledged batches, pull by
 * cursor, keep number leases topped up. One run at a time; every step resumes
 * from what the server acknowledged, so a dropped link costs a retry, never
 * a lost or doubled op.
 */
import { version as packageVersion } from '../../package.json';
import {
  APP_VERSION_HEADER,
  CLIENT_TIME_HEADER,
  OUTBOX_HEADER,
  SYNC_LIMITS,
  makeBatchFile,
  batchFileName,
  clockOffset,
  leaseSizeFor,
  leaseYears,
  localParts,
  officeMay,
  type EnrolResponse,
  type LeaseRequest,
  type Lease,
  type Op,
  type PullResponse,
  type PushResponse,
  type QueueEntry,
  type Staff,
} from '../../shared';
import type { DeskContext } from '../services/context';
import { DeskError } from '../services/api';
import { VaultLockedError } from '../services/vault';
import { appendOp, deviceId, OWN_RECORDS_HELD, opsToSend, resumeSequence } from '../services/outbox';
import {
  CATCH_UP_PULL,
  LOW_WATER,
  NUMBERS_WARN_KEY,
  journalNumbers,
  keepListedLeases,
  leaseKey,
  numbersLeft,
  takeLeaseFile,
} from '../services/numbers';
import { COMPLAINT_JOURNAL } from '../services/complaints';
import { TECH_PROTOCOL_JOURNAL } from '../services/techProtocols';
import { currentOffice, keepOwnPasswordOver } from '../services/auth';
import { JOIN_PENDING, joinRequest, rehomeRecords, rehomedStaff, type PendingJoin } from './join';
import { applyChanges, loadReference } from './apply';
import { SyncHttpError, backoffMs, call, callFile, type CallOptions, type CallStats, type Endpoint } from './transport';
import { checkServerBeforeEnrol, type CertificatePinning } from './certificates';
import { syncStatus, type RunOutcome, type SyncStatus } from './status';

export type { SyncStatus } from './status';

export type Enrolment = {
  baseUrl: string;
  token: string;
  batchKey: string;
  deviceId: string;
  officeId: string;
  enrolledAt: string;
  deviceName: string;
};

/**
 * Left by a restore from a backup of an enrolled laptop (services/backup.ts):
 * the laptop enrols again as the same device. `seq`: the backup's last
 * deviceSeq (absent in markers of older versions).
 */
/** The queue places kept from the last pull, with the tag the server named them by. */
type HeldQueue = { asOf: string; tag?: string; entries: QueueEntry[] };

/** server/queue/snapshot.ts's tag of a list: SHA-256 of its JSON, base64url, 22 characters. */
async function queueTag(entries: QueueEntry[]): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(entries))),
  );
  let bin = '';
  for (const b of digest) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 22);
}

export type ReEnrolment = { baseUrl: string; deviceId: string; officeId: string; restoredAt: string; seq?: number };

export type SyncState = {
  status: SyncStatus;
  lastSyncAt?: string;
  /** Ops in the outbox: the changes behind the records below (the Sync page shows them). */
  pending: number;
  /** Records with changes not yet sent, and how many of them are applications: what a clerk counts. */
  pendingRecords?: { applications: number; other: number };
  quarantined: number;
  progress?: { done: number; total: number };
  error?: { code: string; status: number };
  numbersLow?: Array<{ journal: string; year: number; left: number }>;
  /** The server's clock minus this laptop's, when large enough to correct (see shared/sync/clock.ts). */
  clockOffsetMs?: number;
  /** Restored from a backup and enrolled again: numbering waits for the first full pull (services/numbers.ts). */
  catchUp?: boolean;
  /** The district revoked this laptop (REVOKED): sync is locked until it enrols again; nothing here was wiped. */
  revoked?: { at: string };
};

/**
 * Set when the server answers that the district revoked this laptop
 * (auth.revoked). From then on no run contacts the server: the laptop says it
 * was disconnected by the district and keeps every unsent op (the outbox, for
 * a batch file) and every record; enrolling again clears it.
 */
export const REVOKED = 'revoked';

export type EngineOptions = {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts per request before a run gives up until the next trigger. */
  attempts?: number;
  batchOps?: number;
  batchBytes?: number;
  /** Journals to keep leases for (besides each catalog entry the office registers). */
  journals?: string[];
  /** Certificate pinning (the desktop shell's; absent in web mode, where the browser verifies): see ./certificates.ts. */
  certificates?: CertificatePinning;
  /** The version this desk reports to the district's device board (default: the app's, package.json). */
  appVersion?: string;
};

/**
 * Batch size adapts to the link, as TCP's window does: it starts small
 * (100 ops, ~8 KB gzipped: under a second on EDGE), doubles while batches come
 * back quickly and halves when one fails or is slow, so a bad link never holds
 * more than a small batch in flight and a good one is not made to wait.
 */
const DEFAULT_BATCH_OPS = 100;
const MIN_BATCH_OPS = 25;
const FAST_BATCH_MS = 1_000;
const SLOW_BATCH_MS = 5_000;
/** Uncompressed; gzip makes it ~5x smaller, ~10 s on EDGE. */
const DEFAULT_BATCH_BYTES = 256 * 1024;

export async function getEnrolment(ctx: DeskContext): Promise<Enrolment | undefined> {
  return (await ctx.db.meta.get('enrolment'))?.value as Enrolment | undefined;
}

/** The re-enrolment a restored laptop waits for, if any. */
export async function getReEnrolment(ctx: DeskContext): Promise<ReEnrolment | undefined> {
  return (await ctx.db.meta.get('reEnrol'))?.value as ReEnrolment | undefined;
}

export class SyncEngine {
  private listeners = new Set<(s: SyncState) => void>();
  private running: Promise<SyncState> | null = null;
  private again: Promise<SyncState> | null = null;
  /** How the last run ended: kept until the next one, so that a failure is not forgotten by a recount. */
  private outcome: RunOutcome | undefined;
  private syncing = false;
  state: SyncState = { status: 'notEnrolled', pending: 0, quarantined: 0 };
  readonly stats: CallStats = { bytesUp: 0, bytesDown: 0 };

  /** Aborted when the system reports the link gone: requests in flight stop waiting for their timeout. */
  private offline = new AbortController();

  constructor(
    private ctx: DeskContext,
    private opts: EngineOptions = {},
  ) {
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', () => {
        this.offline.abort();
        this.offline = new AbortController();
      });
    }
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** Distinct records behind the outbox's ops, read from its clear index (no op is decrypted). */
  private async pendingRecords(): Promise<{ applications: number; other: number }> {
    const apps = new Set<string>();
    const other = new Set<string>();
    await this.ctx.db.outbox.each((r) => (r.entity === 'application' ? apps : other).add(`${r.entity}:${r.entityId}`));
    return { applications: apps.size, other: other.size };
  }

  async refreshCounts(): Promise<SyncState> {
    const enr = await getEnrolment(this.ctx);
    const pending = await this.ctx.db.outbox.count();
    const pendingRecords = pending ? await this.pendingRecords() : { applications: 0, other: 0 };
    const quarantined = await this.ctx.db.quarantine.count();
    const [last, catchUp, revokedRow] = await this.ctx.db.meta.bulkGet(['lastSyncAt', CATCH_UP_PULL, REVOKED]);
    const revoked = enr ? (revokedRow?.value as { at: string } | undefined) : undefined;
    const online = typeof navigator === 'undefined' ? true : navigator.onLine;
    // Revoked: an error for a person to act on, after a restart too (the run that learnt it is long gone).
    if (revoked && !this.syncing) this.outcome = 'error';
    const status = syncStatus({
      enrolled: !!enr,
      syncing: this.syncing,
      online,
      outcome: this.outcome,
      pending,
      quarantined,
    });
    this.set({
      revoked,
      ...(revoked ? { error: { code: 'sync.revoked', status: 401 } } : {}),
      pending,
      pendingRecords,
      quarantined,
      lastSyncAt: last?.value as string | undefined,
      status,
      numbersLow: enr ? await this.lowNumbers() : undefined,
      clockOffsetMs: this.ctx.clock.offsetMs || undefined,
      catchUp: !!enr && catchUp?.value === true,
    });
    return this.state;
  }

  /**
   * Enrols this device with a one-time code from the district and stores what
   * it sends. `join`: a standalone office joining the district with its
   * records (./join.ts): the server takes its staff, kindergartens and numbers
   * in, and every record here is rewritten under the district's ids.
   */
  async enrol(
    baseUrl: string,
    code: string,
    deviceName: string,
    opts: { join?: boolean } = {},
  ): Promise<EnrolResponse> {
    const ctx = this.ctx;
    const localOfficeId = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
    const standalone = localOfficeId && !(await getEnrolment(ctx)) ? localOfficeId : null;
    if (opts.join && !standalone) throw new DeskError('join.notStandalone');
    if (opts.join && !ctx.vault.unlocked) throw new VaultLockedError();
    // The server's certificate is checked against the code (and pinned) before the code is sent.
    const secret = await checkServerBeforeEnrol(baseUrl, code, this.opts.certificates);
    const myId = await deviceId(ctx);
    const join = opts.join ? await joinRequest(ctx) : undefined;
    const sent = this.laptopMs();
    const res = await call<EnrolResponse>(
      { baseUrl },
      'POST',
      '/v1/enrol',
      { code: secret, deviceName, deviceId: myId, ...(join ? { join } : {}) },
      { fetch: this.opts.fetch, stats: this.stats },
    );
    await this.learnClock(sent, res);
    if (join && standalone) {
      // The code is used up now: the answer is kept before any record is rewritten (finished at the next run otherwise).
      if (!res.joined) throw new DeskError('join.serverTooOld');
      const pending: PendingJoin = { res, baseUrl, deviceName, localOfficeId: standalone };
      await ctx.db.meta.put({ key: JOIN_PENDING, value: pending });
    }
    await this.storeEnrolment(res, baseUrl, deviceName);
    return res;
  }

  /** A join whose answer came but whose records were not yet rewritten (the laptop stopped in between). */
  private async finishJoin(): Promise<void> {
    const p = (await this.ctx.db.meta.get(JOIN_PENDING))?.value as PendingJoin | undefined;
    if (p) await this.storeEnrolment(p.res, p.baseUrl, p.deviceName);
  }

  private async storeEnrolment(res: EnrolResponse, baseUrl: string, deviceName: string): Promise<void> {
    const ctx = this.ctx;
    const ref = res.reference;
    const { db } = ctx;
    const enrolment: Enrolment = {
      baseUrl,
      token: res.token,
      batchKey: res.batchKey,
      deviceId: res.deviceId,
      officeId: res.officeId,
      enrolledAt: res.serverTime,
      deviceName,
    };
    const tables = [db.meta, db.offices, db.staff, db.kindergartens, db.outbox, db.counters, db.leases];
    // A join rewrites every record: every table takes part.
    const joining = !!res.joined;
    // One transaction with the op sequence and the number blocks: no op or number is made in between.
    await db.transaction('rw', joining ? db.tables : tables, async () => {
      const restored = await getReEnrolment(ctx);
      const pending = joining ? ((await db.meta.get(JOIN_PENDING))?.value as PendingJoin | undefined) : undefined;
      // Finished already (two windows, or a run racing the button): nothing is rewritten twice.
      if (joining && !pending) return;
      let own: Staff[] = [];
      let matched: Staff[] = [];
      if (pending) {
        await db.meta.delete(JOIN_PENDING);
        await rehomeRecords(ctx, pending);
        const rehomed = rehomedStaff(await db.staff.toArray(), pending);
        const rows = rehomed.rows;
        matched = rehomed.matched;
        await db.staff.clear();
        await db.offices.clear();
        const dropped = Object.entries(res.joined?.kindergartens ?? {}).filter(([a, b]) => a !== b);
        await db.kindergartens.bulkDelete(dropped.map(([a]) => a));
        own = rows;
        for (const s of matched) {
          const theirs = ref.staff.find((x) => x.id === s.id)?.password;
          if (theirs) await keepOwnPasswordOver(ctx, s.id, theirs.hash);
        }
      }
      await db.offices.bulkPut(ref.offices);
      await db.kindergartens.bulkPut(ref.kindergartens);
      const mine = new Set(own.map((s) => s.id));
      await db.staff.bulkPut(
        ref.staff.filter((s) => s.officeId === res.officeId && s.password && !mine.has(s.id)) as never,
      );
      await db.staff.bulkPut(own);
      await db.meta.bulkPut([
        { key: 'deviceId', value: res.deviceId },
        { key: 'officeId', value: res.officeId },
        { key: 'enrolment', value: enrolment },
        { key: 'districtName', value: ref.districtName },
        { key: 'catalog', value: ref.catalog },
        { key: 'calendar', value: ref.calendar },
        { key: 'syncCursor', value: res.cursor },
        { key: 'lastSyncAt', value: res.serverTime },
      ]);
      await db.meta.delete('reEnrol');
      await db.meta.delete(OWN_RECORDS_HELD);
      await db.meta.delete(REVOKED);
      // The sequence goes on after what the district holds for this device: what it has leaves
      // the outbox, and a restored laptop's ops made since the restore are renumbered past it.
      const { behind } = await resumeSequence(ctx, res.acked, restored?.seq);
      // A desk that is restored, or behind the district on its own ops, has stale blocks and
      // lacks records: it numbers nothing until a full pull has brought the office's records.
      const stale = !!restored || behind;
      await keepListedLeases(ctx, res.leases, stale);
      if (stale) await db.meta.put({ key: CATCH_UP_PULL, value: true });
      // People the district had made already: the key pair they use here is theirs to publish.
      for (const s of matched)
        if (s.keys)
          await appendOp(ctx, {
            entity: 'staff',
            entityId: s.id,
            kind: 'patch',
            fields: { keys: s.keys },
            baseVersion: 0,
            staffId: s.id,
          });
    });
    await loadReference(ctx);
    await this.topUpLeases(enrolment);
    // A new credential: the last run's failure (a revoked token, say) is no longer the news.
    this.outcome = undefined;
    this.set({ error: undefined });
    await this.refreshCounts();
  }

  /** One sync run; concurrent callers share it. */
  /**
   * One sync run at a time. A call during a run gets one more run after it
   * (shared by every such caller): work saved, or a button pressed, while a
   * run is under way must not wait for the next timer.
   */
  syncNow(): Promise<SyncState> {
    if (!this.running) {
      this.running = this.run().finally(() => (this.running = null));
      return this.running;
    }
    if (!this.again) {
      this.again = this.running.then(() => {
        this.again = null;
        return this.syncNow();
      });
    }
    return this.again;
  }

  private async run(): Promise<SyncState> {
    // A join the laptop stopped in the middle of (its code is used up on the server): finished first.
    if (this.ctx.vault.unlocked) await this.finishJoin();
    const enr = await getEnrolment(this.ctx);
    // Pulled records are sealed on arrival: nothing syncs while the screen is locked or nobody signed in.
    if (!enr || !this.ctx.vault.unlocked) return this.refreshCounts();
    // Revoked by the district: no request goes out until the laptop enrols again.
    if (await this.ctx.db.meta.get(REVOKED)) return this.refreshCounts();
    // No link at all: say so now rather than after a round of retries.
    if (typeof navigator !== 'undefined' && !navigator.onLine) {
      this.outcome = 'offline';
      this.set({ error: undefined, progress: undefined });
      return this.refreshCounts();
    }
    this.syncing = true;
    this.set({ status: 'syncing', error: undefined });
    try {
      await this.push(enr);
      await this.pull(enr);
      await this.topUpLeases(enr);
      const now = new Date().toISOString();
      await this.ctx.db.meta.put({ key: 'lastSyncAt', value: now });
      this.outcome = 'ok';
      this.set({ progress: undefined });
    } catch (e) {
      const err = e instanceof SyncHttpError ? e : new SyncHttpError('sync.failed', -1);
      if (!(e instanceof SyncHttpError)) console.error(e);
      // A refused certificate is no network trouble: "error", for a person to act on.
      this.outcome = err.status === 0 && err.retryable ? 'offline' : 'error';
      // Told it was revoked: locked from now on, and everything it holds stays (REVOKED).
      if (err.code === 'sync.revoked') await this.ctx.db.meta.put({ key: REVOKED, value: { at: this.ctx.now() } });
      this.set({ error: { code: err.code, status: err.status }, progress: undefined });
    } finally {
      this.syncing = false;
    }
    return this.refreshCounts();
  }

  /**
   * A request with retries and backoff; non-retryable answers surface at once.
   * `path` may be a function: asked again before each attempt, after `onRetry`
   * (a pull asks for a smaller page after a failure).
   */
  private async request<T>(
    enr: Enrolment,
    method: 'GET' | 'POST',
    path: string | (() => string),
    body?: unknown,
    onRetry?: () => void,
  ): Promise<T> {
    return this.retrying(
      enr,
      (ep, o) => call<T>(ep, method, typeof path === 'function' ? path() : path, body, o),
      onRetry,
    );
  }

  /** One exchange with the server, tried again (with backoff) while the failure is one that passes. */
  private async retrying<T>(
    enr: Enrolment,
    send: (ep: Endpoint, o: CallOptions) => Promise<T>,
    onRetry?: () => void,
  ): Promise<T> {
    const attempts = this.opts.attempts ?? 5;
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let i = 0; ; i++) {
      try {
        const sent = this.laptopMs();
        // Read at each attempt: a token rotated by the last answer (adoptToken) is used from then on.
        const ep: Endpoint = { baseUrl: enr.baseUrl, token: enr.token };
        const res = await send(ep, {
          fetch: this.opts.fetch,
          stats: this.stats,
          signal: this.offline.signal,
          headers: await this.deskHeaders(sent),
        });
        await this.learnClock(sent, res);
        return res;
      } catch (e) {
        if (!(e instanceof SyncHttpError) || !e.retryable || i + 1 >= attempts) throw e;
        if (e.status === 0 && typeof navigator !== 'undefined' && !navigator.onLine) throw e;
        onRetry?.();
        await sleep(backoffMs(i, this.opts.random));
      }
    }
  }

  /**
   * What this desk tells the district's device board on each sync request
   * (docs/sync.md): its version, its own uncorrected clock, and the ops
   * waiting in its outbox (0 on a pull: a full sync; and what ends a
   * "take what it has, then stop" revocation).
   */
  private async deskHeaders(sentMs: number): Promise<Record<string, string>> {
    return {
      [APP_VERSION_HEADER]: this.opts.appVersion ?? packageVersion,
      [CLIENT_TIME_HEADER]: new Date(sentMs).toISOString(),
      [OUTBOX_HEADER]: String(await this.ctx.db.outbox.count()),
    };
  }

  /** The laptop's own clock (the desk's clock less the correction in force). */
  private laptopMs(): number {
    return Date.parse(this.ctx.now()) - this.ctx.clock.offsetMs;
  }

  /** Keeps the desk's clock in step with the server's, from an answer that carries its time. */
  private async learnClock(sentMs: number, res: unknown): Promise<void> {
    const serverTime = (res as { serverTime?: unknown } | null)?.serverTime;
    if (typeof serverTime !== 'string') return;
    const offset = clockOffset(sentMs, this.laptopMs(), serverTime);
    if (offset === null) return;
    if (offset !== this.ctx.clock.offsetMs) {
      this.ctx.clock.offsetMs = offset;
      await this.ctx.db.meta.put({ key: 'clockOffset', value: offset });
    }
    if (offset !== (this.state.clockOffsetMs ?? 0)) this.set({ clockOffsetMs: offset || undefined });
  }

  /** Ops in the next push; see DEFAULT_BATCH_OPS. A fixed batchOps option turns adapting off. */
  private batchOps = DEFAULT_BATCH_OPS;

  private adaptBatch(ms: number | null): void {
    if (this.opts.batchOps) return;
    if (ms === null || ms > SLOW_BATCH_MS) this.batchOps = Math.max(MIN_BATCH_OPS, Math.floor(this.batchOps / 2));
    else if (ms < FAST_BATCH_MS) this.batchOps = Math.min(SYNC_LIMITS.maxOpsPerBatch, this.batchOps * 2);
  }

  /** The next ops to send: those after `afterSeq`, decrypted side by side, within the batch's size limits. */
  private async nextBatch(afterSeq = 0): Promise<Op[]> {
    const maxOps = this.opts.batchOps ?? this.batchOps;
    const maxBytes = this.opts.batchBytes ?? DEFAULT_BATCH_BYTES;
    const rows = await this.ctx.db.outbox
      .where('deviceSeq')
      .above(afterSeq)
      .limit(Math.min(maxOps, SYNC_LIMITS.maxOpsPerBatch))
      .toArray();
    // A row that no longer opens is set aside and goes as a marked header: it holds up nothing.
    const ops = await opsToSend(this.ctx, rows);
    const out: Op[] = [];
    let bytes = 0;
    for (const op of ops) {
      const size = JSON.stringify(op).length;
      if (out.length && bytes + size > maxBytes) break;
      out.push(op);
      bytes += size;
    }
    return out;
  }

  /**
   * Batches go one at a time (the server applies a device's ops in order), but
   * the laptop does not sit idle meanwhile: while a batch is on the wire and
   * the server applies it, the next one is read and decrypted, and the answer
   * to the previous one is written down.
   */
  private async push(enr: Enrolment): Promise<void> {
    const { db } = this.ctx;
    const total = await db.outbox.count();
    let done = 0;
    let batch = await this.nextBatch();
    let acking: Promise<void> = Promise.resolve();
    try {
      while (batch.length) {
        this.set({ progress: { done, total } });
        const lastSeq = batch[batch.length - 1].deviceSeq;
        const ahead = this.nextBatch(lastSeq);
        ahead.catch(() => {}); // awaited below, or dropped with the failed run
        const sentAt = Date.now();
        let res: PushResponse;
        try {
          res = await this.request<PushResponse>(enr, 'POST', '/v1/push', { ops: batch });
        } catch (e) {
          this.adaptBatch(null);
          throw e;
        }
        this.adaptBatch(Date.now() - sentAt);
        await acking;
        const sent = batch;
        acking = this.acknowledge(sent, res).then(async () => {
          done += sent.filter((o) => o.deviceSeq <= res.acked).length;
          this.set({ progress: { done, total }, pending: await db.outbox.count() });
        });
        // The server waits for an op it has not seen: nothing more will be acknowledged this run.
        if (res.acked < sent[0].deviceSeq) throw new SyncHttpError('sync.backlog', 409);
        // Everything taken: the batch read ahead follows. Otherwise start again after what was.
        batch = res.acked >= lastSeq ? await ahead : (await acking, await this.nextBatch());
      }
    } finally {
      await acking;
    }
  }

  /**
   * What the server said about a batch, in one local transaction: quarantined
   * ops kept with their reason, the server versions learnt, the acknowledged
   * ops gone from the outbox. Reads and writes go in bulk (one request per
   * table, not per op).
   */
  private async acknowledge(batch: Op[], res: PushResponse): Promise<void> {
    const { db } = this.ctx;
    const byId = new Map(batch.map((o) => [o.opId, o]));
    const answered = res.results.flatMap((r) => {
      const op = byId.get(r.opId);
      return op ? [{ r, op }] : [];
    });
    const newest = (entity: (e: Op['entity']) => boolean) => {
      const m = new Map<string, number>();
      for (const { r, op } of answered)
        if (r.version !== undefined && entity(op.entity))
          m.set(op.entityId, Math.max(m.get(op.entityId) ?? 0, r.version));
      return m;
    };
    const appVersions = newest((e) => e === 'application');
    const otherVersions = newest((e) => e !== 'application' && e !== 'access');
    const entityOf = new Map(answered.map(({ op }) => [op.entityId, op.entity]));
    const quarantined = answered.filter(
      ({ r }) => r.status === 'quarantined' || (r.status === 'duplicate' && r.original === 'quarantined'),
    );
    await db.transaction('rw', [db.outbox, db.quarantine, db.applications, db.meta], async () => {
      for (const { r, op } of quarantined) {
        if (await db.quarantine.get(op.deviceSeq)) continue;
        const row = await db.outbox.get(op.deviceSeq);
        if (row)
          await db.quarantine.put({ ...row, reason: r.reason ?? 'unknown', detail: r.detail, at: res.serverTime });
      }
      if (otherVersions.size) {
        const keys = [...otherVersions.keys()].map((id) => `sv:${entityOf.get(id)}:${id}`);
        const seen = await db.meta.bulkGet(keys);
        const ahead = [...otherVersions.entries()].flatMap(([, v], i) =>
          v > ((seen[i]?.value as number | undefined) ?? 0) ? [{ key: keys[i], value: v }] : [],
        );
        if (ahead.length) await db.meta.bulkPut(ahead);
      }
      if (appVersions.size) {
        const versions = [...appVersions.entries()];
        const rows = await db.applications.bulkGet(versions.map(([id]) => id));
        const ahead = versions.flatMap(([id, v], i) => {
          const row = rows[i];
          return row && (row.serverVersion ?? 0) < v ? [{ key: id, changes: { serverVersion: v } }] : [];
        });
        if (ahead.length) await db.applications.bulkUpdate(ahead);
      }
      await db.outbox.where('deviceSeq').belowOrEqual(res.acked).delete();
    });
  }

  /**
   * Changes per pull page, adapting like the push batch: a page that cannot
   * arrive within its timeout on a poor link would otherwise fail for ever.
   */
  private pullLimit: number = SYNC_LIMITS.pullDefaultLimit;

  private async pull(enr: Enrolment): Promise<void> {
    // Own records come back until one pull has run to the end since enrolling
    // (OWN_RECORDS_HELD): a laptop restored from an older backup must get back
    // the work it pushed after that backup; afterwards they are left out.
    const own = (await this.ctx.db.meta.get(OWN_RECORDS_HELD))?.value === true ? 'skip' : 'send';
    // A restored laptop numbers again once this pull, begun after its enrolment, has run to the end.
    const catchingUp = (await this.ctx.db.meta.get(CATCH_UP_PULL))?.value === true;
    for (;;) {
      const cursor = ((await this.ctx.db.meta.get('syncCursor'))?.value as string | undefined) ?? '';
      // The queue list held here, by its tag: the server then sends only what changed in it.
      const heldTag = ((await this.ctx.db.meta.get('queuePositions'))?.value as HeldQueue | undefined)?.tag;
      const sentAt = Date.now();
      const res = await this.request<PullResponse>(
        enr,
        'GET',
        () =>
          `/v1/pull?cursor=${encodeURIComponent(cursor)}&limit=${this.pullLimit}&own=${own}` +
          (heldTag ? `&queue=${encodeURIComponent(heldTag)}` : ''),
        undefined,
        () => {
          this.pullLimit = Math.max(MIN_BATCH_OPS, Math.floor(this.pullLimit / 2));
        },
      );
      const ms = Date.now() - sentAt;
      if (ms > SLOW_BATCH_MS) this.pullLimit = Math.max(MIN_BATCH_OPS, Math.floor(this.pullLimit / 2));
      else if (ms < FAST_BATCH_MS && res.more) this.pullLimit = Math.min(SYNC_LIMITS.pullMaxLimit, this.pullLimit * 2);
      if (res.token) await this.adoptToken(enr, res.token);
      if (res.numbersWarnPercent) await this.ctx.db.meta.put({ key: NUMBERS_WARN_KEY, value: res.numbersWarnPercent });
      await applyChanges(this.ctx, res.changes, res.cursor);
      if (res.queue) await this.keepQueue(res.queue);
      if (!res.more) {
        if (own === 'send') await this.ctx.db.meta.put({ key: OWN_RECORDS_HELD, value: true });
        if (catchingUp && own === 'send') await this.ctx.db.meta.delete(CATCH_UP_PULL);
        return;
      }
    }
  }

  /**
   * The server's next token for this device (the last pull page of a sync):
   * stored before anything else, in one write of the enrolment row, and used
   * from the next request. Until then the server still accepts the old one,
   * so a crash right here costs nothing.
   */
  private async adoptToken(enr: Enrolment, token: string): Promise<void> {
    const { db } = this.ctx;
    const stored = await db.transaction('rw', db.meta, async () => {
      const cur = (await db.meta.get('enrolment'))?.value as Enrolment | undefined;
      // Enrolled again meanwhile: that enrolment's token is the one to keep.
      if (!cur || cur.deviceId !== enr.deviceId || cur.token !== enr.token) return false;
      await db.meta.put({ key: 'enrolment', value: { ...cur, token } });
      return true;
    });
    if (stored) enr.token = token;
  }

  private async journals(): Promise<string[]> {
    // Every journal the desk numbers offline: one per service the office accepts (officeMay:
    // also what it takes in for the district education department, though not offered at
    // offices), and the results, referrals, hearing notices, complaints and protocols. A
    // missing lease would stop registration on a laptop far from any link.
    const type = (await this.ctx.db.offices.get(((await this.ctx.db.meta.get('officeId'))?.value as string) ?? ''))
      ?.type;
    const services = this.ctx.catalog
      .all()
      .filter((e) => (type ? officeMay(e, type, 'accept') : e.channels.includes('office')))
      .map((e) => e.code);
    return [
      ...new Set([
        ...services,
        'referral',
        'result',
        'hearing',
        COMPLAINT_JOURNAL,
        TECH_PROTOCOL_JOURNAL,
        ...(this.opts.journals ?? []),
      ]),
    ];
  }

  /** This year's and (from December) the next one's, on the office's own calendar (not UTC's). */
  private async leaseYears(): Promise<number[]> {
    const office = await currentOffice(this.ctx).catch(() => null);
    return leaseYears(localParts(this.ctx.now(), office?.utcOffsetMinutes).date);
  }

  /** Journals below the district's threshold (a share of their block), and those with no block at all. */
  private async lowNumbers(): Promise<Array<{ journal: string; year: number; left: number }>> {
    const [year] = await this.leaseYears();
    const held = new Map((await journalNumbers(this.ctx, year)).map((j) => [j.journal, j]));
    return (await this.journals()).flatMap((journal) => {
      const h = held.get(journal);
      return !h || h.low ? [{ journal, year, left: h?.left ?? 0 }] : [];
    });
  }

  /** Leases a new block for each journal that runs low, this year and, from December, the next. */
  private async topUpLeases(enr: Enrolment): Promise<void> {
    const years = await this.leaseYears();
    const journals = await this.journals();
    for (const year of years) {
      for (const journal of journals) {
        const left = (await numbersLeft(this.ctx, journal, year)) ?? 0;
        if (left >= LOW_WATER * 2) continue;
        // A journal that carries most of a village's work wants a block big enough for weeks offline: the catalog says which.
        const size = leaseSizeFor(journal, this.ctx.catalog.all());
        const req: LeaseRequest = { journal, year, size };
        const lease = await this.request<Lease>(enr, 'POST', '/v1/leases', req);
        await this.ctx.db.leases.put({
          id: lease.id,
          key: leaseKey(journal, year),
          journal,
          year,
          from: lease.from,
          to: lease.to,
          next: lease.from,
        });
      }
    }
  }

  /** Takes a lease file the district issued for this laptop (no network at all): its blocks number from now on. */
  async importLeaseFile(text: string): Promise<{ blocks: number; numbers: number }> {
    const taken = await takeLeaseFile(this.ctx, text);
    await this.refreshCounts();
    return taken;
  }

  /** The pending ops as a signed file for a USB stick (no network at all). */
  async exportBatch(): Promise<{ name: string; text: string; ops: number } | null> {
    const enr = await getEnrolment(this.ctx);
    if (!enr) return null;
    const ops = await opsToSend(this.ctx, await this.ctx.db.outbox.orderBy('deviceSeq').toArray());
    if (!ops.length) return null;
    const office = await currentOffice(this.ctx);
    const file = await makeBatchFile({
      deviceId: enr.deviceId,
      officeId: office.id,
      ops,
      createdAt: new Date().toISOString(),
      keyB64: enr.batchKey,
    });
    return { name: batchFileName(file), text: JSON.stringify(file), ops: ops.length };
  }

  /**
   * A reading of this office's reports from the district server (issue #14):
   * figures as the district counts them (closed periods, counts entered from
   * outside the system). Needs the link; null on a standalone computer.
   */
  async officeReport<T>(path: string): Promise<T | null> {
    const enr = await getEnrolment(this.ctx);
    if (!enr) return null;
    return this.request<T>(enr, 'GET', `/v1/office/reports/${path}`);
  }

  /** A file of this office's reports the district server makes (XLSX, CSV); null on a standalone computer. */
  async officeReportFile(path: string): Promise<Blob | null> {
    const enr = await getEnrolment(this.ctx);
    if (!enr) return null;
    return this.retrying(enr, (ep, o) => callFile(ep, `/v1/office/reports/${path}`, o));
  }

  /**
   * The queue list a pull brought: whole, or what changed since the list held
   * here (`base`, its tag); a change list for another list than the one held
   * (another window's sync wrote it meanwhile) is dropped with the tag, so the
   * next pull brings the whole list.
   */
  private async keepQueue(q: NonNullable<PullResponse['queue']>): Promise<void> {
    const { db } = this.ctx;
    if (q.base === undefined) {
      await db.meta.put({ key: 'queuePositions', value: { asOf: q.asOf, tag: q.tag, entries: q.entries } });
      return;
    }
    const held = (await db.meta.get('queuePositions'))?.value as HeldQueue | undefined;
    let entries = held?.entries ?? [];
    let tag: string | undefined;
    if (held && held.tag === q.base) {
      const byId = new Map(held.entries.map((e) => [e.applicationId, e]));
      for (const id of q.removed ?? []) byId.delete(id);
      for (const e of q.entries) byId.set(e.applicationId, e);
      entries = [...byId.values()].sort((a, b) => a.age - b.age || a.position - b.position);
      // The list rebuilt here must be the server's, to the byte its tag was made of: else the next pull brings it whole.
      if ((await queueTag(entries)) === q.tag) tag = q.tag;
    }
    await db.meta.put({ key: 'queuePositions', value: { asOf: q.asOf, ...(tag ? { tag } : {}), entries } });
  }

  /** Queue places as of the last sync: the district orders the queue, the device only shows it. */
  async queuePositions(): Promise<{ asOf: string; byId: Map<string, QueueEntry> } | null> {
    const q = (await this.ctx.db.meta.get('queuePositions'))?.value as
      { asOf: string; entries: QueueEntry[] } | undefined;
    return q ? { asOf: q.asOf, byId: new Map(q.entries.map((e) => [e.applicationId, e])) } : null;
  }
}
