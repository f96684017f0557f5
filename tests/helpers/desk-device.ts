/**
 * An office laptop in Node for sync tests and benchmarks: the real desk
 * (renderer/services) on fake-indexeddb and the real sync engine. The caller
 * imports 'fake-indexeddb/auto' first (Node has no IndexedDB).
 *
 * The work a day brings is made through the desk's own calls (register, the
 * five workflow steps, prints), so the outbox holds exactly what an office
 * would send: creates, transitions, patches, access-log entries, places deltas.
 * Server tests that must see the exact exchange read it off a sync (`sync()`
 * records every push and its answer), or take the ops the desk wrote
 * (`record`, `outbox`) and send them with the tests' HTTP client (`client`).
 */
import { gunzipSync } from 'node:zlib';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb, type OutboxRow } from '../../renderer/db/schema';
import { SyncEngine, getEnrolment, type EngineOptions, type SyncState } from '../../renderer/sync/engine';
import { lastDeviceSeq, opsToSend } from '../../renderer/services/outbox';
import type { DecisionInput } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import {
  localParts,
  makeIin,
  shiftIsoDate,
  type Application,
  type Change,
  type EnrolResponse,
  type IntakeInput,
  type Op,
  type OpResult,
  type PullResponse,
  type PushResponse,
  type Role,
  type Staff,
} from '../../shared';
import type { RunningServer } from '../../server/main';
import { DeviceClient, DistrictClient, type Reply, type RequestOptions } from '../support/client';

import { intake } from './desk-workday';

// The day's work itself needs no Node: it lives apart so that the browser benchmark runs it too.
export { FIRST_TURN, intake, leaseNumbers, workday, type WorkdayPlan } from './desk-workday';

type Desk = ReturnType<typeof createDesk>;

/** One sync run as the server saw it: every push the engine made, with its answer, and what its pulls brought. */
type SyncRun = {
  state: SyncState;
  pushes: Array<{ ops: Op[]; response: PushResponse }>;
  pulled: Change[];
  /** The server's answer about this op in the run (its last, if it went twice); undefined if it was not sent. */
  result: (op: Op) => OpResult | undefined;
};

export type DeskDevice = {
  name: string;
  desk: Desk;
  engine: SyncEngine;
  /** The staff's password (the demo district's: one for everyone). */
  password: string;
  /** What the server answered the enrolment. */
  enrolment: EnrolResponse;
  deviceId: () => Promise<string>;
  /** Signs in the office's staff member with this role (the one whose login is the role's name, if any), unless signed in. */
  as: (role: Role) => Promise<Staff>;
  /** Runs desk calls and returns what they wrote to the outbox, in order, as the engine would send them, beside their result. */
  record: <T>(fn: () => Promise<T>) => Promise<{ value: T; ops: Op[] }>;
  /** The whole outbox as the engine sends it (opsToSend: a row that no longer opens goes as its marked header). */
  outbox: () => Promise<Op[]>;
  /** engine.syncNow(), with the pushes it made and their answers. */
  sync: () => Promise<SyncRun>;
  /** The laptop's clock from now on: this far (ms) off the real time; a sync learns the server's time and corrects it. */
  setClock: (offsetMs: number) => void;
  /** The tests' HTTP client with this laptop's credential (see DeskClient). */
  client: DeskClient;
};

/**
 * The tests' HTTP client speaking as an enrolled desk, for tests that inspect
 * the exact push and pull: it uses the token the desk holds at each request
 * and stores back one a pull rotates, so the desk's engine and this client can
 * take turns on one laptop.
 */
class DeskClient extends DeviceClient {
  constructor(
    private ctx: DeskContext,
    enr: { baseUrl: string; token: string; deviceId: string; officeId: string; batchKey: string },
    cursor: string,
  ) {
    super(enr.baseUrl, enr.token);
    Object.assign(this, { deviceId: enr.deviceId, officeId: enr.officeId, batchKey: enr.batchKey, cursor });
  }

