/**
 * Runs in Chromium (driven by scripts/bench.mjs): fills IndexedDB with 100,000
 * applications and measures what a clerk waits for. Exposes window.bench.
 */
import { createDesk } from '../renderer/services/desk';
import { DeskDb } from '../renderer/db/schema';
import { toRow } from '../renderer/services/indexes';
import { walkedStats } from '../renderer/services/search';
import { checkHomeCounters } from '../renderer/services/homeCounters';
import { makeIin, shiftIsoDate, newId, computeDue, type Application, type IntakeInput } from '../shared';
import { DEMO_CHILDREN, DEMO_PARENTS, DEMO_STREETS } from '../renderer/services/demo-data';

type Stats = { n: number; p50: number; p95: number; max: number };
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const time = async <T>(f: () => Promise<T>) => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r] as const;
};

const EXTRA_SURNAMES = [
  'Бекмұханов',
  'Сұлтанов',
  'Әуезов',
  'Құнанбаев',
  'Дүйсенов',
  'Мұқанов',
  'Есенов',
  'Ыбырайұлы',
  'Смағұлов',
  'Қожахметов',
  'Шәкәрім',
  'Нұрпейісов',
  'Иванов',
  'Ли',
  'Цой',
  'Гүлжан',
];

function fakeApp(i: number, officeId: string, kgIds: string[]): Application {
  const p = DEMO_PARENTS[i % DEMO_PARENTS.length];
  const [first, sex] = DEMO_CHILDREN[i % DEMO_CHILDREN.length];
  const last = `${EXTRA_SURNAMES[(i * 7) % EXTRA_SURNAMES.length]}${i % 3 ? '' : 'а'}`;
  const birth = shiftIsoDate('2021-01-01', i % 1500);
  let iin: string | null = null;
  for (let s = i % 9000; !iin; s++) iin = makeIin(birth, sex, s);
  let piin: string | null = null;
  for (let s = (i * 3) % 9000; !piin; s++) piin = makeIin(shiftIsoDate('1985-01-01', i % 5000), 'female', s);
  const accepted = new Date(Date.parse('2024-01-09T04:00:00Z') + i * 9 * 60_000).toISOString();
  const year = Number(accepted.slice(0, 4));
  return {
    id: newId(),
    officeId,
    serviceCode: 'preschool-queue',
    journalYear: year,
    journalSeq: i + 1,
    journalNo: `БНЧ-${year}-${String(i + 1).padStart(4, '0')}`,
    lang: i % 4 ? 'kk' : 'ru',
    applicant: {
      kind: 'parent',
      iin: piin,
      lastName: p[3],
      firstName: p[4],
      phone: '+7 701 000 00 00',
      address: `Қарасу, ${DEMO_STREETS[i % DEMO_STREETS.length]}, ${i % 90}`,
    },
    child: { iin, lastName: last, firstName: first, middleName: `${p[1]}ұлы`, birthDate: birth, sex },
    priority: i % 9 === 0 ? 'largeFamily' : null,
    kindergartenIds: [kgIds[i % kgIds.length]],
    workplaces: { mother: 'мектеп' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    status: i % 50 === 0 ? 'registered' : 'issued',
    queueState: i % 3 ? 'waiting' : 'enrolled',
    acceptedAt: accepted,
    acceptedBy: 'bench',
    dueAt: computeDue(accepted, { unit: 'workingDays', value: 3 }).dueAt,
    expiredReferrals: [],
    steps: [],
    prints: [],
    version: 1,
    updatedAt: accepted,
  };
}

async function seed(n: number) {
  const desk = createDesk({ db: new DeskDb('akimat-desk') });
  if (!(await desk.isSetUp())) await desk.setupDemo('kk');
  await desk.signIn('clerk', 'demo12345');
  const db = desk.context.db;
  const office = await desk.office();
  const kgIds = (await desk.kindergartens()).map((k) => k.id);
  const have = await db.applications.count();
  const t0 = performance.now();
  const CHUNK = 2000;
  // The encryption's cost, measured apart: sealing + blind indexes (WebCrypto) vs writing the rows.
  let cryptoMs = 0;
  let writeMs = 0;
  for (let i = have; i < n; i += CHUNK) {
    const apps = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++) apps.push(fakeApp(j, office.id, kgIds));
    const tc = performance.now();
    // Each row is sealed (AES-GCM) and gets its blind index entries (HMAC), as the desk writes them.
    const rows = await Promise.all(apps.map((a) => toRow(desk.context.vault, a)));
    const tw = performance.now();
    cryptoMs += tw - tc;
    await db.applications.bulkAdd(rows);
    writeMs += performance.now() - tw;
  }
  const ms = performance.now() - t0;
  return { inserted: n - have, ms, perSecond: ((n - have) / ms) * 1000, cryptoMs, writeMs };
}

