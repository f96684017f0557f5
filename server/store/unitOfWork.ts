/**
 * The records a batch of ops works on, kept in memory between one load and one
 * write. Ops are applied to these copies one after another; flush() then
 * writes every changed record once (an application created and taken through
 * its steps in one batch is one INSERT), the journal counters, the conflicts
 * and the duplicate pairs. A rejected op is undone in memory (begin/rollback),
 * so it leaves nothing behind and the rest of the batch goes on.
 */
import type { Application, FieldVersions, Office, Role, SyncStaff } from '../../shared';
import type { Queryable } from '../db';
import { ENTITIES, type EntityDef, type EntityName } from './entities';
import {
  bumpJournals,
  findPairs,
  lockPairings,
  noteApplicationNumbers,
  pairingKey,
  pairingKeyOf,
  pairingKeys,
  pairingRow,
  queueKey,
  type JournalUse,
  type PairingRow,
} from './records';
import { loadRecords, writeNumbered, type RecordWrite, type StoredRecord } from './store';

type Entry = {
  def: EntityDef;
  /** null: known not to exist. */
  cur: StoredRecord | null;
  /** Whether the row is in the database (as of the last flush). */
  exists: boolean;
  dirty: boolean;
  /** An application written by this batch, for the journal counters and the duplicate check. */
  created?: boolean;
  /** An application's pairingKey as stored (undefined: not stored yet). */
  paired?: string | null;
  /** An application's queueKey as stored (undefined: not stored yet). */
  queued?: string | null;
};

export type StaffRow = { id: string; fullName: string; roles: Role[]; officeId: string; officeType: string };

export type ConflictRow = {
  id: number;
  entity: EntityName;
  entityId: string;
  officeId: string | null;
  kind: 'soft' | 'hard';
  reason: string;
  opId: string;
  deviceId: string;
  deviceSeq: number;
  step: string | null;
  baseVersion: number;
  serverVersion: number;
  fields: unknown;
};

const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/** A record's id: every kind's schema requires a string one, so a record without it is a bug before this point. */
function recordId(def: EntityDef, rec: Record<string, unknown>): string {
  if (typeof rec.id !== 'string') throw new Error(`a ${def.name} record without an id reached the unit of work`);
  return rec.id;
}
const numberKey = (a: { officeId: string; serviceCode: string; journalYear: number; journalSeq: number }) =>
  `${a.officeId}\u0000${a.serviceCode}\u0000${a.journalYear}\u0000${a.journalSeq}`;

export class UnitOfWork {
  private entries = new Map<string, Entry>();
  private staff = new Map<string, StaffRow | null>();
  private conflicts: ConflictRow[] = [];
  private undo: Array<[string, Entry | undefined]> | null = null;
  private conflictsMark = 0;

  /**
   * serialised: no other writer can run beside this transaction (PGlite has one
   * connection), so flush() takes no pairing locks: there is nobody to wait for.
   */
  constructor(
    private readonly tx: Queryable,
    private readonly serialised = false,
  ) {}

  /** Loads (and locks) every record the ops name, one query per table, and their staff. */
  async preload(refs: Array<{ entity: EntityName; id: string }>, staffIds: string[]): Promise<void> {
    const want = new Map<EntityName, Set<string>>();
    for (const r of refs) {
      if (this.entries.has(keyOf(r.entity, r.id))) continue;
      let s = want.get(r.entity);
      if (!s) want.set(r.entity, (s = new Set()));
      s.add(r.id);
    }
    for (const [entity, ids] of want) {
      const def = ENTITIES[entity];
      const found = await loadRecords(this.tx, def, [...ids]);
      for (const id of ids) {
        const cur = found.get(id) ?? null;
        this.entries.set(keyOf(entity, id), {
          def,
          cur,
          exists: !!cur,
          dirty: false,
          ...(cur && entity === 'application'
            ? { paired: pairingKey(cur.rec as Application), queued: queueKey(cur.rec as Application) }
            : {}),
        });
      }
    }
    await this.loadStaff(staffIds.filter((id) => !this.staff.has(id)));
  }

  private async loadStaff(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const { rows } = await this.tx.query<{
      id: string;
      data: Pick<SyncStaff, 'fullName' | 'roles'>;
      office_id: string;
      office_type: string;
    }>(
      `SELECT s.id, s.data, s.office_id, o.type AS office_type FROM staff s JOIN offices o ON o.id = s.office_id WHERE s.id = ANY($1::text[])`,
      [ids],
    );
    for (const id of ids) this.staff.set(id, null);
    for (const r of rows)
      this.staff.set(r.id, {
        id: r.id,
        fullName: r.data.fullName,
        roles: r.data.roles,
        officeId: r.office_id,
        officeType: r.office_type,
      });
  }