  override async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    o: RequestOptions = {},
  ): Promise<Reply<T>> {
    this.token = (await getEnrolment(this.ctx))?.token ?? this.token;
    return super.request<T>(method, path, body, o);
  }

  override async pull(limit?: number, own?: 'skip' | 'send'): Promise<PullResponse> {
    const r = await super.pull(limit, own);
    if (r.token) {
      const enr = (await getEnrolment(this.ctx))!;
      await this.ctx.db.meta.put({ key: 'enrolment', value: { ...enr, token: r.token } });
    }
    return r;
  }
}

let dbCounter = 0;

/**
 * The demo district's staff, signed in: `code(officeKey)` issues a fresh
 * one-time enrolment code (each demo code enrols one laptop only).
 */
export async function demoDistrict(
  server: Pick<RunningServer, 'url' | 'demo'>,
): Promise<{ client: DistrictClient; code: (officeKey: string) => Promise<string> }> {
  const client = new DistrictClient(server.url);
  await client.login(server.demo!.districtLogin, server.demo!.password);
  const officeId = (key: string) => server.demo!.codes.find((c) => c.officeKey === key)!.officeId;
  return { client, code: (key) => client.enrolmentCode(officeId(key)) };
}

/** Who takes a role's work on a laptop: the active staff member whose login is the role's name, else the first by login. */
function staffWith(staff: Staff[], role: Role): Staff | undefined {
  return staff
    .filter((s) => s.active && s.roles.includes(role))
    .sort((a, b) => Number(b.login === role) - Number(a.login === role) || a.login.localeCompare(b.login))[0];
}

export async function makeDevice(o: {
  baseUrl: string;
  code: string;
  name: string;
  password: string;
  now?: () => string;
  engine?: EngineOptions;
}): Promise<DeskDevice> {
  const laptopNow = o.now ?? (() => new Date().toISOString());
  let skew = 0;
  const desk = createDesk({
    db: new DeskDb(`device-${process.pid}-${++dbCounter}-${o.name}`),
    now: () => (skew ? new Date(Date.parse(laptopNow()) + skew).toISOString() : laptopNow()),
  });
  // The engine's own requests, read on the way back while sync() runs: what was pushed and answered, what came.
  let seen: Pick<SyncRun, 'pushes' | 'pulled'> | null = null;
  const inner = o.engine?.fetch ?? fetch;
  const recording: typeof fetch = async (input, init) => {
    const res = await inner(input, init);
    const path = new URL(String(input)).pathname;
    if (!seen || !res.ok || (path !== '/v1/push' && path !== '/v1/pull')) return res;
    const run = seen;
    // An answer cut on the way (a flaky link) is the engine's to fail on, not this recorder's.
    const body = await res
      .clone()
      .json()
      .catch(() => null);
    if (body && path === '/v1/push' && init?.body instanceof Uint8Array) {
      run.pushes.push({
        ops: (JSON.parse(gunzipSync(init.body).toString('utf8')) as { ops: Op[] }).ops,
        response: body as PushResponse,
      });
    }
    if (body && path === '/v1/pull') run.pulled.push(...(body as PullResponse).changes);
    return res;
  };
  const engine = new SyncEngine(desk.context, {
    sleep: async () => {},
    random: () => 0,
    ...o.engine,
    fetch: recording,
  });
  const enrolment = await engine.enrol(o.baseUrl, o.code, o.name);
  // The clerk, where the office has one (the district office has none): the first sign-in makes the laptop's key.
  const all = await desk.staff();
  await desk.signIn(
    (staffWith(all, 'clerk') ?? all.filter((s) => s.active).sort((a, b) => a.login.localeCompare(b.login))[0]).login,
    o.password,
  );
  const { db } = desk.context;
  const enr = (await getEnrolment(desk.context))!;
  const open = (rows: OutboxRow[]) => opsToSend(desk.context, rows);
  return {
    name: o.name,
    desk,
    engine,
    password: o.password,
    enrolment,
    deviceId: async () => (await getEnrolment(desk.context))!.deviceId,
    as: async (role) => {
      const s = staffWith(await desk.staff(), role);
      if (!s) throw new Error(`no ${role} on ${o.name}`);
      if (desk.session()?.staff.id !== s.id) await desk.signIn(s.login, o.password);
      return s;
    },
    record: async (fn) => {
      const before = await lastDeviceSeq(desk.context);
      const value = await fn();
      return { value, ops: await open(await db.outbox.where('deviceSeq').above(before).sortBy('deviceSeq')) };
    },
    outbox: async () => open(await db.outbox.orderBy('deviceSeq').toArray()),
    sync: async () => {
      const run: Pick<SyncRun, 'pushes' | 'pulled'> = { pushes: [], pulled: [] };
      seen = run;
      try {
        const state = await engine.syncNow();
        const byOp = new Map<string, OpResult>();
        for (const p of run.pushes) for (const r of p.response.results) byOp.set(r.opId, r);
        return { state, ...run, result: (op) => byOp.get(op.opId) };
      } finally {
        seen = null;
      }
    },
    setClock: (ms) => {
      skew = ms;
    },
    client: new DeskClient(desk.context, enr, String((await db.meta.get('syncCursor'))?.value ?? '0')),
  };
}

