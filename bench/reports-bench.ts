/**
 * The district reports benchmark (issue #14, "Speed"): a generated district of
 * 40 offices, 60,000 applications and 300,000 ops, on PGlite and on PostgreSQL
 * in the same run, the real server in its own process, every figure read
 * through the real HTTP API with the district's session. Prints a table with
 * targets and verdicts, then where the time of each report goes (the same
 * server functions called in this process on the same database, and EXPLAIN
 * ANALYZE of the report's SQL), and writes bench-results/reports.json.
 *
 *   npx tsx bench/reports-bench.ts [--apps 60000] [--ops 300000] [--offices 40] [--only pglite,pg] [--server-heap MiB]
 *     [--server-flags "--v8-flag ..."] [--server tsx|bundle] [--generate-only]
 *   npm run bench -- --only reports
 *
 * The server's memory (issue #17) is read by bench/server-memory.ts, loaded into
 * the server's process: the peak and the held heap after each stage, and VmHWM.
 *
 * The district is made in SQL (INSERT ... SELECT generate_series with
 * jsonb_build_object), not through the API: the demo district of a fresh
 * server (its sign-in, 5 offices, 5 kindergartens) plus generated offices,
 * staff, kindergartens and a laptop per office (through the server's own
 * insertRecord), then applications spread over the last two years, the ops
 * that made them, refusals to accept and complaints. Pseudo-random but
 * deterministic: hashint4 of the row number, so every run builds the same
 * district relative to today.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startServer } from '../server/main';
import { openDb, type Db, type Queryable } from '../server/db';
import { ENTITIES } from '../server/store/entities';
import { insertRecord } from '../server/store/store';
import { rekeyApplications } from '../server/store/records';
import { refreshNameFolds } from '../server/store/nameFold';
import { loadCatalog } from '../server/reference/reference';
import { liveEvents } from '../server/reports/events';
import { ReportFacts } from '../server/reports/facts';
import {
  annualOf,
  dashboardOf,
  drillRows,
  indicatorNorms,
  indicatorsOf,
  periodResult,
  pivotOf,
  queueFigures,
  type ReportDeps,
} from '../server/reports/reports';
import { xlsxOf } from '../server/reports/export';
import { districtQueue } from '../server/queue/queue';
import { queueForPull } from '../server/queue/snapshot';
import { reportOffices } from '../server/routes/reports';
import { spawnServer, type ChildServer } from '../tests/support/child';
import { DEMO_DISTRICT_LOGIN, DEMO_PASSWORD } from '../server/demo/seed';
import {
  DEFAULT_HOURS,
  KZ_UTC_OFFSET_MINUTES,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  applicationEvents,
  applicationsExportTable,
  drillListRow,
  defaultCatalog,
  initialFieldVersions,
  localParts,
  pivotExportTable,
  queueEntries,
  type AnnualReportData,
  type AppChannel,
  type Catalog,
  type Kindergarten,
  type Office,
  type OfficeType,
  type Staff,
} from '../shared';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const APPS = Number(arg('apps', '60000'));
const OPS = Number(arg('ops', '300000'));
const OFFICES = Number(arg('offices', '40'));
const KINDERGARTENS = 30;
const REFUSALS = 400;
const COMPLAINTS = 300;
const ONLY = new Set(arg('only', 'pglite,pg').split(','));
/** --server-heap MiB: the server's V8 old space capped (--max-old-space-size), to see what the heap's growth adds to RSS. */
const SERVER_HEAP = arg('server-heap', '');
/** --server-flags "--a --b": more V8 flags for the server's node (to compare heap growths; HEAP_GROWTH=small: --optimize-for-size). */
const SERVER_FLAGS = arg('server-flags', '').split(' ').filter(Boolean);
/**
 * --server tsx: the server's sources through the tsx loader; by default the bundle the service
 * runs (dist-server/main.mjs, built here), with the memory probe bundled beside it.
 */
const SERVER_FORM = arg('server', 'bundle');
/**
 * --generate-only: build the district, print its PostgreSQL's PG_TEST_URL and PG_TEST_DIR and exit
 * with the database left running (stop it with `scripts/pg-test.sh stop DIR`), to measure against it.
 */
const GENERATE_ONLY = args.includes('--generate-only');
const PASSWORD_ITERATIONS = 100_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (...a: unknown[]) => console.error('[reports-bench]', ...a);
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const NOW_ISO = new Date().toISOString();
const TODAY = localParts(NOW_ISO).date;
const YEAR = Number(TODAY.slice(0, 4));

type DbKind = 'pglite' | 'postgres';
type Figure = { ms: number; first: number; runs: number[]; bytes: number };
type PartResult = {
  db: DbKind;
  generation: Record<string, number>;
  counts: Record<string, number>;
  startMs: number;
  figures: Record<string, Figure>;
  peakRssMiB: number | null;
  memory: MemoryStage[];
  /** What each structure keeps on the heap, MiB, measured in the bench's process. */
  held: Record<string, number>;
  breakdown: Record<string, number>;
  explain: Record<string, string>;
};

// ---------------------------------------------------------------- the district

const VILLAGES: Array<[string, string]> = [
  ['Қаракөл', 'Караколь'],
  ['Ақсу', 'Аксу'],
  ['Бесқайнар', 'Бескайнар'],
  ['Қызылжар', 'Кызылжар'],
  ['Көктөбе', 'Коктобе'],
  ['Алмалы', 'Алмалы'],
  ['Жаңатұрмыс', 'Жанатурмыс'],
  ['Қаскелең', 'Каскелен'],
  ['Шамалған', 'Шамалган'],
  ['Ұзынбұлақ', 'Узынбулак'],
  ['Дегерес', 'Дегерес'],
  ['Қарақастек', 'Каракастек'],
  ['Самсы', 'Самсы'],
  ['Мыңбаев', 'Мынбаев'],
  ['Ақтерек', 'Актерек'],
  ['Сарыбай', 'Сарыбай'],
  ['Таусамалы', 'Таусамалы'],
  ['Үлгілі', 'Улгили'],
  ['Әйтей', 'Айтей'],
  ['Қопа', 'Копа'],
  ['Шиен', 'Шиен'],
  ['Таран', 'Таран'],
  ['Бозой', 'Бозой'],
  ['Жамбыл', 'Жамбыл'],
  ['Ынтымақ', 'Ынтымак'],
  ['Теміржол', 'Темиржол'],
  ['Мәтібұлақ', 'Матибулак'],
  ['Қарғалы', 'Каргалы'],
  ['Ащысу', 'Ащысу'],
  ['Көкдала', 'Кокдала'],
  ['Жіделі', 'Жидели'],
  ['Сұңқар', 'Сункар'],
  ['Майтөбе', 'Майтобе'],
  ['Тоғызбұлақ', 'Тогызбулак'],
  ['Өтеген', 'Отеген'],
  ['Бірлік', 'Бирлик'],
  ['Жетісу', 'Жетысу'],
  ['Шөлдала', 'Шолдала'],
];
const SURNAMES = [
  'Жұмабаев',
  'Сәрсенбаев',
  'Оспанов',
  'Нұрланов',
  'Төлеуов',
  'Қасымов',
  'Серікбаев',
  'Әбдіғалиев',
  'Құрманғалиев',
  'Бекмұратов',
  'Ерғалиев',
  'Мұхамедиев',
  'Ахметов',
  'Исабеков',
  'Тоқтаров',
  'Ғабдуллин',
  'Сейітов',
  'Өтегенов',
  'Байжанов',
  'Ким',
];
const MALE = [
  'Нұрсұлтан',
  'Әлихан',
  'Ерасыл',
  'Ақжол',
  'Дәурен',
  'Айбек',
  'Ернар',
  'Бауыржан',
  'Темірлан',
  'Іхсан',
  'Медеу',
  'Ғалым',
  'Серік',
  'Қайрат',
  'Жәнібек',
  'Өмірзақ',
];
const FEMALE = [
  'Айым',
  'Әйгерім',
  'Аружан',
  'Томирис',
  'Іңкәр',
  'Жансая',
  'Гүлназ',
  'Шұғыла',
  'Ақбота',
  'Мәдина',
  'Айзере',
  'Өмірай',
  'Құралай',
  'Сәуле',
  'Ләззат',
  'Балжан',
];
const PRIORITIES = ['disabledParent', 'noParentalCare', 'orphan', 'largeFamily', 'warVeteran'];
const GROUPS = [
  { id: 'nursery', name: { kk: 'Бөбекжай тобы (1-2 жас)', ru: 'Ясельная группа (1-2 года)' }, minAge: 1, maxAge: 2 },
  { id: 'junior', name: { kk: 'Кіші топ (3 жас)', ru: 'Младшая группа (3 года)' }, minAge: 3, maxAge: 3 },
  { id: 'middle', name: { kk: 'Ортаңғы топ (4 жас)', ru: 'Средняя группа (4 года)' }, minAge: 4, maxAge: 4 },
  { id: 'senior', name: { kk: 'Ересек топ (5 жас)', ru: 'Старшая группа (5 лет)' }, minAge: 5, maxAge: 5 },
];

/** Relative weights of the catalog's services: the preschool queue is most of a rural district's work. */
const SERVICE_WEIGHT: Record<string, number> = {
  'preschool-queue': 640,
  'kindergarten-admission': 40,
  'school-admission': 45,
  'school-meals': 35,
  'free-school-transport': 25,
  'camp-referral': 30,
  'additional-education-admission': 25,
  'guardianship-certificate': 20,
  'school-transfer': 15,
  'home-schooling': 10,
  'pmpc-examination': 10,
  'school-certificate-duplicate': 10,
  'teacher-attestation': 10,
  'guardian-allowance': 10,
  'minor-property-certificate': 10,
};