  async load(def: EntityDef, id: string): Promise<StoredRecord | null> {
    const k = keyOf(def.name, id);
    if (!this.entries.has(k)) await this.preload([{ entity: def.name, id }], []);
    const e = this.entries.get(k);
    if (!e) throw new Error(`preload left no entry for ${def.name} ${id}`);
    return e.cur;
  }

  /** A record this batch loaded and found: updating or touching any other is a bug in the caller. */
  private loaded(def: EntityDef, id: string): { prev: Entry; cur: StoredRecord } {
    const prev = this.entries.get(keyOf(def.name, id));
    if (!prev?.cur) throw new Error(`${def.name} ${id} is not a record this batch loaded`);
    return { prev, cur: prev.cur };
  }

  /** The office of a record loaded by this batch (null: district-wide, or not loaded). */
  officeOfLoaded(def: EntityDef, id: string): string | null {
    return this.entries.get(keyOf(def.name, id))?.cur?.officeId ?? null;
  }

  /** Who signed an op: a staff record written in this batch counts as it now stands. */
  async staffMember(id: string): Promise<StaffRow | null> {
    const mine = this.entries.get(keyOf('staff', id))?.cur;
    if (mine) {
      const s = mine.rec as SyncStaff;
      const office = await this.officeType(s.officeId);
      return office ? { id, fullName: s.fullName, roles: s.roles, officeId: s.officeId, officeType: office } : null;
    }
    if (!this.staff.has(id)) await this.loadStaff([id]);
    return this.staff.get(id) ?? null;
  }

  private officeTypes = new Map<string, string | null>();

  /**
   * An office's type without locking it (staff checks only read it): read once
   * per unit of work, as nearly every op of a batch asks for its office's
   * (issue #17: 4,980 of a 9,960-op push's 5,705 statements were this lookup).
   */
  async officeType(officeId: string): Promise<string | null> {
    const mine = this.entries.get(keyOf('office', officeId))?.cur;
    if (mine) return (mine.rec as Office).type;
    if (!this.officeTypes.has(officeId)) {
      const { rows } = await this.tx.query<{ type: string }>('SELECT type FROM offices WHERE id = $1', [officeId]);
      this.officeTypes.set(officeId, rows[0]?.type ?? null);
    }
    return this.officeTypes.get(officeId) ?? null;
  }

  private set(def: EntityDef, id: string, next: Entry): void {
    const k = keyOf(def.name, id);
    if (this.undo && !this.undo.some(([key]) => key === k)) this.undo.push([k, this.entries.get(k)]);
    this.entries.set(k, next);
  }

  /** echo: the device that holds exactly this record (StoredRecord.echo), or null. */
  insert(
    def: EntityDef,
    rec: Record<string, unknown>,
    version: number,
    fieldVersions: FieldVersions,
    echo: string | null = null,
  ): Record<string, unknown> {
    const id = recordId(def, rec);
    const full = def.versionField ? { ...rec, version } : rec;
    const prev = this.entries.get(keyOf(def.name, id));
    this.set(def, id, {
      def,
      cur: { id, rec: full, version, fieldVersions, openConflicts: 0, officeId: def.ownerOffice(full), echo },
      exists: prev?.exists ?? false,
      dirty: true,
      created: true,
    });
    return full;
  }

  update(
    def: EntityDef,
    rec: Record<string, unknown>,
    version: number,
    fieldVersions: FieldVersions,
    openConflictsDelta = 0,
    echo: string | null = null,
  ): Record<string, unknown> {
    const id = recordId(def, rec);
    const { prev, cur } = this.loaded(def, id);
    const full = def.versionField ? { ...rec, version } : rec;
    this.set(def, id, {
      ...prev,
      dirty: true,
      cur: {
        ...cur,
        rec: full,
        version,
        fieldVersions,
        openConflicts: Math.max(0, cur.openConflicts + openConflictsDelta),
        echo,
      },
    });
    return full;
  }

  /** Re-announces a record to pulls (its conflict flag changed) without changing it: to every device. */
  touch(def: EntityDef, id: string, openConflictsDelta: number): void {
    const { prev, cur } = this.loaded(def, id);
    this.set(def, id, {
      ...prev,
      dirty: true,
      cur: { ...cur, openConflicts: Math.max(0, cur.openConflicts + openConflictsDelta), echo: null },
    });
  }