/** A child `ageYears` old (and 40 to 136 days; `serial` varies the birth date and the IIN), with a valid IIN. */
export function childAged(
  ageYears: number,
  serial: number,
  today: string,
  sex: 'male' | 'female' = serial % 2 ? 'male' : 'female',
): { iin: string; birthDate: string; sex: 'male' | 'female' } {
  const birthDate = shiftIsoDate(today, -(ageYears * 365 + 40 + (serial % 97)));
  let iin: string | null = null;
  for (let s = serial; !iin; s++) iin = makeIin(birthDate, sex, s % 10_000);
  return { iin, birthDate, sex };
}

/** Serials for register() when the test names none: far above the ranges tests pick by hand. */
let autoSerial = 500_000;

/**
 * The clerk registers child number `serial` (see intake; a fresh one if
 * omitted) through the desk, with `over` laid over the intake.
 */
export async function register(
  dev: DeskDevice,
  o: { serial?: number; over?: Partial<IntakeInput>; acknowledgeDuplicate?: boolean } = {},
): Promise<Application> {
  if (!dev.desk.session()?.staff.roles.includes('clerk')) await dev.as('clerk');
  // What an intake needs of the office, read once per laptop: tests register hundreds at a time.
  let known = intakeContext.get(dev);
  if (!known) {
    known = {
      offset: (await dev.desk.office()).utcOffsetMinutes,
      kgIds: (await dev.desk.kindergartens()).map((k) => k.id),
    };
    intakeContext.set(dev, known);
  }
  const today = localParts(dev.desk.context.now(), known.offset).date;
  return dev.desk.register(
    { ...intake(o.serial ?? autoSerial++, known.kgIds, today), ...o.over },
    { acknowledgeDuplicate: o.acknowledgeDuplicate },
  );
}
const intakeContext = new WeakMap<DeskDevice, { offset: number; kgIds: string[] }>();

/** The workflow's statuses after intake, in order (resolution, decision, signature and issue lead to them). */
const AFTER_INTAKE = ['assigned', 'decided', 'signed', 'issued'] as const;

/**
 * Takes an application on through the desk up to status `to`, each step by
 * the role that takes it: the head resolves (to the office's executor), the
 * executor decides (`decision`), the head signs, the clerk issues.
 */
export async function advance(
  dev: DeskDevice,
  id: string,
  to: (typeof AFTER_INTAKE)[number],
  decision: DecisionInput = { kind: 'notification' },
): Promise<Application> {
  let app = await dev.desk.get(id);
  if (!app) throw new Error(`no application ${id} on ${dev.name}`);
  while (AFTER_INTAKE.indexOf(app.status as never) < AFTER_INTAKE.indexOf(to)) {
    if (app.status === 'registered') {
      const executor = staffWith(await dev.desk.staff(), 'executor')!;
      await dev.as('head');
      app = await dev.desk.resolve(id, executor.id);
    } else if (app.status === 'assigned') {
      await dev.as('executor');
      app = await dev.desk.decide(id, decision);
    } else if (app.status === 'decided') {
      await dev.as('head');
      app = await dev.desk.sign(id);
    } else if (app.status === 'signed') {
      await dev.as('clerk');
      app = await dev.desk.issue(id);
    } else throw new Error(`cannot advance from ${app.status}`);
  }
  return app;
}