async function registerRate(count: number) {
  const desk = createDesk({ db: new DeskDb('akimat-desk') });
  await desk.signIn('clerk', 'demo12345');
  const kgIds = (await desk.kindergartens()).map((k) => k.id);
  let parentIin: string | null = null;
  for (let s = 17; !parentIin; s++) parentIin = makeIin('1985-01-01', 'female', s);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    let iin: string | null = null;
    for (let s = 5000 + i; !iin; s++) iin = makeIin(shiftIsoDate('2023-03-01', i % 300), 'male', s);
    const input: IntakeInput = {
      serviceCode: 'preschool-queue',
      lang: 'kk',
      applicant: {
        kind: 'parent',
        iin: parentIin,
        lastName: 'Сұлтанова',
        firstName: 'Айгүл',
        phone: '+7 701 111 22 33',
        address: 'Қарасу',
      },
      child: { iin, lastName: 'Сұлтанов', firstName: 'Ерасыл' },
      priority: null,
      kindergartenIds: [kgIds[0]],
      workplaces: {},
      consent: true,
      documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    };
    await desk.register(input, { acknowledgeDuplicate: true });
  }
  const ms = performance.now() - t0;
  return { registered: count, ms, perSecond: (count / ms) * 1000 };
}

async function queries(rounds: number) {
  const desk = createDesk({ db: new DeskDb('akimat-desk') });
  await desk.signIn('clerk', 'demo12345');
  const db = desk.context.db;
  const total = await db.applications.count();
  const sampleRows = await db.applications
    .orderBy('sortKey')
    .offset(Math.floor(total / 3))
    .limit(rounds)
    .toArray();
  const sample = await Promise.all(sampleRows.map((r) => desk.context.vault.open<Application>(r.sealed, r.id)));
  const iin: number[] = [],
    name: number[] = [],
    firstPage: number[] = [],
    journal: number[] = [],
    folded: number[] = [];
  const prefixes = ['сұл', 'әуе', 'құн', 'нұрп', 'шәк', 'иван', 'ыбыр', 'қожа', 'әлия', 'мұқ'];
  // The same typed on a Russian layout (issue #16): found by the folded index, after any exact spelling.
  const russianLayout = ['сул', 'ауе', 'кун', 'нурп', 'шак', 'иван', 'ыбыр', 'кожа', 'алия', 'мук'];
  for (let i = 0; i < rounds; i++) {
    const a = sample[i % sample.length];
    const [t1, r1] = await time(() => desk.list({ text: a.child!.iin }));
    if (!r1.items.some((x) => x.id === a.id)) throw new Error('IIN search missed');
    iin.push(t1);
    const [t2, r2] = await time(() => desk.list({ text: prefixes[i % prefixes.length], limit: 25 }));
    if (!r2.items.length) throw new Error('name search found nothing');
    name.push(t2);
    const [t3, r3] = await time(() => desk.list({ limit: 25 }));
    if (r3.items.length !== 25) throw new Error('first page short');
    firstPage.push(t3);
    const [t4] = await time(() => desk.list({ text: a.journalNo }));
    journal.push(t4);
    const [t5, r5] = await time(() => desk.list({ text: russianLayout[i % russianLayout.length], limit: 25 }));
    if (!r5.items.length) throw new Error('folded name search found nothing');
    folded.push(t5);
  }
  return {
    total,
    iin: stats(iin),
    namePrefix: stats(name),
    nameFolded: stats(folded),
    firstPage: stats(firstPage),
    journalNo: stats(journal),
  };
}

/**
 * What the desk home waits for after sign-in, part by part: the counters as kept rows (issue #17)
 * beside the same counters walked over every record as before.
 */
async function deskHome(rounds: number) {
  const desk = createDesk({ db: new DeskDb('akimat-desk') });
  await desk.signIn('clerk', 'demo12345');
  const kept = await desk.stats();
  const walked = await walkedStats(desk.context);
  if (JSON.stringify(kept) !== JSON.stringify(walked))
    throw new Error(`kept counters differ from walked: ${JSON.stringify({ kept, walked })}`);
  const parts: Record<string, () => Promise<unknown>> = {
    'stats (kept counters)': () => desk.stats(),
    'stats walked over every record (before #17)': () => walkedStats(desk.context),
    'due lists (3 x 20)': () =>
      Promise.all((['dueToday', 'atRisk', 'overdue'] as const).map((due) => desk.list({ due, limit: 20 }))),
    'pending for clerk': () => desk.pendingFor('clerk'),
    'pending for head': () => desk.pendingFor('head'),
  };
  const out: Record<string, Stats> = {};
  for (const [name, f] of Object.entries(parts)) {
    const xs: number[] = [];
    for (let i = 0; i < rounds; i++) xs.push((await time(f))[0]);
    out[name] = stats(xs);
  }
  // The on-demand check: a full count compared with the kept rows (once; it walks everything).
  const [ms, check] = await time(() => checkHomeCounters(desk.context));
  if (!check.ok) throw new Error('kept counters differ from a full count');
  out['checkHomeCounters (full count, on demand)'] = stats([ms]);
  return out;
}

/** performance.memory is Chromium-only; it shows the heap a session with a large database keeps. */
function heap() {
  const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return m ? Math.round(m.usedJSHeapSize / 1048576) : null;
}

async function pdfs(rounds: number) {
  const mod = await import('./pdf-bench');
  return mod.pdfBench(rounds, stats);
}

declare global {
  interface Window {
    bench: unknown;
  }
}
window.bench = { seed, registerRate, queries, deskHome, pdfs, heap };
document.getElementById('out')!.textContent = 'ready';