/** The term as minutes after acceptance (working days as 7/5 calendar days: close enough for a bench). */
function dueMinutes(term: { unit: string; value: number }): number {
  if (term.unit === 'minutes') return term.value;
  if (term.unit === 'hours') return term.value * 60;
  if (term.unit === 'workingDays') return Math.ceil((term.value * 7) / 5) * 1440;
  return term.value * 1440;
}

function serviceTable(catalog: Catalog) {
  const entries = catalog.all();
  const total = entries.reduce((s, e) => s + (SERVICE_WEIGHT[e.code] ?? 3), 0);
  let lo = 0;
  const rows = entries.map((e) => {
    const w = (SERVICE_WEIGHT[e.code] ?? 3) / total;
    const row = {
      code: e.code,
      lo,
      hi: lo + w,
      due_min: dueMinutes(e.term as { unit: string; value: number }),
      channels: (e.channels ?? ['office']) as AppChannel[],
      subject: (e as { subject?: string }).subject ?? 'child',
      queue: queueEntries([e]).length > 0,
    };
    lo += w;
    return row;
  });
  rows[rows.length - 1].hi = 2;
  return rows;
}

/** 40 offices: the demo's 5 and generated ones (rural districts, villages, settlements, two more mobile centres). */
async function addOffices(db: Db): Promise<Array<Record<string, unknown>>> {
  const { rows: demo } = await db.query<{ id: string; type: string; code: string }>(
    `SELECT id, type, code FROM offices ORDER BY code`,
  );
  const { rows: pw } = await db.query<{ password: unknown }>(`SELECT password FROM staff LIMIT 1`);
  const types: OfficeType[] = ['ruralDistrict', 'ruralDistrict', 'village', 'ruralDistrict', 'settlement'];
  const created = NOW_ISO;
  await db.transaction(async (tx) => {
    for (let n = 0; n < OFFICES - demo.length; n++) {
      const [kk, ru] = VILLAGES[n % VILLAGES.length];
      const type: OfficeType = n === 7 || n === 23 ? 'mobileCentre' : types[n % types.length];
      const name =
        type === 'mobileCentre'
          ? { kk: `${kk} жылжымалы орталығы`, ru: `Мобильный центр ${ru}` }
          : type === 'village'
            ? { kk: `${kk} ауылы әкімінің аппараты`, ru: `Аппарат акима села ${ru}` }
            : type === 'settlement'
              ? { kk: `${kk} кенті әкімінің аппараты`, ru: `Аппарат акима поселка ${ru}` }
              : { kk: `${kk} ауылдық округі әкімінің аппараты`, ru: `Аппарат акима сельского округа ${ru}` };
      const office: Office = {
        id: uuid(`office-${n}`),
        type,
        name,
        district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
        region: { kk: 'Алматы облысы', ru: 'Алматинская область' },
        address: { kk: `${kk} ауылы, Абай көшесі, ${n + 1}`, ru: `село ${ru}, улица Абая, ${n + 1}` },
        headName: `${SURNAMES[n % SURNAMES.length]} ${MALE[n % MALE.length]}`,
        phone: '+7 727 702 14 15',
        code: `Б${String(n + 1).padStart(2, '0')}`,
        utcOffsetMinutes: KZ_UTC_OFFSET_MINUTES,
        hours: DEFAULT_HOURS,
        idleLockMinutes: 15,
        createdAt: created,
      };
      await insertRecord(tx, ENTITIES.office, office, 1, initialFieldVersions(office, 'bench', 1));
      const staff: Array<[string, Staff['roles'], string]> = [
        ['clerk', ['clerk'], FEMALE[n % FEMALE.length]],
        ['head', ['head'], MALE[(n + 3) % MALE.length]],
        ['executor', ['executor'], FEMALE[(n + 5) % FEMALE.length]],
      ];
      for (const [login, roles, first] of staff) {
        const s = {
          id: uuid(`staff-${n}-${login}`),
          officeId: office.id,
          fullName: `${SURNAMES[(n + login.length) % SURNAMES.length]} ${first}`,
          position: login,
          login,
          roles,
          password: pw[0].password,
          active: true,
          createdAt: created,
        } as Staff;
        await insertRecord(tx, ENTITIES.staff, s, 1, initialFieldVersions(s, 'bench', 1));
      }
    }
    const { rows: kgs } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM kindergartens`);
    for (let k = kgs[0].n; k < KINDERGARTENS; k++) {
      const [kk, ru] = VILLAGES[k % VILLAGES.length];
      const kg: Kindergarten = {
        id: uuid(`kg-${k}`),
        number: String(k + 1),
        name: { kk: `«${FEMALE[k % FEMALE.length]}» балабақшасы`, ru: `Детский сад «${FEMALE[k % FEMALE.length]}»` },
        address: { kk: `${kk} ауылы, Мектеп көшесі, ${k}`, ru: `село ${ru}, улица Мектеп, ${k}` },
        active: true,
        updatedAt: created,
        ageGroups: GROUPS.map((g, i) => ({ ...g, freePlaces: (k * 7 + i * 3) % 6 })),
      };
      await insertRecord(tx, ENTITIES.kindergarten, kg, 1, initialFieldVersions(kg, 'bench', 1));
    }
  });
  // Each office's clerk, head and executor (the district office has no clerk: its head takes the steps), a laptop each.
  const { rows } = await db.query<{
    id: string;
    code: string;
    type: string;
    address: string;
    staff: Array<{ id: string; name: string; roles: string[] }>;
  }>(
    `SELECT o.id, o.code, o.type, o.data->'address'->>'kk' AS address,
            (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.data->>'fullName', 'roles', s.data->'roles') ORDER BY s.id)
               FROM staff s WHERE s.office_id = o.id) AS staff
       FROM offices o ORDER BY o.code`,
  );
  const out = rows.map((o, ord) => {
    const by = (role: string) => o.staff.find((s) => s.roles.includes(role)) ?? o.staff[0];
    return {
      ord,
      id: o.id,
      code: o.code,
      type: o.type,
      device_id: uuid(`device-${o.id}`),
      clerk_id: by('clerk').id,
      clerk_name: by('clerk').name,
      head_id: by('head').id,
      head_name: by('head').name,
      exec_id: by('executor').id,
      exec_name: by('executor').name,
      settlement: o.address.split(',')[0],
    };
  });
  await db.query(
    `INSERT INTO devices (id, kind, office_id, name, acked, enrolled_at, last_seen_at)
     SELECT device_id, 'device', id, code || ' laptop', 0, now() - interval '2 years', now()
       FROM jsonb_to_recordset($1::jsonb) AS x(device_id text, id text, code text)`,
    [JSON.stringify(out)],
  );
  return out;
}

/** A UUID-shaped id from a name, stable across runs. */
function uuid(name: string): string {
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Applications and their ops in SQL. Temp tables and functions live in one
 * transaction (one connection on PostgreSQL) and are dropped at its end.
 */
async function generateRecords(db: Db, offices: Array<Record<string, unknown>>, catalog: Catalog) {
  const t: Record<string, number> = {};
  const services = serviceTable(catalog);
  const { rows: kgs } = await db.query<{ id: string }>(`SELECT id FROM kindergartens ORDER BY number::int, id`);
  const opsPerApp = Math.max(1, Math.round(OPS / APPS));
  await db.transaction(async (tx) => {
    const step = async (name: string, sql: string, params: unknown[] = []) => {
      const t0 = now();
      await tx.query(sql, params);
      t[name] = (t[name] ?? 0) + (now() - t0);
    };
    await step(
      'helpers',
      `CREATE FUNCTION pg_temp.bu(i int, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
         $$ SELECT (hashint4($1 * 64 + $2)::float8 + 2147483648.0) / 4294967296.0 $$`,
    );
    await step(
      'helpers',
      `CREATE FUNCTION pg_temp.iso(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
         $$ SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`,
    );
    await step(
      'helpers',
      `CREATE FUNCTION pg_temp.ld(ts timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
         $$ SELECT (($1 AT TIME ZONE 'UTC') + interval '5 hours')::date $$`,
    );
    await step(
      'helpers',
      `CREATE FUNCTION pg_temp.st(name text, by text, byname text, role text, started timestamptz, at timestamptz, norm int)
         RETURNS jsonb LANGUAGE sql IMMUTABLE AS
         $$ SELECT jsonb_build_object('step', $1, 'by', $2, 'byName', $3, 'role', $4, 'startedAt', pg_temp.iso($5),
                   'at', pg_temp.iso($6), 'normDueAt', pg_temp.iso($5 + $7 * interval '1 minute'),
                   'late', $6 > $5 + $7 * interval '1 minute') $$`,
    );
    await step(
      'helpers',
      `CREATE TEMP TABLE bench_o ON COMMIT DROP AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
         ord int, id text, code text, type text, device_id text, clerk_id text, clerk_name text,
         head_id text, head_name text, exec_id text, exec_name text, settlement text)`,
      [JSON.stringify(offices)],
    );
    await step(
      'helpers',
      `CREATE TEMP TABLE bench_s ON COMMIT DROP AS SELECT code, lo, hi, due_min, subject, queue,
              ARRAY(SELECT jsonb_array_elements_text(channels)) AS channels
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, lo float8, hi float8, due_min int, channels jsonb, subject text, queue boolean)`,
      [JSON.stringify(services)],
    );
    await step(
      'helpers',
      `CREATE TEMP TABLE bench_k ON COMMIT DROP AS SELECT (ord - 1)::int AS ord, id FROM unnest($1::text[]) WITH ORDINALITY AS x(id, ord)`,
      [kgs.map((k) => k.id)],
    );

    // One row per application: who, what, when, and how far it got.
    await step(
      'applications: plan',
      `CREATE TEMP TABLE bench_a ON COMMIT DROP AS
       WITH b AS (
         SELECT i, o.id AS office_id, o.code AS office_code, o.type AS office_type, o.device_id, o.clerk_id, o.clerk_name,
                o.head_id, o.head_name, o.exec_id, o.exec_name, o.settlement,
                s.code AS service, s.due_min, s.subject, s.queue, s.channels,
                (x.d::timestamp + interval '4 hours' + floor(pg_temp.bu(i, 4) * 540) * interval '1 minute') AT TIME ZONE 'UTC' AS acc
           FROM generate_series(1, $1::int) i
           JOIN bench_o o ON o.ord = floor(pg_temp.bu(i, 1) * $2::int)::int
           JOIN bench_s s ON pg_temp.bu(i, 2) >= s.lo AND pg_temp.bu(i, 2) < s.hi
           CROSS JOIN LATERAL (
             SELECT CASE extract(isodow FROM y) WHEN 6 THEN y - 1 WHEN 7 THEN y - 2 ELSE y END AS d
               FROM (SELECT $3::date - (1 + floor(pg_temp.bu(i, 3) * 730))::int AS y) q
           ) x
       ), c AS (
         SELECT b.*, acc + due_min * interval '1 minute' AS due,
                pg_temp.bu(i, 6) < 0.055 AS late_plan
           FROM b
       ), d AS (
         SELECT c.*,
                CASE WHEN late_plan THEN due + (60 + floor(pg_temp.bu(i, 7) * 5760)) * interval '1 minute'
                     ELSE acc + (0.15 + 0.8 * pg_temp.bu(i, 7)) * (due - acc) END AS sign_plan
           FROM c
       ), e AS (
         SELECT d.*, pg_temp.bu(i, 5) < 0.9 AND sign_plan <= $4::timestamptz AS delivered,
                sign_plan + pg_temp.bu(i, 8) * interval '2 days' AS issue_plan
           FROM d
       ), f AS (
         SELECT e.*,
                CASE WHEN delivered AND issue_plan <= $4::timestamptz THEN 'issued'
                     WHEN delivered THEN 'signed'
                     ELSE (ARRAY['registered', 'assigned', 'decided'])[1 + floor(pg_temp.bu(i, 9) * 3)::int] END AS status,
                CASE WHEN delivered THEN sign_plan - acc ELSE LEAST($4::timestamptz, due) - acc END AS span
           FROM e
       ), g AS (
         SELECT f.*,
                CASE WHEN status IN ('decided', 'signed', 'issued') THEN
                  CASE WHEN queue THEN CASE WHEN pg_temp.bu(i, 10) < 0.45 THEN 'notification'
                                            WHEN pg_temp.bu(i, 10) < 0.93 THEN 'referral' ELSE 'refusal' END
                       ELSE CASE WHEN pg_temp.bu(i, 10) < 0.95 THEN 'result' ELSE 'refusal' END END END AS decision,
                CASE WHEN (CASE WHEN pg_temp.bu(i, 12) < 0.72 THEN 'office' WHEN pg_temp.bu(i, 12) < 0.86 THEN 'stateCorporation' ELSE 'portal' END) = ANY(channels)
                     THEN (CASE WHEN pg_temp.bu(i, 12) < 0.72 THEN 'office' WHEN pg_temp.bu(i, 12) < 0.86 THEN 'stateCorporation' ELSE 'portal' END)
                     ELSE channels[1] END AS ch0,
                pg_temp.bu(i, 15) < 0.5 AS male,
                pg_temp.ld(acc) - CASE WHEN queue THEN 180 + floor(pg_temp.bu(i, 11) * 1825)::int
                                       ELSE 1100 + floor(pg_temp.bu(i, 11) * 5100)::int END AS birth,
                floor(pg_temp.bu(i, 17) * $5::int)::int AS k0,
                1 + floor(pg_temp.bu(i, 18) * 3)::int AS kn
           FROM f
       )
       SELECT g.*,
              CASE WHEN ch0 = 'office' AND office_type = 'mobileCentre' THEN 'mobile' ELSE ch0 END AS channel,
              CASE WHEN NOT queue THEN 'none'
                   WHEN delivered AND decision = 'refusal' THEN 'refused'
                   WHEN delivered AND decision = 'referral' THEN CASE WHEN sign_plan < $4::timestamptz - interval '10 days' THEN 'enrolled' ELSE 'referred' END
                   ELSE 'waiting' END AS queue_state,
              CASE WHEN queue AND pg_temp.bu(i, 16) < 0.1 THEN ($6::text[])[1 + floor(pg_temp.bu(i, 20) * 5)::int] END AS priority,
              extract(year FROM pg_temp.ld(acc))::int AS jy,
              row_number() OVER (PARTITION BY office_id ORDER BY acc, i) AS dev_rank
         FROM g`,
      [APPS, offices.length, TODAY, NOW_ISO, kgs.length, PRIORITIES],
    );
    await step(
      'applications: plan',
      `CREATE TEMP TABLE bench_j ON COMMIT DROP AS
       SELECT i, row_number() OVER (PARTITION BY office_id, service, jy ORDER BY acc, i)::int AS js FROM bench_a`,
    );
    const seq0 = Number((await tx.query<{ seq: number }>(`SELECT seq FROM change_counter FOR UPDATE`)).rows[0].seq);
    // The record as the desk keeps it (shared/model/application.ts), with the columns the server searches by.
    await step(
      'applications: insert',
      `INSERT INTO applications (id, office_id, service_code, child_iin, subject_iin, birth_date, status, queue_state, priority,
                                 accepted_at, journal_no, journal_year, journal_seq, data, version, change_seq, updated_at)
       SELECT id, office_id, service, child_iin, COALESCE(child_iin, app_iin), CASE WHEN subject = 'child' THEN birth END,
              status, queue_state, priority, acc, jno, jy, js, data, version, $1::bigint + i, $2::timestamptz
         FROM (
           SELECT a.*, j.js, p.*, n.*, jsonb_array_length(p.steps) AS version,
                  a.office_code || '-' || a.jy || '-' || lpad(j.js::text, 4, '0') AS jno,
                  jsonb_build_object(
                    'id', p.id, 'officeId', a.office_id, 'serviceCode', a.service, 'journalYear', a.jy, 'journalSeq', j.js,
                    'journalNo', a.office_code || '-' || a.jy || '-' || lpad(j.js::text, 4, '0'),
                    'lang', CASE WHEN pg_temp.bu(a.i, 21) < 0.8 THEN 'kk' ELSE 'ru' END,
                    'applicant', jsonb_build_object(
                        'iin', n.app_iin, 'lastName', n.app_last, 'firstName', n.app_first,
                        'kind', CASE WHEN a.subject = 'child' THEN 'parent' ELSE 'self' END,
                        'phone', '+7 70' || lpad((floor(pg_temp.bu(a.i, 22) * 100000000))::int::text, 8, '0'),
                        'address', a.settlement || ', ' || (ARRAY['Абай', 'Жамбыл', 'Төле би', 'Мектеп', 'Бейбітшілік'])[1 + a.i % 5]
                                   || ' көшесі, ' || (1 + a.i % 90)),
                    'priority', a.priority,
                    'kindergartenIds', CASE WHEN a.queue THEN
                        (SELECT jsonb_agg(k.id ORDER BY q) FROM generate_series(0, a.kn - 1) q JOIN bench_k k ON k.ord = (a.k0 + q) % $3::int)
                      ELSE '[]'::jsonb END,
                    'workplaces', '{}'::jsonb, 'consent', true, 'documents', '[]'::jsonb,
                    'status', a.status, 'queueState', a.queue_state,
                    'acceptedAt', pg_temp.iso(a.acc), 'acceptedBy', a.clerk_id, 'channel', a.channel,
                    'dueAt', pg_temp.iso(a.due), 'expiredReferrals', p.expired, 'steps', p.steps, 'prints', '[]'::jsonb,
                    'version', jsonb_array_length(p.steps), 'updatedAt', pg_temp.iso(a.acc + a.span))
                  || CASE WHEN a.subject = 'child' THEN jsonb_build_object('child', jsonb_build_object(
                        'iin', n.child_iin, 'lastName', n.child_last, 'firstName', n.child_first, 'middleName', n.child_middle,
                        'birthDate', to_char(a.birth, 'YYYY-MM-DD'), 'sex', CASE WHEN a.male THEN 'male' ELSE 'female' END))
                     ELSE '{}'::jsonb END
                  || CASE WHEN a.channel = 'mobile' THEN jsonb_build_object('settlement', a.settlement) ELSE '{}'::jsonb END
                  || CASE WHEN a.channel IN ('office', 'mobile') AND pg_temp.bu(a.i, 13) < 0.4 THEN jsonb_build_object('arrivalAt',
                        pg_temp.iso(a.acc - floor(pg_temp.bu(a.i, 14) ^ 2 * 55) * interval '1 minute')) ELSE '{}'::jsonb END
                  || CASE WHEN a.status <> 'registered' THEN jsonb_build_object('executorId', a.exec_id) ELSE '{}'::jsonb END
                  || CASE a.decision
                       WHEN 'referral' THEN jsonb_build_object('decision', jsonb_build_object('kind', 'referral',
                           'kindergartenId', (SELECT k.id FROM bench_k k WHERE k.ord = a.k0),
                           'ageGroupId', CASE WHEN pg_temp.ld(a.acc) - a.birth < 1095 THEN 'nursery' WHEN pg_temp.ld(a.acc) - a.birth < 1460 THEN 'junior'
                                              WHEN pg_temp.ld(a.acc) - a.birth < 1825 THEN 'middle' ELSE 'senior' END,
                           'referralNo', a.office_code || '-Ж-' || a.jy || '-' || lpad(j.js::text, 4, '0'),
                           'issuedOn', to_char(pg_temp.ld(a.acc + a.span), 'YYYY-MM-DD'),
                           'validUntil', to_char(pg_temp.ld(a.acc + a.span) + 5, 'YYYY-MM-DD')))
                       WHEN 'notification' THEN '{"decision":{"kind":"notification"}}'::jsonb
                       WHEN 'refusal' THEN jsonb_build_object('decision', jsonb_build_object('kind', 'refusal',
                           'groundCode', 'documents', 'reason', 'Ұсынылған құжаттар толық емес'))
                       WHEN 'result' THEN jsonb_build_object('decision', jsonb_build_object('kind', 'result',
                           'resultKind', 'certificate', 'form', 'generic-result',
                           'documentNo', a.office_code || '-Н-' || a.jy || '-' || lpad(j.js::text, 4, '0')))
                       ELSE '{}'::jsonb END AS data
             FROM bench_a a
             JOIN bench_j j ON j.i = a.i
             CROSS JOIN LATERAL (
               SELECT
                 CASE WHEN a.male THEN (ARRAY[${sqlList(MALE)}])[1 + a.i % ${MALE.length}]
                      ELSE (ARRAY[${sqlList(FEMALE)}])[1 + a.i % ${FEMALE.length}] END AS child_first,
                 (ARRAY[${sqlList(SURNAMES)}])[1 + (a.i / 7) % ${SURNAMES.length}]
                   || CASE WHEN a.male OR (a.i / 7) % ${SURNAMES.length} = ${SURNAMES.length - 1} THEN '' ELSE 'а' END AS child_last,
                 (ARRAY[${sqlList(MALE)}])[1 + (a.i / 3) % ${MALE.length}] || CASE WHEN a.male THEN 'ұлы' ELSE 'қызы' END AS child_middle,
                 (ARRAY[${sqlList(FEMALE)}])[1 + (a.i / 5) % ${FEMALE.length}] AS app_first,
                 (ARRAY[${sqlList(SURNAMES)}])[1 + (a.i / 7) % ${SURNAMES.length}]
                   || CASE WHEN (a.i / 7) % ${SURNAMES.length} = ${SURNAMES.length - 1} THEN '' ELSE 'а' END AS app_last,
                 CASE WHEN a.subject = 'child' THEN to_char(a.birth, 'YYMMDD') || lpad((a.i % 1000000)::text, 6, '0') END AS child_iin,
                 to_char(a.birth - 9000 - (a.i % 3000), 'YYMMDD') || lpad(((a.i * 7) % 1000000)::text, 6, '0') AS app_iin
             ) n
             CROSS JOIN LATERAL (
               SELECT md5('application-' || a.i)::uuid::text AS id,
                 jsonb_build_array(pg_temp.st('accept', a.clerk_id, a.clerk_name, 'clerk', a.acc - interval '4 minutes', a.acc, 5))
                 || CASE WHEN a.status <> 'registered' THEN jsonb_build_array(pg_temp.st('resolution', a.head_id, a.head_name, 'head',
                        a.acc, a.acc + 0.1 * a.span, 5)) ELSE '[]'::jsonb END
                 || CASE WHEN a.status IN ('decided', 'signed', 'issued') THEN jsonb_build_array(pg_temp.st('decision', a.exec_id, a.exec_name,
                        'executor', a.acc + 0.1 * a.span, a.acc + 0.6 * a.span, 10)) ELSE '[]'::jsonb END
                 || CASE WHEN a.delivered THEN jsonb_build_array(pg_temp.st('signature', a.head_id, a.head_name, 'head',
                        a.acc + 0.6 * a.span, a.sign_plan, 5)) ELSE '[]'::jsonb END
                 || CASE WHEN a.status = 'issued' THEN jsonb_build_array(pg_temp.st('issue', a.clerk_id, a.clerk_name, 'clerk',
                        a.sign_plan, a.issue_plan, 5)) ELSE '[]'::jsonb END AS steps,
                 CASE WHEN a.queue_state = 'waiting' AND pg_temp.bu(a.i, 19) < 0.08 THEN jsonb_build_array(jsonb_build_object(
                        'referralNo', a.office_code || '-Ж-' || a.jy || '-9' || lpad(j.js::text, 4, '0'),
                        'kindergartenId', (SELECT k.id FROM bench_k k WHERE k.ord = (a.k0 + 1) % $3::int),
                        'validUntil', to_char(LEAST(pg_temp.ld(a.acc) + 10 + floor(pg_temp.bu(a.i, 23) * 60)::int, $4::date - 1), 'YYYY-MM-DD')))
                      ELSE '[]'::jsonb END AS expired
             ) p
         ) z`,
      [seq0, NOW_ISO, kgs.length, TODAY],
    );
    // The ops that made them: create, then the steps (resolution, decision, signature, issue); where an
    // application stopped earlier, the laptop's other ops of that day (access-log entries) fill its share.
    // The audit trail as the server keeps it (migration 017): each application's ops one batch, a narrow row per op.
    await step(
      'ops: insert',
      `CREATE TEMP TABLE bench_ops ON COMMIT DROP AS
       SELECT a.i AS app_i, k AS idx, md5('op-' || a.i || '-' || k)::uuid::text AS op_id, a.device_id,
              (a.dev_rank - 1) * $1::int + k + 1 AS device_seq, a.office_id,
              CASE WHEN k = 0 OR s.st IS NOT NULL THEN 'application' ELSE 'access' END AS entity,
              CASE WHEN k = 0 OR s.st IS NOT NULL THEN ap.id ELSE md5('access-' || a.i || '-' || k)::uuid::text END AS entity_id,
              CASE WHEN k = 0 THEN 'create' WHEN s.st IS NOT NULL THEN 'transition' ELSE 'create' END AS kind,
              CASE WHEN k > 0 THEN s.st->>'step' END AS step,
              CASE WHEN k = 0 THEN ap.data - 'steps' || jsonb_build_object('steps', jsonb_build_array(ap.data->'steps'->0), 'version', 1)
                   WHEN s.st IS NOT NULL THEN jsonb_build_object('steps', jsonb_build_array(s.st))
                   ELSE jsonb_build_object('id', md5('access-' || a.i || '-' || k)::uuid::text, 'applicationId', ap.id,
                          'officeId', a.office_id, 'at', pg_temp.iso(a.acc + k * interval '1 hour'), 'by', a.clerk_id,
                          'byName', a.clerk_name, 'action', 'open') END AS fields,
              CASE WHEN k = 0 OR s.st IS NULL THEN 0 ELSE k END AS base_version,
              lpad((extract(epoch FROM t.at) * 1000)::bigint::text, 15, '0') || '-' || lpad(k::text, 5, '0') || '-' || a.device_id AS hlc,
              COALESCE(s.st->>'by', a.clerk_id) AS staff_id,
              CASE WHEN s.st IS NOT NULL THEN k + 1 ELSE 1 END AS version,
              LEAST(t.at + pg_temp.bu(a.i, 30 + k) * interval '1 day', $2::timestamptz) AS received_at
         FROM bench_a a
         JOIN applications ap ON ap.id = md5('application-' || a.i)::uuid::text
         CROSS JOIN generate_series(0, $1::int - 1) k
         CROSS JOIN LATERAL (SELECT CASE WHEN k > 0 THEN ap.data->'steps'->k END AS st) s
         CROSS JOIN LATERAL (SELECT COALESCE((s.st->>'at')::timestamptz, a.acc + k * interval '1 hour') AS at) t`,
      [opsPerApp, NOW_ISO],
    );
    const { rows: base } = await tx.query<{ n: string }>('SELECT COALESCE(max(id), 0) AS n FROM op_batches');
    await step(
      'ops: insert',
      `INSERT INTO op_batches (id, device_id, received_at, ops)
       SELECT $1::bigint + app_i, min(device_id), min(received_at),
              jsonb_agg(jsonb_build_object('opId', op_id, 'deviceId', device_id, 'deviceSeq', device_seq, 'entity', entity,
                  'entityId', entity_id, 'kind', kind, 'fields', fields, 'baseVersion', base_version, 'hlc', hlc, 'staffId', staff_id)
                || CASE WHEN step IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('step', step) END ORDER BY idx)
         FROM bench_ops GROUP BY app_i`,
      [base[0].n],
    );
    await step(
      'ops: insert',
      `INSERT INTO op_log (batch_id, idx, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, staff_id, source,
                           status, version, received_at)
       SELECT $1::bigint + app_i, idx, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, staff_id, 'push',
              'applied', version, received_at
         FROM bench_ops ORDER BY app_i, idx`,
      [base[0].n],
    );
    await tx.query(`SELECT setval(pg_get_serial_sequence('op_batches', 'id'), (SELECT max(id) FROM op_batches))`);
    // Refusals to accept (missing documents) and complaints, a few hundred each over the same two years.
    await step(
      'refusals, complaints',
      `INSERT INTO refusals (id, office_id, service_code, at, data, version, change_seq, updated_at)
       SELECT id, office_id, service, at, jsonb_build_object('id', id, 'officeId', office_id, 'serviceCode', service,
                'at', pg_temp.iso(at), 'by', clerk_id, 'byName', clerk_name, 'lang', 'kk',
                'applicant', jsonb_build_object('iin', '8' || lpad((i * 7919 % 100000000000)::text, 11, '0'), 'lastName', 'Ахметова',
                    'firstName', 'Сәуле', 'kind', 'parent', 'phone', '+7 701 000 00 00', 'address', settlement),
                'missingDocuments', '["birthCertificate"]'::jsonb, 'prints', '[]'::jsonb),
              1, $1::bigint + i, $2::timestamptz
         FROM (
           SELECT i, md5('refusal-' || i)::uuid::text AS id, o.id AS office_id, o.clerk_id, o.clerk_name, o.settlement,
                  CASE WHEN pg_temp.bu(i, 41) < 0.8 THEN 'preschool-queue' ELSE 'school-admission' END AS service,
                  (($3::date - (1 + floor(pg_temp.bu(i, 42) * 730))::int)::timestamp + interval '4 hours'
                     + floor(pg_temp.bu(i, 43) * 540) * interval '1 minute') AT TIME ZONE 'UTC' AS at
             FROM generate_series(1, $4::int) i JOIN bench_o o ON o.ord = floor(pg_temp.bu(i, 40) * $5::int)::int
         ) r`,
      [seq0 + APPS, NOW_ISO, TODAY, REFUSALS, offices.length],
    );
    await step(
      'refusals, complaints',
      `INSERT INTO complaints (id, office_id, incoming_no, received_at, status, due_at, data, version, change_seq, updated_at)
       SELECT id, office_id, no, rec, status, due, jsonb_build_object('id', id, 'officeId', office_id,
                'journalYear', extract(year FROM rec)::int, 'journalSeq', i, 'incomingNo', no, 'lang', 'kk',
                'receivedAt', pg_temp.iso(rec), 'receivedBy', clerk_id, 'receivedByName', clerk_name,
                'complainant', jsonb_build_object('fullName', 'Исабекова Гүлназ', 'address', settlement),
                'against', head_name, 'subject', 'Кезекке қою мерзімі бұзылды', 'serviceCode', 'preschool-queue',
                'providerWorkingDays', 5, 'authorityWorkingDays', 15, 'dueAt', pg_temp.iso(due),
                'forwardBy', pg_temp.iso(rec + interval '4 days'), 'status', status, 'prints', '[]'::jsonb,
                'updatedAt', pg_temp.iso(rec))
              || CASE WHEN status = 'answered' THEN jsonb_build_object('answer', jsonb_build_object('text', 'Жауап берілді',
                    'date', to_char(pg_temp.ld(ans), 'YYYY-MM-DD'), 'satisfied', 'fully',
                    'justified', pg_temp.bu(i, 54) < 0.3, 'at', pg_temp.iso(ans), 'by', head_id, 'byName', head_name))
                 ELSE '{}'::jsonb END,
              1, $1::bigint + i, $2::timestamptz
         FROM (
           SELECT q.*, rec + interval '7 days' AS due, rec + pg_temp.bu(i, 53) * interval '9 days' AS ans,
                  CASE WHEN rec + pg_temp.bu(i, 53) * interval '9 days' < $2::timestamptz AND pg_temp.bu(i, 52) < 0.9 THEN 'answered'
                       WHEN pg_temp.bu(i, 52) < 0.95 THEN 'open' ELSE 'forwarded' END AS status
             FROM (
               SELECT i, md5('complaint-' || i)::uuid::text AS id, o.id AS office_id, o.clerk_id, o.clerk_name, o.head_id,
                      o.head_name, o.settlement, 'Ш-' || i AS no,
                      (($3::date - (1 + floor(pg_temp.bu(i, 51) * 730))::int)::timestamp + interval '5 hours'
                         + floor(pg_temp.bu(i, 55) * 480) * interval '1 minute') AT TIME ZONE 'UTC' AS rec
                 FROM generate_series(1, $4::int) i JOIN bench_o o ON o.ord = floor(pg_temp.bu(i, 50) * $5::int)::int
             ) q
         ) c`,
      [seq0 + APPS + REFUSALS, NOW_ISO, TODAY, COMPLAINTS, offices.length],
    );
    await step(
      'refusals, complaints',
      `UPDATE devices d SET acked = x.n FROM (SELECT device_id, max(device_seq) AS n FROM op_log GROUP BY device_id) x WHERE d.id = x.device_id`,
    );
    await tx.query(`UPDATE change_counter SET seq = $1`, [seq0 + APPS + REFUSALS + COMPLAINTS + 1]);
  });
  return t;
}

const sqlList = (xs: string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');

async function generate(db: Db, catalog: Catalog) {
  const gen: Record<string, number> = {};
  const t0 = now();
  const offices = await addOffices(db);
  gen['offices, staff, kindergartens, laptops'] = now() - t0;
  Object.assign(gen, await generateRecords(db, offices, catalog));
  // The name keys of possible duplicates (migration 012): the server's own backfill, as at a start.
  let t1 = now();
  await rekeyApplications(db);
  gen['name keys (server backfill)'] = now() - t1;
  // The columns the server writes with each record and the SQL above did not: the
  // kindergartens asked for (as migration 015 fills them) and the folded name (as a start does).
  const t2 = now();
  await db.query(
    `UPDATE applications SET kindergarten_ids = ARRAY(SELECT jsonb_array_elements_text(data->'kindergartenIds'))
      WHERE jsonb_typeof(data->'kindergartenIds') = 'array' AND jsonb_array_length(data->'kindergartenIds') > 0`,
  );
  await refreshNameFolds(db);
  gen['queue columns (kindergartens, folded names)'] = now() - t2;
  if (db.kind === 'postgres') {
    // What autovacuum does after a bulk load within a minute; PGlite has no autovacuum, so nothing there.
    t1 = now();
    await db.query('ANALYZE');
    gen['ANALYZE (PostgreSQL only)'] = now() - t1;
  }
  gen.total = now() - t0;
  const counts: Record<string, number> = {};
  for (const table of ['offices', 'staff', 'kindergartens', 'devices', 'applications', 'ops', 'refusals', 'complaints'])
    counts[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const q = await db.query<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE queue_state = 'waiting')::int AS waiting,
            count(*) FILTER (WHERE data->'steps' @> '[{"step":"signature"}]')::int AS delivered,
            count(*) FILTER (WHERE service_code = 'preschool-queue')::int AS preschool,
            count(*) FILTER (WHERE accepted_at >= $1::timestamptz)::int AS "thisYear",
            avg(octet_length(data::text))::int AS "data bytes (JSON text, avg)",
            avg(pg_column_size(data))::int AS "data bytes (stored, avg)"
       FROM applications`,
    [`${YEAR - 1}-12-31T19:00:00Z`],
  );
  Object.assign(counts, q.rows[0]);
  const size = await db.query<{ mb: number }>(`SELECT (pg_database_size(current_database()) / 1048576)::int AS mb`);
  counts['database MiB'] = size.rows[0].mb;
  return { gen, counts };
}

