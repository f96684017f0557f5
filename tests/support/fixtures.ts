/**
 * A stand-in for an office laptop's data layer: builds the same ops the desk
 * writes to its outbox (create on intake, transition per workflow step,
 * patch for prints and queue moves), with valid records, so tests and
 * benchmarks exercise the server with realistic traffic.
 */
import {
  ApplicationSchema, TRANSITIONS, computeDue, defaultCatalog, encodeHlc, formatJournalNo, lastStepEnd, localParts, makeIin, makeStepRecord, newId, shiftIsoDate,
  type Application, type EnrolResponse, type Lease, type Office, type Op, type Role, type StepId, type SyncStaff, type Kindergarten,
} from '../../shared';

export type DeskRecord = { app: Application; base: number };

export class FakeDesk {
  seq = 0;
  hlcWall = 0;
  hlcCounter = 0;
  readonly apps = new Map<string, DeskRecord>();
  clock: () => string = () => new Date().toISOString();
  /** Number blocks leased from the district, used as the desk's nextNumber does (first block first). */
  readonly leases: Array<Pick<Lease, 'journal' | 'year' | 'from' | 'to'> & { next: number }> = [];

  constructor(
    readonly deviceId: string,
    readonly office: Office,
    readonly staff: SyncStaff[],
    readonly kindergartens: Kindergarten[],
    leases: Array<Pick<Lease, 'journal' | 'year' | 'from' | 'to'>> = [],
  ) {
    this.leases = leases.map((l) => ({ ...l, next: l.from }));
  }

  static fromEnrolment(e: EnrolResponse, leases: Array<Pick<Lease, 'journal' | 'year' | 'from' | 'to'>> = []): FakeDesk {
    const office = e.reference.offices.find((o) => o.id === e.officeId)!;
    return new FakeDesk(e.deviceId, office, e.reference.staff, e.reference.kindergartens, leases);
  }

  /** The desk of an enrolled test device, numbering from the blocks it leased (see DeviceClient.lease). */
  static of(dev: { enrolment: EnrolResponse | null; leases: Lease[] }): FakeDesk {
    return FakeDesk.fromEnrolment(dev.enrolment!, dev.leases);
  }

  /** The next leased number of a journal, or null where no block has one left. */
  nextNumber(journal: string, year: number): number | null {
    const b = this.leases.find((l) => l.journal === journal && l.year === year && l.next <= l.to);
    return b ? b.next++ : null;
  }

  actor(role: Role) {
    const s = this.staff.find((x) => x.roles.includes(role));
    if (!s) throw new Error(`no ${role} in ${this.office.code}`);
    return { id: s.id, fullName: s.fullName, roles: s.roles };
  }

  /** Stamps an op as the desk's appendOp does: next deviceSeq, a fresh opId, an HLC time. */
  op(o: Omit<Op, 'opId' | 'deviceId' | 'deviceSeq' | 'hlc'>): Op {
    const now = Date.parse(this.clock());
    if (now > this.hlcWall) {
      this.hlcWall = now;
      this.hlcCounter = 0;
    } else this.hlcCounter++;
    return { ...o, opId: newId(), deviceId: this.deviceId, deviceSeq: ++this.seq, hlc: encodeHlc({ wall: this.hlcWall, counter: this.hlcCounter, node: this.deviceId.slice(-8) }) };
  }

  /** A child born `ageYears` ago (plus `days`), with a valid IIN; `serial` varies the IIN. */
  static child(ageYears: number, serial: number, sex: 'male' | 'female' = serial % 2 ? 'male' : 'female', today = localParts(new Date().toISOString()).date, days = 40) {
    const birthDate = shiftIsoDate(today, -(ageYears * 365 + days + (serial % 97)));
    for (let s = serial; ; s++) {
      const iin = makeIin(birthDate, sex, s % 10000);
      if (iin) return { iin, birthDate, sex };
    }
  }