  /**
   * After a rejected op: the device that sent it changed its copy of the
   * record, the server did not. Sending the server's record back (to every
   * device, the sender included) puts that copy right at the next pull.
   */
  reannounce(def: EntityDef, id: string): boolean {
    const prev = this.entries.get(keyOf(def.name, id));
    if (!prev?.cur || !prev.exists) return false;
    this.entries.set(keyOf(def.name, id), { ...prev, dirty: true, cur: { ...prev.cur, echo: null } });
    return true;
  }

  /** Keeps a conflict for the flush; its id is taken now, as the op's result names it. */
  async conflict(c: Omit<ConflictRow, 'id'>): Promise<number> {
    const { rows } = await this.tx.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('conflicts', 'id')) AS id`,
    );
    this.conflicts.push({ ...c, id: rows[0].id });
    return rows[0].id;
  }

  private leases = new Map<string, Array<{ journal: string; year: number; from: number; to: number }>>();
  private takenNumbers = new Map<string, { id: string; journalNo: string }>();
  private numbersLoaded = new Set<string>();

  /**
   * Official numbers the batch's new applications carry: which of them another
   * application of the office already has (one query for the batch), and the
   * sending device's leases.
   */
  async preloadNumbers(
    deviceId: string,
    apps: Array<{ officeId: string; serviceCode: string; journalYear: number; journalSeq: number }>,
  ): Promise<void> {
    if (!this.leases.has(deviceId)) {
      const { rows } = await this.tx.query<{ journal: string; year: number; from_no: string; to_no: string }>(
        'SELECT journal, year, from_no, to_no FROM number_leases WHERE device_id = $1',
        [deviceId],
      );
      this.leases.set(
        deviceId,
        rows.map((r) => ({ journal: r.journal, year: r.year, from: Number(r.from_no), to: Number(r.to_no) })),
      );
    }
    const want = apps.filter((a) => !this.numbersLoaded.has(numberKey(a)));
    if (!want.length) return;
    const { rows } = await this.tx.query<{
      id: string;
      office_id: string;
      service_code: string;
      journal_year: number;
      journal_seq: number;
      journal_no: string;
    }>(
      `SELECT a.id, a.office_id, a.service_code, a.journal_year, a.journal_seq, a.journal_no FROM applications a
         JOIN unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS k(office_id, service_code, year, seq)
           ON a.office_id = k.office_id AND a.service_code = k.service_code AND a.journal_year = k.year AND a.journal_seq = k.seq`,
      [
        want.map((a) => a.officeId),
        want.map((a) => a.serviceCode),
        want.map((a) => a.journalYear),
        want.map((a) => a.journalSeq),
      ],
    );
    for (const a of want) this.numbersLoaded.add(numberKey(a));
    for (const r of rows) {
      this.takenNumbers.set(
        numberKey({
          officeId: r.office_id,
          serviceCode: r.service_code,
          journalYear: r.journal_year,
          journalSeq: r.journal_seq,
        }),
        { id: r.id, journalNo: r.journal_no },
      );
    }
  }

  /**
   * Why a new application's official number is suspect: another application of
   * the office carries it (stored, or written earlier in this batch), or it lies
   * outside every block leased to the sending device.
   */
  async journalProblem(
    deviceId: string,
    app: { id: string; officeId: string; serviceCode: string; journalYear: number; journalSeq: number },
  ): Promise<{ reason: 'journal.taken' | 'journal.notLeased'; other: string | null } | null> {
    await this.preloadNumbers(deviceId, [app]);
    const key = numberKey(app);
    for (const e of this.entries.values()) {
      if (e.def.name !== 'application' || !e.cur) continue;
      const r = e.cur.rec as Application;
      if (r.id !== app.id && numberKey(r) === key) return { reason: 'journal.taken', other: r.journalNo };
    }
    const stored = this.takenNumbers.get(key);
    if (stored && stored.id !== app.id) return { reason: 'journal.taken', other: stored.journalNo };
    const leases = this.leases.get(deviceId);
    if (!leases) throw new Error(`preloadNumbers left no leases for device ${deviceId}`);
    const leased = leases.some(
      (l) =>
        l.journal === app.serviceCode &&
        l.year === app.journalYear &&
        app.journalSeq >= l.from &&
        app.journalSeq <= l.to,
    );
    return leased ? null : { reason: 'journal.notLeased', other: null };
  }

  /** Starts an op: what it changes can be undone until commitOp(). */
  begin(): void {
    this.undo = [];
    this.conflictsMark = this.conflicts.length;
  }

  commitOp(): void {
    this.undo = null;
  }

  rollback(): void {
    for (const [k, prev] of (this.undo ?? []).reverse()) {
      if (prev) this.entries.set(k, prev);
      else this.entries.delete(k);
    }
    this.conflicts.length = this.conflictsMark;
    this.undo = null;
  }

  /**
   * Writes what changed: journal counters and conflicts, then each record ONCE
   * with its change number and the duplicate pairs the records make, in one
   * statement (writeNumbered). Every lock a writer may wait on is taken before
   * that statement takes the change counter, held from there to COMMIT (the
   * caller commits right after): the records, loaded FOR NO KEY UPDATE, the
   * offices new rows point at (FOR KEY SHARE), and the pairing keys (lockPairings), whose pairs are then looked up before anything
   * is written (findPairs). Holding the counter, the statement writes rows it
   * has locked and inserts rows no other writer can hold (new ids, pairs under
   * its own keys), so it never waits for another writer: no deadlock. (Before
   * issue #17 the records were written, then every one written again to stamp
   * its number: each row and all of its indexes twice.)
   */
  async flush(): Promise<void> {
    const dirty = [...this.entries.values()].filter((e): e is Entry & { cur: StoredRecord } => e.dirty && !!e.cur);
    const uses: JournalUse = new Map();
    const batch: PairingRow[] = [];
    const candidates: string[] = [];
    const locks: string[] = [];
    let queueMoved = false;
    const pairedNow = new Map<Entry, string | null>();
    const queuedNow = new Map<Entry, string | null>();
    for (const e of dirty) {
      if (e.def.name !== 'application') continue;
      const app = e.cur.rec as Application;
      const queued = queueKey(app);
      queuedNow.set(e, queued);
      if (queued !== (e.exists ? e.queued : null)) queueMoved = true;
      noteApplicationNumbers(uses, app, !!e.created && !e.exists);
      const row = pairingRow(app);
      batch.push(row);
      // Only where a new pair can arise: created, or what pairs it changed (pairingKey).
      const key = pairingKeyOf(row);
      pairedNow.set(e, key);
      if (key !== null && (!e.exists || key !== e.paired)) {
        candidates.push(row.id);
        locks.push(...pairingKeys(row));
      }
    }
    await bumpJournals(this.tx, uses);
    await this.insertConflicts();
    // PGlite has one connection: nobody to wait for, nothing to lock.
    if (!this.serialised) {
      await lockPairings(this.tx, locks);
      // The offices new rows point at, locked as their foreign keys will lock them, now: the check
      // under the counter then finds its own lock instead of adding one more locker to the office's
      // row beside every other office's push (a new multixact, the office's page written).
      const offices = [...new Set(dirty.flatMap((e) => (!e.exists && e.cur.officeId ? [e.cur.officeId] : [])))];
      if (offices.length)
        await this.tx.query('SELECT 1 FROM offices WHERE id = ANY($1::text[]) ORDER BY id FOR KEY SHARE', [offices]);
    }
    const pairs = await findPairs(this.tx, batch, candidates);
    const groups = new Map<EntityDef, RecordWrite[]>();
    for (const e of dirty) {
      const c = e.cur;
      let list = groups.get(e.def);
      if (!list) groups.set(e.def, (list = []));
      list.push({
        rec: c.rec,
        version: c.version,
        fieldVersions: c.fieldVersions,
        openConflicts: c.openConflicts,
        exists: e.exists,
        echo: c.echo,
      });
    }
    await writeNumbered(
      this.tx,
      [...groups].map(([def, writes]) => ({ def, writes })),
      pairs,
      queueMoved,
    );
    // Only now, with every write done: a failed flush changes nothing here either.
    for (const e of dirty) {
      e.dirty = false;
      e.exists = true;
      e.created = false;
      if (e.def.name === 'application') {
        e.paired = pairedNow.get(e) ?? null;
        e.queued = queuedNow.get(e) ?? null;
      }
    }
    this.conflicts = [];
    this.conflictsMark = 0;
  }

  private async insertConflicts(): Promise<void> {
    if (!this.conflicts.length) return;
    const params: unknown[] = [];
    const tuples = this.conflicts.map((c) => {
      const vals = [
        c.id,
        c.entity,
        c.entityId,
        c.officeId,
        c.kind,
        c.reason,
        c.kind === 'hard' ? 'open' : 'logged',
        c.opId,
        c.deviceId,
        c.deviceSeq,
        c.step,
        c.baseVersion,
        c.serverVersion,
        JSON.stringify(c.fields),
      ];
      return `(${vals
        .map((v) => {
          params.push(v);
          return `$${params.length}`;
        })
        .join(', ')})`;
    });
    await this.tx.query(
      `INSERT INTO conflicts (id, entity, entity_id, office_id, kind, reason, status, op_id, device_id, device_seq, step, base_version, server_version, fields)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}