// ---------------------------------------------------------------- timing through HTTP

async function timeGet(base: string, token: string, paths: string[]): Promise<{ ms: number; bytes: number }> {
  const t0 = now();
  const sizes = await Promise.all(
    paths.map(async (p) => {
      const res = await fetch(base + p, {
        headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        signal: AbortSignal.timeout(300_000),
      });
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${buf.toString('utf8').slice(0, 300)}`);
      return buf.length;
    }),
  );
  return { ms: now() - t0, bytes: sizes.reduce((a, b) => a + b, 0) };
}

const Y = YEAR;
const PROBES: Array<{ name: string; paths: string[] }> = [
  { name: 'annual', paths: [`/v1/district/reports/annual?year=${Y}`] },
  { name: 'indicators', paths: [`/v1/district/reports/indicators?year=${Y}`] },
  {
    name: 'dashboard first paint',
    paths: [`/v1/district/reports/dashboard?from=${Y}-01&to=${Y}-12`, '/v1/district/reports/context'],
  },
  { name: 'dashboard alone', paths: [`/v1/district/reports/dashboard?from=${Y}-01&to=${Y}-12`] },
  { name: 'context alone', paths: ['/v1/district/reports/context'] },
  {
    name: 'drill.xlsx',
    paths: [`/v1/district/reports/drill.xlsx?from=${Y}-01&to=${Y}-12&measure=accepted&lang=kk`],
  },
  {
    name: 'pivot.xlsx',
    paths: [`/v1/district/reports/pivot.xlsx?from=${Y}-01&to=${Y}-12&dims=office,service,month,channel&lang=kk`],
  },
  { name: 'queue', paths: ['/v1/district/queue'] },
];

function vmHwmMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The server's memory at the end of each stage (issue #17), from bench/server-memory.ts in the
 * server's process: the peak since the previous stage and what stays after a full GC, with the
 * process's high-water mark (VmHWM) so far. Logged as it goes and kept for the results.
 */
type MemoryStage = { stage: string; peak: Record<string, number>; afterGc: Record<string, number>; hwm: number | null };
const memoryStages: MemoryStage[] = [];
let memoryFile = '';
async function memoryStage(child: ChildServer, stage: string): Promise<void> {
  if (!memoryFile) return;
  const lines = () => readFileSync(memoryFile, 'utf8').split('\n').filter(Boolean).length;
  let before = 0;
  try {
    before = lines();
  } catch {
    /* no stage written yet */
  }
  child.proc.kill('SIGUSR2');
  const t0 = now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    let text = '';
    try {
      text = readFileSync(memoryFile, 'utf8');
    } catch {
      /* not yet */
    }
    const all = text.split('\n').filter(Boolean);
    if (all.length > before) {
      const x = JSON.parse(all[all.length - 1]) as Omit<MemoryStage, 'stage' | 'hwm'>;
      const m: MemoryStage = { stage, ...x, hwm: vmHwmMiB(child.proc.pid!) };
      memoryStages.push(m);
      log(
        `  memory after ${stage}: peak RSS ${m.peak.rss} MiB (heap ${m.peak.heapUsed}, external ${m.peak.external}),` +
          ` after GC RSS ${m.afterGc.rss} MiB (heap ${m.afterGc.heapUsed}, external ${m.afterGc.external}), VmHWM ${m.hwm?.toFixed(0)} MiB`,
      );
      return;
    }
    if (now() - t0 > 60_000) throw new Error('the server wrote no memory stage');
  }
}

async function measure(child: ChildServer): Promise<Record<string, Figure>> {
  await memoryStage(child, 'start');
  const login = await fetch(`${child.url}/v1/district/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ login: DEMO_DISTRICT_LOGIN, password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  if (!token) throw new Error(`district login failed: ${login.status}`);
  const out: Record<string, Figure> = {};
  for (const p of PROBES) {
    const first = await timeGet(child.url, token, p.paths);
    const runs: number[] = [];
    let bytes = first.bytes;
    for (let r = 0; r < 3; r++) {
      const x = await timeGet(child.url, token, p.paths);
      runs.push(x.ms);
      bytes = x.bytes;
    }
    out[p.name] = { ms: median(runs), first: first.ms, runs, bytes };
    await memoryStage(child, p.name);
    log(
      `  ${p.name}: first ${first.ms.toFixed(0)} ms, runs ${runs.map((x) => x.toFixed(0)).join(' / ')} ms, ${bytes} B`,
    );
  }
  Object.assign(out, await laptops(child, token));
  // What the district looks like in the report (a sanity check of the generated data, not timed).
  const annual = await fetch(`${child.url}/v1/district/reports/annual?year=${Y}`, {
    headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
  });
  const a = ((await annual.json()) as { data: AnnualReportData }).data;
  log(
    `  annual ${Y}: accepted ${a.accepted}, delivered ${JSON.stringify(a.delivered)}, on time ${((a.control.onTimeShare ?? 0) * 100).toFixed(1)}%,` +
      ` overdue open ${a.control.overdueOpen}, refusals ${a.control.refusals}, refused to accept ${a.control.refusedToAccept},` +
      ` complaints ${a.complaints.received} (justified ${a.complaints.justified})`,
  );
  return out;
}

/** Server CPU (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/**
 * Issue #17: a laptop in every office, enrolled with a code the district
 * issues, pulls the office from nothing (the enrolment pull; the busiest
 * office's is reported), then all pull at the same moment with nothing new,
 * as they sync every few minutes: the wall time until the last is answered,
 * the server CPU, and what one such pull weighs.
 */
async function laptops(child: ChildServer, token: string): Promise<Record<string, Figure>> {
  const H = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const call = async (method: string, path: string, auth: string, body?: unknown) => {
    const r = await fetch(`${child.url}${path}`, {
      method,
      headers: { ...H, authorization: `Bearer ${auth}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
    return { json: JSON.parse(text) as Record<string, unknown>, bytes: text.length };
  };
  const { offices } = (await call('GET', '/v1/district/offices', token)).json as {
    offices: Array<{ id: string; type: string }>;
  };
  const devices: Array<{ token: string; cursor: string; tag?: string; officeId: string }> = [];
  // The offices' laptops: the department's own laptop pulls the whole district, a different figure.
  for (const o of offices.filter((x) => x.type !== 'districtEducation')) {
    const { code } = (await call('POST', '/v1/district/enrolment-codes', token, { officeId: o.id, validHours: 1 }))
      .json as { code: string };
    const r = await fetch(`${child.url}/v1/enrol`, {
      method: 'POST',
      headers: H,
      body: JSON.stringify({ code, deviceName: `bench ${o.id.slice(-6)}` }),
    });
    const e = (await r.json()) as { token: string; cursor: string };
    if (!r.ok) throw new Error(`enrol: ${r.status}`);
    devices.push({ token: e.token, cursor: '0', officeId: o.id });
  }
  /** Pulls to the end; the token rotates on the last page, as a desk adopts it. */
  const pullAll = async (d: (typeof devices)[number]) => {
    let bytes = 0;
    for (;;) {
      const q = `/v1/pull?cursor=${d.cursor}&limit=1000${d.tag ? `&queue=${d.tag}` : ''}`;
      const { json, bytes: b } = await call('GET', q, d.token);
      bytes += b;
      d.cursor = json.cursor as string;
      if (json.token) d.token = json.token as string;
      const queue = json.queue as { tag?: string } | undefined;
      if (queue?.tag) d.tag = queue.tag;
      if (!json.more) return bytes;
    }
  };
  const out: Record<string, Figure> = {};
  let slowest = { ms: 0, bytes: 0 };
  for (const d of devices) {
    const t0 = now();
    const bytes = await pullAll(d);
    const ms = now() - t0;
    if (ms > slowest.ms) slowest = { ms, bytes };
  }
  await memoryStage(child, `${devices.length} enrolment pulls, one after another`);
  out[`enrolment pull of one office (slowest of ${devices.length})`] = {
    ms: slowest.ms,
    first: slowest.ms,
    runs: [slowest.ms],
    bytes: slowest.bytes,
  };
  const runs: number[] = [];
  let cpu = 0;
  let bytes = 0;
  for (let r = 0; r < 3; r++) {
    const c0 = cpuMs(child.proc.pid!);
    const t0 = now();
    const sizes = await Promise.all(devices.map(pullAll));
    runs.push(now() - t0);
    cpu = cpuMs(child.proc.pid!) - c0;
    bytes = Math.max(...sizes);
  }
  await memoryStage(child, `${devices.length} laptops pull at once, 3 times`);
  out[`${devices.length} laptops pull at once, nothing new (last answer)`] = {
    ms: median(runs),
    first: runs[0],
    runs,
    bytes,
  };
  log(
    `  ${devices.length} laptops at once: ${runs.map((x) => x.toFixed(0)).join(' / ')} ms, server CPU ${cpu.toFixed(0)} ms, ${bytes} B each at most`,
  );
  return out;
}

// ---------------------------------------------------------------- where the time goes

/** The applications query of liveEvents (server/reports/events.ts), for EXPLAIN ANALYZE. */
const APPS_SQL = `SELECT id, office_id, service_code, journal_no, data->>'acceptedAt' AS accepted, data->>'dueAt' AS due,
            status, queue_state, data->>'channel' AS channel, data->>'arrivalAt' AS arrival,
            (SELECT s->>'at' FROM jsonb_array_elements(data->'steps') s WHERE s->>'step' = 'signature' LIMIT 1) AS ready,
            data->'decision'->>'kind' AS decision
       FROM applications
      WHERE accepted_at <= $2::timestamptz AND (accepted_at >= $1::timestamptz OR status <> 'issued')`;
const QUEUE_SQL = `SELECT id, office_id, priority, accepted_at, journal_seq, journal_no, child_iin, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
            data->'child'->>'lastName' AS last_name, data->'child'->>'firstName' AS first_name, data->'child'->>'middleName' AS middle_name,
            data->'kindergartenIds' AS kindergarten_ids
       FROM applications WHERE queue_state = 'waiting' AND service_code = ANY($1::text[]) AND birth_date IS NOT NULL`;

async function med<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let value = await fn();
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = now();
    value = await fn();
    runs.push(now() - t0);
  }
  return { ms: median(runs), value };
}

async function explain(db: Queryable, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((r) => Object.values(r)[0]).join('\n');
}

/** The heap in use after a full GC, MiB (the bench's own process: gc exposed at run time). */
function heldHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 1048576;
}

async function breakdown(db: Db) {
  const catalog = await loadCatalog(db);
  const deps: ReportDeps = { db, catalog: () => catalog, now: () => NOW_ISO };
  const from = `${Y}-01`;
  const to = `${Y}-12`;
  const b: Record<string, number> = {};
  const mem: Record<string, number> = {};
  // liveEvents reads from 24 months before `from` (late arrivals), and up to a year before that for open ones.
  const lookFrom = `${Y - 2}-01`;
  const start = new Date(Date.parse(`${lookFrom}-01T00:00:00.000Z`) - 5 * 3_600_000).toISOString();
  const yearBefore = new Date(Date.parse(start) - 366 * 86_400_000).toISOString();
  const end = `${Y}-12-31T18:59:59.999Z`;
  const appsSql = await med(() => db.query(APPS_SQL, [yearBefore, end]));
  b['one report reading every record again (the old way): applications SQL (rows ' + appsSql.value.rows.length + ')'] =
    appsSql.ms;
  // What the server does now (server/reports/facts.ts): the first report after start reads every
  // record once; later ones read only the records changed since.
  let facts = new ReportFacts();
  const load = await med(async () => {
    facts = new ReportFacts();
    await facts.refresh(db, catalog);
  });
  b[`facts: first load after start (applications ${facts.apps.size})`] = load.ms;
  b['facts: refresh with nothing changed'] = (await med(() => facts.refresh(db, catalog))).ms;
  // What the mirror holds (issue #17): the heap it keeps after a full GC, loaded alone, then with
  // every record's events worked out as the reports do (liveEvents over the whole mirror).
  {
    facts = new ReportFacts();
    const h0 = heldHeap();
    await facts.refresh(db, catalog);
    const h1 = heldHeap();
    // Counted in a function of its own: its answer must not stay reachable from this frame.
    const counted = async () => (await liveEvents(db, facts, '2000-01', '2100-12', NOW_ISO)).length;
    log(`  facts mirror: events of every application and month: ${await counted()}`);
    const h2 = heldHeap();
    mem[`facts mirror: held heap, MiB (applications ${facts.apps.size})`] = h1 - h0;
    // The events read back from the columns against shared applicationEvents on every application.
    let differ = 0;
    for (const e of facts.apps.values())
      if (JSON.stringify(facts.eventsOfApp(e)) !== JSON.stringify(applicationEvents(e.fact, facts.context()))) differ++;
    log(`  facts mirror: events read back that differ from applicationEvents: ${differ} of ${facts.apps.size}`);
    if (differ) throw new Error('the mirror gives events other than applicationEvents');
    mem['facts mirror: its events, held heap, MiB'] = h2 - h1;
  }
  // 1,000 applications written again (a busy hour of syncs): new change numbers, nothing else.
  const bump = async () => {
    await db.query(
      `WITH c AS (UPDATE change_counter SET seq = seq + 1000 WHERE id = 1 RETURNING seq - 1000 AS base)
       UPDATE applications a SET change_seq = c.base + v.n
         FROM c, (SELECT id, row_number() OVER (ORDER BY id) AS n FROM applications ORDER BY id LIMIT 1000) v WHERE a.id = v.id`,
    );
  };
  const changed: number[] = [];
  for (let r = 0; r < 3; r++) {
    await bump();
    const t0 = now();
    await facts.refresh(db, catalog);
    changed.push(now() - t0);
  }
  b['facts: refresh after 1,000 applications changed'] = median(changed);
  const asOf = NOW_ISO < end ? NOW_ISO : end;
  const live = await med(() => liveEvents(db, facts, lookFrom, to, asOf));
  b['liveEvents from the facts (events ' + live.value.length + ')'] = live.ms;
  const p = await med(() => periodResult(deps, from, to, facts));
  b['periodResult, facts up to date (events ' + p.value.events.length + ')'] = p.ms;
  b['annualOf (JS)'] = (await med(() => annualOf(p.value, {}, catalog))).ms;
  const offices = (await reportOffices({ db } as unknown as Parameters<typeof reportOffices>[0])).map((o) => o.id);
  const norms = await indicatorNorms(db, Y);
  b['indicatorsOf (JS)'] = (await med(() => indicatorsOf(p.value, {}, norms, offices))).ms;
  b['dashboardOf (JS)'] = (await med(() => dashboardOf(p.value, {}))).ms;
  b['queueFigures (from the facts)'] = (
    await med(() => queueFigures(db, catalog, `${from}-01`, TODAY, TODAY, undefined, facts))
  ).ms;
  const drill = await med(() => drillRows(p.value, {}, { measure: 'accepted' }, 100_000));
  b['drill.xlsx: drillRows (rows ' + drill.value.rows.length + ')'] = drill.ms;
  const names = {
    office: (id: string) => ({ kk: id, ru: id }),
    service: (code: string) => (catalog.has(code) ? catalog.get(code).name : undefined),
  };
  const table = await med(() => applicationsExportTable(drill.value.rows.map(drillListRow), names));
  b['drill.xlsx: applicationsExportTable (JS)'] = table.ms;
  b['drill.xlsx: xlsxOf (exceljs)'] = (await med(() => xlsxOf([table.value], 'kk'))).ms;
  const pv = await med(() => pivotOf(p.value, {}, ['office', 'service', 'month', 'channel']));
  b['pivot: pivotOf (JS, rows ' + pv.value.length + ')'] = pv.ms;
  b['pivot: xlsxOf'] = (
    await med(() => xlsxOf([pivotExportTable(pv.value, ['office', 'service', 'month', 'channel'], names)], 'kk'))
  ).ms;
  const services = queueEntries(defaultCatalog.all()).map((e) => e.code);
  const qs = await med(() => db.query(QUEUE_SQL, [services]));
  b['queue: SQL (rows ' + qs.value.rows.length + ')'] = qs.ms;
  const dq = await med(() => districtQueue(db, NOW_ISO));
  b['queue: districtQueue (SQL + sort)'] = dq.ms;
  b['queue: JSON.stringify of the answer'] = (await med(() => JSON.stringify(dq.value).length)).ms;
  // What a pull's last page adds (issue #17): the places are computed once per state of the
  // applications (a fresh wrapper of the database stands for a state not seen yet), then each
  // office's list is looked up; a laptop holding the list's tag gets only the tag back.
  const busiest = (
    await db.query<{ office_id: string }>(
      `SELECT office_id FROM applications WHERE queue_state = 'waiting' GROUP BY office_id ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows[0].office_id;
  const fresh = (): Db => Object.create(db) as Db;
  b['pull queue: after a change, the first pull (computes the district)'] = (
    await med(() => queueForPull(fresh(), NOW_ISO, busiest))
  ).ms;
  const h3 = heldHeap();
  const state = fresh();
  const first = await queueForPull(state, NOW_ISO, busiest);
  mem['queue snapshot (one state): held heap, MiB'] = heldHeap() - h3;
  b['pull queue: the busiest office (' + first.entries.length + ' children), whole list, cached'] = (
    await med(() => queueForPull(state, NOW_ISO, busiest))
  ).ms;
  b['pull queue: nothing new (the laptop sends its tag)'] = (
    await med(() => queueForPull(state, NOW_ISO, busiest, first.tag))
  ).ms;
  const waitingOffices = (
    await db.query<{ id: string }>(`SELECT DISTINCT office_id AS id FROM applications WHERE queue_state = 'waiting'`)
  ).rows.map((r) => r.id);
  b['pull queue: ' + waitingOffices.length + ' offices at once after a change (wall time)'] = (
    await med(async () => {
      const s = fresh();
      await Promise.all(waitingOffices.map((o) => queueForPull(s, NOW_ISO, o)));
    })
  ).ms;
  log(
    `pull queue bytes (JSON): the busiest office's whole list ${JSON.stringify(first).length},`,
    `nothing new ${JSON.stringify(await queueForPull(state, NOW_ISO, busiest, first.tag)).length}`,
  );
  const ex = {
    applications: await explain(db, APPS_SQL, [yearBefore, end]),
    queue: await explain(db, QUEUE_SQL, [services]),
  };
  for (const [k, v] of Object.entries(mem)) log(`  ${k}: ${v.toFixed(1)}`);
  return { b, ex, mem };
}

// ---------------------------------------------------------------- one database

async function runOn(kind: DbKind, pgUrl?: string, pgDir?: string): Promise<PartResult> {
  const dir = mkdtempSync(join(tmpdir(), `akimat-reports-${kind}-`));
  const serverKey = randomBytes(32).toString('base64');
  try {
    log(`${kind}: starting a server on an empty database (demo district)...`);
    const t0 = now();
    const gen = await startServer({
      port: 0,
      tls: false,
      ...(pgUrl ? { databaseUrl: pgUrl, dataDir: dir } : { dataDir: dir }),
      serverKey,
      demo: true,
      logger: false,
      passwordIterations: PASSWORD_ITERATIONS,
    });
    const setupMs = now() - t0;
    log(`${kind}: generating ${OFFICES} offices, ${APPS} applications, ${OPS} ops in SQL...`);
    let made: Awaited<ReturnType<typeof generate>>;
    try {
      made = await generate(gen.db, await loadCatalog(gen.db));
    } finally {
      await gen.close();
    }
    made.gen['server start with the demo district (before)'] = setupMs;
    log(`${kind}: generated in ${(made.gen.total / 1000).toFixed(1)} s:`, JSON.stringify(made.counts));
    if (GENERATE_ONLY && pgUrl) {
      console.log(`PG_TEST_URL=${pgUrl}\nPG_TEST_DIR=${pgDir}`);
      process.exit(0);
    }

    log(`${kind}: the server in its own process...`);
    const t1 = now();
    memoryFile = join(dir, 'memory.jsonl');
    memoryStages.length = 0;
    const child = await spawnServer(
      {
        DEMO: '1',
        SERVER_KEY: serverKey,
        DATA_DIR: dir,
        ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
        MEMORY_PROBE: memoryFile,
      },
      300_000,
      // The memory probe after tsx (it is TypeScript; tsx is imported once), or bundled beside the server.
      [
        ...(SERVER_HEAP ? [`--max-old-space-size=${Number(SERVER_HEAP)}`] : []),
        ...SERVER_FLAGS,
        '--expose-gc',
        ...(SERVER_FORM === 'tsx'
          ? ['--import', 'tsx', '--import', './bench/server-memory.ts']
          : ['--import', './dist-server/memory-probe.mjs']),
      ],
      SERVER_FORM === 'tsx' ? undefined : 'dist-server/main.mjs',
    );
    const startMs = now() - t1;
    let figures: Record<string, Figure>;
    let peak: number | null;
    try {
      figures = await measure(child);
      peak = vmHwmMiB(child.proc.pid!);
    } finally {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
    log(`${kind}: where the time goes (the same functions in this process)...`);
    const db = await openDb(pgUrl ? { databaseUrl: pgUrl, dataDir: dir } : { dataDir: dir });
    let bd: Awaited<ReturnType<typeof breakdown>>;
    try {
      bd = await breakdown(db);
    } finally {
      await db.close();
    }
    return {
      db: kind,
      generation: made.gen,
      counts: made.counts,
      startMs,
      figures,
      peakRssMiB: peak,
      memory: [...memoryStages],
      breakdown: bd.b,
      held: bd.mem,
      explain: bd.ex,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function startPg(): { url: string; dir: string } | { error: string } {
  const r = spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'start'], { encoding: 'utf8', timeout: 300_000 });
  const url = /PG_TEST_URL=(\S+)/.exec(r.stdout ?? '')?.[1];
  const dir = /PG_TEST_DIR=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !url || !dir)
    return {
      error: `scripts/pg-test.sh start failed (${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-300)}`,
    };
  return { url, dir };
}

// ---------------------------------------------------------------- main

const TARGETS: Record<string, { ms: number; label: string }> = {
  annual: { ms: 2000, label: '< 2 s' },
  indicators: { ms: 2000, label: '< 2 s' },
  'dashboard first paint': { ms: 1000, label: '< 1 s' },
  'drill.xlsx': { ms: 10_000, label: '< 10 s' },
  queue: { ms: 300, label: '< 300 ms' },
};
const LABELS: Record<string, string> = {
  annual: `annual report ${Y} (GET reports/annual)`,
  indicators: `indicators ${Y} (GET reports/indicators)`,
  'dashboard first paint': `dashboard first paint: dashboard ${Y}-01..${Y}-12 + context, together`,
  'dashboard alone': '  dashboard alone',
  'context alone': '  context alone',
  'drill.xlsx': `XLSX of the year's applications (drill.xlsx, measure=accepted)`,
  'pivot.xlsx': 'XLSX pivot office × service × month × channel',
  queue: 'district queue (GET /v1/district/queue)',
};

/** The server as the service runs it, and the memory probe beside it (plain JS: no tsx in that process). */
function buildBundles() {
  const server = spawnSync(process.execPath, [join(ROOT, 'scripts/build-server.mjs')], { stdio: 'inherit' });
  if (server.status !== 0) throw new Error('npm run build:server failed');
  const probe = spawnSync(
    join(ROOT, 'node_modules/.bin/esbuild'),
    ['bench/server-memory.ts', '--bundle', '--platform=node', '--format=esm', '--outfile=dist-server/memory-probe.mjs'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (probe.status !== 0) throw new Error('bundling bench/server-memory.ts failed');
}

async function main() {
  const started = new Date().toISOString();
  const load0 = loadavg()[0];
  const parts: PartResult[] = [];
  if (SERVER_FORM !== 'tsx') buildBundles();
  if (ONLY.has('pglite')) parts.push(await runOn('pglite'));
  if (ONLY.has('pg')) {
    const pg = startPg();
    if ('error' in pg) log(`PostgreSQL skipped: ${pg.error}`);
    else {
      try {
        parts.push(await runOn('postgres', pg.url, pg.dir));
      } finally {
        spawnSync('bash', [join(ROOT, 'scripts/pg-test.sh'), 'stop', pg.dir], { stdio: 'ignore' });
      }
    }
  }
  const by = (k: DbKind) => parts.find((p) => p.db === k);
  const [gl, pq] = [by('pglite'), by('postgres')];
  const fmt = (x: number | undefined, unit = 'ms') =>
    x === undefined || Number.isNaN(x) ? '' : unit === 'ms' ? `${Math.round(x)} ms` : `${x}`;
  const verdict = (name: string, p?: PartResult) => {
    const t = TARGETS[name];
    if (!t || !p) return '';
    const ms = p.figures[name].ms;
    return ms < t.ms ? 'OK' : `MISSED (${(ms / t.ms).toFixed(1)}×)`;
  };
  const rows: Array<Record<string, string>> = [];
  for (const p of PROBES) {
    const f = (x?: PartResult) => x?.figures[p.name];
    const cell = (x?: PartResult) => {
      const v = f(x);
      if (!v) return '';
      const size = p.name.endsWith('.xlsx') || p.name === 'queue' ? `, ${(v.bytes / 1024).toFixed(0)} KiB` : '';
      return `${fmt(v.ms)} (first ${fmt(v.first)}${size})`;
    };
    rows.push({
      what: LABELS[p.name],
      PGlite: cell(gl),
      PostgreSQL: cell(pq),
      target: TARGETS[p.name]?.label ?? '',
      'PGlite verdict': verdict(p.name, gl),
      'PostgreSQL verdict': verdict(p.name, pq),
    });
  }
  // The laptops' pulls (issue #17), by the names laptops() gives them.
  const extra = [...new Set([gl, pq].flatMap((x) => Object.keys(x?.figures ?? {})))].filter(
    (n) => !PROBES.some((p) => p.name === n),
  );
  for (const name of extra) {
    const cell = (x?: PartResult) => {
      const v = x?.figures[name];
      return v ? `${fmt(v.ms)} (${v.runs.map((r) => fmt(r)).join(' / ')}; ${(v.bytes / 1024).toFixed(1)} KiB)` : '';
    };
    const target = name.includes('at once') ? '< 2 s' : '';
    rows.push({
      what: name,
      PGlite: cell(gl),
      PostgreSQL: cell(pq),
      target,
      'PGlite verdict': target && gl?.figures[name] ? (gl.figures[name].ms < 2000 ? 'OK' : 'MISSED') : '',
      'PostgreSQL verdict': target && pq?.figures[name] ? (pq.figures[name].ms < 2000 ? 'OK' : 'MISSED') : '',
    });
  }
  rows.push({
    what: 'server peak RSS (VmHWM) after these runs',
    PGlite: gl?.peakRssMiB ? `${gl.peakRssMiB.toFixed(0)} MiB` : '',
    PostgreSQL: pq?.peakRssMiB ? `${pq.peakRssMiB.toFixed(0)} MiB` : '',
    target: '',
    'PGlite verdict': '',
    'PostgreSQL verdict': '',
  });
  rows.push({
    what: 'server start on the generated district',
    PGlite: fmt(gl?.startMs),
    PostgreSQL: fmt(pq?.startMs),
    target: '',
    'PGlite verdict': '',
    'PostgreSQL verdict': '',
  });
  const genRows: Array<Record<string, string>> = [];
  for (const k of new Set(parts.flatMap((p) => Object.keys(p.generation))))
    genRows.push({ 'generation step': k, PGlite: fmt(gl?.generation[k]), PostgreSQL: fmt(pq?.generation[k]) });
  for (const k of new Set(parts.flatMap((p) => Object.keys(p.counts))))
    genRows.push({
      'generation step': `count: ${k}`,
      PGlite: fmt(gl?.counts[k], ''),
      PostgreSQL: fmt(pq?.counts[k], ''),
    });
  const bdRows: Array<Record<string, string>> = [];
  const keyOf = (k: string) => k.replace(/ \((rows|events) \d+\)/, '').replace(/\(events \d+\)/, '');
  const bdKeys = new Map<string, Record<string, string>>();
  for (const p of parts)
    for (const [k, v] of Object.entries(p.breakdown)) {
      const r = bdKeys.get(keyOf(k)) ?? { part: k, PGlite: '', PostgreSQL: '' };
      r[p.db === 'pglite' ? 'PGlite' : 'PostgreSQL'] = fmt(v);
      bdKeys.set(keyOf(k), r);
    }
  bdRows.push(...bdKeys.values());

  console.log(
    `\nakimat-desk reports benchmark, Node ${process.versions.node}, ${cpus().length} cores, load average ${load0.toFixed(1)} at start, ${started}`,
  );
  console.log(
    `district: ${OFFICES} offices, ${APPS} applications over the 2 years before ${TODAY}, ${OPS} ops; year ${Y}; median of 3 after a warm-up` +
      (SERVER_HEAP ? `; the server's old space capped at ${SERVER_HEAP} MiB` : '') +
      (SERVER_FLAGS.length ? `; the server's node run with ${SERVER_FLAGS.join(' ')}` : '') +
      (process.env.HEAP_GROWTH ? `; HEAP_GROWTH=${process.env.HEAP_GROWTH}` : '') +
      `; the server ${SERVER_FORM === 'tsx' ? 'from its sources through tsx' : 'bundled (dist-server/main.mjs)'}`,
  );
  console.table(rows);
  console.log('\ngeneration (in SQL, through the generating server):');
  console.table(genRows);
  for (const part of parts) {
    console.log(`\nthe server's memory by stage, ${part.db} (MiB; peak since the stage before, then after a full GC):`);
    console.table(
      part.memory.map((m) => ({
        stage: m.stage,
        'peak RSS': m.peak.rss,
        'peak heap': m.peak.heapUsed,
        'peak external': m.peak.external,
        'RSS after GC': m.afterGc.rss,
        'heap after GC': m.afterGc.heapUsed,
        'external after GC': m.afterGc.external,
        VmHWM: m.hwm === null ? '' : Math.round(m.hwm),
      })),
    );
  }
  console.log('\nwhat each structure holds on the heap after a full GC (in this process, MiB):');
  console.table(
    [...new Set(parts.flatMap((p) => Object.keys(p.held)))].map((k) => ({
      structure: k,
      PGlite: gl?.held[k]?.toFixed(1) ?? '',
      PostgreSQL: pq?.held[k]?.toFixed(1) ?? '',
    })),
  );
  console.log('\nwhere the time goes (server functions called in this process on the same database, median of 3):');
  console.table(bdRows);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results/reports.json'),
    JSON.stringify(
      { at: started, node: process.versions.node, cores: cpus().length, loadAverageAtStart: load0, rows, parts },
      null,
      2,
    ),
  );
  if (process.env.BENCH_EXPLAIN)
    for (const p of parts)
      for (const [k, v] of Object.entries(p.explain)) console.log(`\nEXPLAIN ANALYZE ${k} on ${p.db}:\n${v}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