  register(o: { serial?: number; ageYears?: number; childIin?: string; birthDate?: string; sex?: 'male' | 'female'; priority?: string | null; acceptedAt?: string; journalSeq?: number; kindergartenIds?: string[] } = {}): { app: Application; op: Op } {
    const entry = defaultCatalog.get('preschool-queue');
    const serial = o.serial ?? this.seq + 1;
    const child = o.childIin && o.birthDate
      ? { iin: o.childIin, birthDate: o.birthDate, sex: o.sex ?? 'female' }
      : FakeDesk.child(o.ageYears ?? 3, serial, o.sex);
    const parent = FakeDesk.child(30, serial + 5000, 'female');
    const now = o.acceptedAt ?? this.clock();
    const clerk = this.actor('clerk');
    const year = Number(localParts(now).date.slice(0, 4));
    const journalSeq = o.journalSeq ?? this.nextNumber(entry.code, year) ?? serial;
    const app: Application = ApplicationSchema.parse({
      id: newId(),
      officeId: this.office.id,
      serviceCode: entry.code,
      journalYear: year,
      journalSeq,
      journalNo: formatJournalNo(this.office.code, year, journalSeq),
      lang: serial % 4 === 3 ? 'ru' : 'kk',
      applicant: { kind: 'parent', iin: parent.iin, lastName: 'Әбілқасымова', firstName: 'Ұлжан', phone: '+7 701 234 56 78', address: 'Қарасу ауылы, Абай көшесі, 3' },
      child: { iin: child.iin, lastName: 'Әбілқасымова', firstName: 'Әлия', middleName: 'Нұрсұлтанқызы', birthDate: child.birthDate, sex: child.sex },
      priority: o.priority ?? null,
      ...(o.priority ? { priorityDoc: 'Көп балалы отбасы куәлігі № 4001' } : {}),
      kindergartenIds: o.kindergartenIds ?? this.kindergartens.slice(0, 2).map((k) => k.id),
      workplaces: { mother: 'Қарасу орта мектебі' },
      consent: true,
      documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate', ...(o.priority ? ['priorityProof'] : [])],
      status: 'registered',
      queueState: 'waiting',
      acceptedAt: now,
      acceptedBy: clerk.id,
      dueAt: computeDue(now, entry.term).dueAt,
      expiredReferrals: [],
      steps: [makeStepRecord(entry, 'accept', clerk, new Date(Date.parse(now) - 180_000).toISOString(), now)],
      prints: [],
      version: 1,
      updatedAt: now,
    });
    this.apps.set(app.id, { app, base: 1 });
    const op = this.op({ entity: 'application', entityId: app.id, kind: 'create', fields: app, baseVersion: 0, staffId: clerk.id, step: 'accept' });
    return { app, op };
  }

  private changed(prev: Application, next: Application) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(next) as Array<keyof Application>) if (JSON.stringify(prev[k]) !== JSON.stringify(next[k])) out[k] = next[k] ?? null;
    for (const k of Object.keys(prev) as Array<keyof Application>) if (!(k in next)) out[k] = null;
    return out;
  }

  /** A workflow step as the desk's step(): status, the step record, and what the step decides. */
  step(id: string, step: StepId, extra: Partial<Application> = {}, o: { as?: Role; baseVersion?: number; staffId?: string } = {}): Op {
    const r = this.apps.get(id)!;
    const entry = defaultCatalog.get(r.app.serviceCode);
    const role = o.as ?? entry.steps.find((s) => s.step === step)!.role;
    const actor = o.staffId ? { ...this.actor(role), id: o.staffId } : this.actor(role);
    const now = this.clock();
    const next: Application = {
      ...r.app, ...extra, status: TRANSITIONS[step].to,
      steps: [...r.app.steps, makeStepRecord(entry, step, actor, lastStepEnd(r.app), now)],
      version: r.app.version + 1, updatedAt: now,
    };
    const op = this.op({ entity: 'application', entityId: id, kind: 'transition', fields: this.changed(r.app, next), baseVersion: o.baseVersion ?? r.base, staffId: actor.id, step });
    this.apps.set(id, { app: next, base: r.base });
    return op;
  }

  patch(id: string, extra: Partial<Application>, o: { baseVersion?: number; as?: Role } = {}): Op {
    const r = this.apps.get(id)!;
    const now = this.clock();
    const next: Application = { ...r.app, ...extra, version: r.app.version + 1, updatedAt: now };
    // `undefined` in extra removes the field, as the desk's spread does.
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete (next as Record<string, unknown>)[k];
    const op = this.op({ entity: 'application', entityId: id, kind: 'patch', fields: this.changed(r.app, next), baseVersion: o.baseVersion ?? r.base, staffId: this.actor(o.as ?? 'clerk').id });
    this.apps.set(id, { app: next, base: r.base });
    return op;
  }

  /** What a pull brought: the server's copy and version become the new base. */
  receive(app: Application, version: number) {
    this.apps.set(app.id, { app, base: version });
  }

  print(id: string, form = 'receipt'): Op {
    const r = this.apps.get(id)!;
    const s = this.actor('clerk');
    const rec = { form, lang: 'kk' as const, at: this.clock(), by: s.id, byName: s.fullName, action: 'print' as const, copies: 1 };
    return this.patch(id, { prints: [...r.app.prints, rec] });
  }
}

/** Workflow fields a step decides, for tests that walk an application through. */
export function resolutionFields(desk: FakeDesk) {
  return { executorId: desk.actor('executor').id };
}
