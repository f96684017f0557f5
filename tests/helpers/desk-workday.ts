/**
 * An office's day of work made through the desk's own calls, with no Node in
 * it: the sync tests run it on fake-indexeddb (tests/helpers/desk-device.ts,
 * which re-exports it) and the browser sync benchmark (bench/sync-browser.ts)
 * runs the very same code in Chromium on its real IndexedDB.
 */
import type { createDesk } from '../../renderer/services/desk';
import { getEnrolment } from '../../renderer/sync/engine';
import { leaseKey } from '../../renderer/services/numbers';
import {
  localParts,
  makeIin,
  shiftIsoDate,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Application,
  type IntakeInput,
  type Lease,
} from '../../shared';

/** What these helpers need of a laptop: its desk (a DeskDevice in the tests, the page's desk in the browser bench). */
type HasDesk = { desk: ReturnType<typeof createDesk> };

/**
 * A block of official numbers leased while online, as the engine's top-up
 * does but bigger: a day offline with many applications needs more than
 * the engine's default block of 50.
 */
export async function leaseNumbers(dev: HasDesk, journal: string, size: number): Promise<Lease> {
  const enr = (await getEnrolment(dev.desk.context))!;
  const office = await dev.desk.office();
  const year = Number(localParts(dev.desk.context.now(), office.utcOffsetMinutes).date.slice(0, 4));
  const res = await fetch(new URL('/v1/leases', enr.baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${enr.token}`,
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ journal, year, size }),
  });
  if (!res.ok) throw new Error(`lease: HTTP ${res.status} ${await res.text()}`);
  const lease = (await res.json()) as Lease;
  await dev.desk.context.db.leases.put({
    id: lease.id,
    key: leaseKey(journal, year),
    journal,
    year,
    from: lease.from,
    to: lease.to,
    next: lease.from,
  });
  return lease;
}

const LAST_NAMES = [
  'Сұлтанова',
  'Өмірзақова',
  'Төлеуова',
  'Жұмабаева',
  'Әбілқасымова',
  'Нұрланова',
  'Қасымова',
  'Ғабдуллина',
  'Ким',
  'Иванова',
];
const FIRST_NAMES = ['Әлия', 'Айгүл', 'Інжу', 'Ұлжан', 'Дана', 'Жансая', 'Мадина', 'Һафиза'];

/** Child number `serial`: 1 to 5 years old, with an IIN no other serial gets (birth date and IIN serial encode it). */
function childFor(serial: number, today: string): { iin: string; birthDate: string; sex: 'male' | 'female' } {
  const birthDate = shiftIsoDate(today, -(400 + (serial % 1400)));
  const sex = serial % 2 ? 'male' : 'female';
  let iin: string | null = null;
  for (let k = 0; !iin; k++) iin = makeIin(birthDate, sex, Math.floor(serial / 1400) * 8 + k);
  return { iin, birthDate, sex };
}

/** A valid intake for child number `serial` (see childFor). */
export function intake(serial: number, kgIds: string[], today: string): IntakeInput {
  const { iin } = childFor(serial, today);
  let piin: string | null = null;
  for (let s = serial + 7; !piin; s++) piin = makeIin(shiftIsoDate('1990-01-01', serial % 3000), 'female', s % 10_000);
  const lastName = LAST_NAMES[serial % LAST_NAMES.length];
  return {
    serviceCode: 'preschool-queue',
    lang: serial % 4 === 3 ? 'ru' : 'kk',
    applicant: {
      kind: 'parent',
      iin: piin,
      lastName,
      firstName: FIRST_NAMES[(serial + 3) % FIRST_NAMES.length],
      phone: '+7 701 555 44 33',
      address: 'Қарасу ауылы, Абай көшесі, 12',
    },
    child: { iin, lastName, firstName: FIRST_NAMES[serial % FIRST_NAMES.length] },
    priority: null,
    kindergartenIds: [kgIds[serial % kgIds.length]],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

export type WorkdayPlan = {
  /** Applications registered today. */
  applications: number;
  /** First child serial: different devices must use different ranges (IINs are unique per serial). */
  serial: number;
  /** Share of today's applications the head resolves (0..1). */
  resolved?: number;
  /** Share decided, signed and issued (0..1, at most `resolved`): notifications, every 10th a referral. */
  completed?: number;
  /** Share with a receipt print logged. */
  printed?: number;
  /** Every n-th completed application gets a referral to a free place (default 10; 0: never). */
  referralEvery?: number;
  /** Every n-th application has a first-turn category, with its document (default 0: none). */
  firstTurnEvery?: number;
};

/** What an intake with a first-turn category adds: the category, its document, and the document's proof. */
export const FIRST_TURN: Partial<IntakeInput> = {
  priority: 'largeFamily',
  priorityDoc: 'Көп балалы отбасы куәлігі № 4001',
  documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate', 'priorityProof'],
};

/**
 * A day's work through the desk's own calls, role by role as in an office:
 * the clerk registers and prints, the head resolves and signs, the executor
 * decides, the clerk issues. Returns the applications as they end the day.
 */
export async function workday(dev: HasDesk, plan: WorkdayPlan, password: string): Promise<Application[]> {
  const { desk } = dev;
  const office = await desk.office();
  const today = localParts(desk.context.now(), office.utcOffsetMinutes).date;
  const kgs = await desk.kindergartens();
  const kgIds = kgs.map((k) => k.id);
  const staff = await desk.staff();
  const executor = staff.find((s) => s.roles.includes('executor') && s.active)!;
  const signInAs = async (role: 'clerk' | 'head' | 'executor') => {
    const s = staff.find((x) => x.roles.includes(role) && x.active)!;
    if (desk.session()?.staff.id !== s.id) await desk.signIn(s.login, password);
  };

  await signInAs('clerk');
  const apps: Application[] = [];
  for (let i = 0; i < plan.applications; i++) {
    const firstTurn = plan.firstTurnEvery && i % plan.firstTurnEvery === 0 ? FIRST_TURN : {};
    apps.push(await desk.register({ ...intake(plan.serial + i, kgIds, today), ...firstTurn }));
  }
  const nPrint = Math.round(plan.applications * (plan.printed ?? 0));
  for (const a of apps.slice(0, nPrint)) await desk.logPrint(a.id, 'receipt', a.lang, 'print');

  const nResolve = Math.round(plan.applications * (plan.resolved ?? 0));
  const nComplete = Math.min(nResolve, Math.round(plan.applications * (plan.completed ?? 0)));
  if (nResolve) {
    await signInAs('head');
    for (const a of apps.slice(0, nResolve)) await desk.resolve(a.id, executor.id);
  }
  if (nComplete) {
    await desk.signIn(executor.login, password);
    for (const [i, a] of apps.slice(0, nComplete).entries()) {
      // Mostly notifications (the child waits); a referral now and then while places last,
      // to the chosen kindergarten or else the first with a free place.
      const every = plan.referralEvery ?? 10;
      let place: { kindergartenId: string; ageGroupId: string } | null = null;
      if (every > 0 && i % every === 0) {
        for (const id of [a.kindergartenIds[0], ...kgIds]) {
          const g = (await desk.context.db.kindergartens.get(id))?.ageGroups.find((x) => x.freePlaces > 0);
          if (g) {
            place = { kindergartenId: id, ageGroupId: g.id };
            break;
          }
        }
      }
      await desk.decide(a.id, place ? { kind: 'referral', ...place } : { kind: 'notification' });
    }
    await signInAs('head');
    for (const a of apps.slice(0, nComplete)) await desk.sign(a.id);
    await signInAs('clerk');
    for (const a of apps.slice(0, nComplete)) await desk.issue(a.id);
  }
  await signInAs('clerk');
  return Promise.all(apps.map(async (a) => (await desk.get(a.id))!));
}
