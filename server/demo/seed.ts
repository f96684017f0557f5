/**
 * A demo district for first start: the district education department, three
 * village offices and a mobile centre, kindergartens with age groups and
 * places, staff with roles, the service catalog and the calendar. Names carry
 * every Kazakh letter, so sync is exercised with them from the first minute.
 */
import {
  DEFAULT_HOURS,
  KZ_UTC_OFFSET_MINUTES,
  defaultCalendarData,
  defaultCatalog,
  hashPassword,
  makeStaffKeysSharingPassword,
  initialFieldVersions,
  newId,
  type Kindergarten,
  type Office,
  type OfficeType,
  type PasswordHash,
  type Role,
  type Staff,
  type BiText,
} from '../../shared';
import type { Db, Queryable } from '../db';
import { ENTITIES } from '../store/entities';
import { insertRecord, nextChangeSeq } from '../store/store';
import { DISTRICT_DEVICE_ID } from '../reconcile/reconcile';
import { codeHash, newEnrolmentCode } from '../auth/tokens';

export const DEMO_PASSWORD = 'demo12345';
export const DEMO_DISTRICT_LOGIN = 'district';

const DISTRICT: BiText = { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' };
const REGION: BiText = { kk: 'Алматы облысы', ru: 'Алматинская область' };

type OfficeSeed = {
  key: string;
  type: OfficeType;
  code: string;
  name: BiText;
  address: BiText;
  head: string;
  staff: Array<[string, string, Role[], string]>;
};

const OFFICES: OfficeSeed[] = [
  {
    key: 'district',
    type: 'districtEducation',
    code: 'ЖББ',
    name: { kk: 'Жамбыл ауданының білім бөлімі', ru: 'Отдел образования Жамбылского района' },
    address: { kk: 'Ұзынағаш ауылы, Жамбыл көшесі, 44', ru: 'село Узынагаш, улица Жамбыла, 44' },
    head: 'Әбдіғалиева Гүлшат Төреханқызы',
    staff: [
      // The demo's district sign-in holds every district role, so one login shows (and tests) all of the console.
      [DEMO_DISTRICT_LOGIN, 'Әбдіғалиева Гүлшат Төреханқызы', ['head', 'admin', 'specialist'], 'бөлім басшысы'],
      ['methodist', 'Құрманғалиев Ерболат Сүйіндікұлы', ['specialist', 'executor'], 'әдіскер'],
      // Hands out what the department issues, what village akimats took in for it among the rest (F-20).
      ['registrar', 'Сейітова Айгерім Болатқызы', ['clerk'], 'іс жүргізуші'],
    ],
  },
  {
    key: 'karasu',
    type: 'ruralDistrict',
    code: 'ҚРС',
    name: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
    address: { kk: 'Қарасу ауылы, Абай көшесі, 12', ru: 'село Карасу, улица Абая, 12' },
    head: 'Сәрсенбаев Ғалым Өтегенұлы',
    staff: [
      ['clerk', 'Жұмабаева Әйгерім Нұрланқызы', ['clerk'], 'кеңсе қызметкері'],
      ['head', 'Сәрсенбаев Ғалым Өтегенұлы', ['head'], 'әкім'],
      ['executor', 'Төлеуова Құралай Серікқызы', ['executor'], 'бас маман'],
    ],
  },
  {
    key: 'ushkonyr',
    type: 'village',
    code: 'ҮШҚ',
    name: { kk: 'Үшқоңыр ауылы әкімінің аппараты', ru: 'Аппарат акима села Ушконыр' },
    address: { kk: 'Үшқоңыр ауылы, Мектеп көшесі, 1', ru: 'село Ушконыр, улица Мектеп, 1' },
    head: 'Оспанов Дәурен Сәкенұлы',
    staff: [
      ['clerk', 'Ғабдуллина Әсел Һадиқызы', ['clerk'], 'кеңсе қызметкері'],
      ['head', 'Оспанов Дәурен Сәкенұлы', ['head'], 'әкім'],
      ['executor', 'Серікбаева Іңкәр Бауыржанқызы', ['executor', 'clerk'], 'бас маман'],
    ],
  },
  {
    key: 'akkainar',
    type: 'settlement',
    code: 'АҚН',
    name: { kk: 'Аққайнар кенті әкімінің аппараты', ru: 'Аппарат акима поселка Аккайнар' },
    address: { kk: 'Аққайнар кенті, Бейбітшілік көшесі, 7', ru: 'поселок Аккайнар, улица Бейбитшилик, 7' },
    head: 'Нұрланов Бекзат Ғалымұлы',
    staff: [
      ['clerk', 'Қасымова Шұғыла Өмірзаққызы', ['clerk'], 'кеңсе қызметкері'],
      ['head', 'Нұрланов Бекзат Ғалымұлы', ['head'], 'әкім'],
      ['executor', 'Ким Елена Викторовна', ['executor'], 'бас маман'],
    ],
  },
  {
    key: 'mobile',
    type: 'mobileCentre',
    code: 'ЖҚО',
    name: { kk: 'Жылжымалы халыққа қызмет көрсету орталығы', ru: 'Мобильный центр обслуживания населения' },
    address: { kk: 'Ұзынағаш ауылы, Райымбек көшесі, 3', ru: 'село Узынагаш, улица Райымбека, 3' },
    head: 'Төлеуов Жәнібек Қайратұлы',
    staff: [
      ['clerk', 'Жұмабаев Ерғали Төлегенұлы', ['clerk', 'executor'], 'оператор'],
      ['head', 'Төлеуов Жәнібек Қайратұлы', ['head'], 'орталық басшысы'],
    ],
  },
];

const GROUPS = [
  { id: 'nursery', name: { kk: 'Бөбекжай тобы (1-2 жас)', ru: 'Ясельная группа (1-2 года)' }, minAge: 1, maxAge: 2 },
  { id: 'junior', name: { kk: 'Кіші топ (3 жас)', ru: 'Младшая группа (3 года)' }, minAge: 3, maxAge: 3 },
  { id: 'middle', name: { kk: 'Ортаңғы топ (4 жас)', ru: 'Средняя группа (4 года)' }, minAge: 4, maxAge: 4 },
  { id: 'senior', name: { kk: 'Ересек топ (5 жас)', ru: 'Старшая группа (5 лет)' }, minAge: 5, maxAge: 5 },
];

const KINDERGARTENS: Array<[string, BiText, BiText, number[]]> = [
  [
    '1',
    { kk: '«Балапан» бөбекжайы', ru: 'Ясли-сад «Балапан»' },
    { kk: 'Қарасу ауылы, Төле би көшесі, 5', ru: 'село Карасу, улица Толе би, 5' },
    [3, 4, 2, 2],
  ],
  [
    '2',
    { kk: '«Айгөлек» балабақшасы', ru: 'Детский сад «Айгөлек»' },
    { kk: 'Қарасу ауылы, Бейбітшілік көшесі, 21', ru: 'село Карасу, улица Бейбитшилик, 21' },
    [0, 0, 0, 0],
  ],
  [
    '3',
    { kk: '«Құлыншақ» шағын орталығы', ru: 'Мини-центр «Кулыншак»' },
    { kk: 'Үшқоңыр ауылы, Мектеп көшесі, 3', ru: 'село Ушконыр, улица Мектеп, 3' },
    [2, 1, 3, 1],
  ],
  [
    '4',
    { kk: '«Ақбота» балабақшасы', ru: 'Детский сад «Акбота»' },
    { kk: 'Аққайнар кенті, Құрманғазы көшесі, 9', ru: 'поселок Аккайнар, улица Курмангазы, 9' },
    [5, 3, 0, 2],
  ],
  [
    '5',
    { kk: '«Шұғыла» бөбекжайы', ru: 'Ясли-сад «Шугыла»' },
    { kk: 'Ұзынағаш ауылы, Рысқұлов көшесі, 15', ru: 'село Узынагаш, улица Рыскулова, 15' },
    [1, 2, 2, 4],
  ],
];

const SEED_DEVICE = 'seed';

async function put(tx: Queryable, entity: 'office' | 'staff' | 'kindergarten', rec: Record<string, unknown>) {
  await insertRecord(tx, ENTITIES[entity], rec, 1, initialFieldVersions(rec, SEED_DEVICE, 1));
}

/** Writes catalog and calendar documents when missing (any district, demo or not). */
export async function ensureReferenceDocs(tx: Queryable): Promise<void> {
  for (const [key, data] of [
    ['catalog', defaultCatalog.all()],
    ['calendar', defaultCalendarData],
  ] as const) {
    const { rows } = await tx.query('SELECT 1 FROM reference_docs WHERE key = $1', [key]);
    if (rows.length) continue;
    const seq = await nextChangeSeq(tx);
    await tx.query('INSERT INTO reference_docs (key, data, version, change_seq) VALUES ($1, $2, 1, $3)', [
      key,
      JSON.stringify(data),
      seq,
    ]);
  }
}

/** Seeds the demo district into an empty database. Returns false when the database already has offices. */
export async function seedDemoDistrict(db: Db, now: string, passwordIterations?: number): Promise<boolean> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM offices');
  if (rows[0].n > 0) return false;
  // Every demo account has the same published password, so one hash (one salt)
  // is as good as many and saves seconds of PBKDF2 on a 2-core server.
  const hash: PasswordHash = await hashPassword(DEMO_PASSWORD, passwordIterations);
  // Each account its own key pair (docs/security.md "Shared laptops"), so that any demo account
  // signs in first on any laptop of its office; sealed under the one password with one derivation.
  const keys = await makeStaffKeysSharingPassword(
    DEMO_PASSWORD,
    OFFICES.reduce((n, o) => n + o.staff.length, 0),
    passwordIterations,
  );
  return db.transaction(async (tx) => {
    const again = await tx.query('SELECT count(*)::int AS n FROM offices');
    if (again.rows[0].n > 0) return false;
    await ensureReferenceDocs(tx);
    let districtOfficeId = '';
    for (const o of OFFICES) {
      const office: Office = {
        id: newId(),
        type: o.type,
        name: o.name,
        district: DISTRICT,
        region: REGION,
        address: o.address,
        headName: o.head,
        phone: '+7 727 702 14 15',
        code: o.code,
        utcOffsetMinutes: KZ_UTC_OFFSET_MINUTES,
        hours: DEFAULT_HOURS,
        idleLockMinutes: 15,
        createdAt: now,
      };
      if (o.type === 'districtEducation') districtOfficeId = office.id;
      await put(tx, 'office', office);
      await tx.query(`INSERT INTO settings (key, value) VALUES ($1, $2)`, [
        `demo.office.${o.key}`,
        JSON.stringify(office.id),
      ]);
      for (const [login, fullName, roles, position] of o.staff) {
        const s: Staff = {
          id: newId(),
          officeId: office.id,
          fullName,
          position,
          login,
          roles,
          password: hash,
          keys: keys.pop(),
          active: true,
          createdAt: now,
        };
        await put(tx, 'staff', s);
      }
    }
    for (const [number, name, address, places] of KINDERGARTENS) {
      const kg: Kindergarten = {
        id: newId(),
        number,
        name,
        address,
        active: true,
        updatedAt: now,
        ageGroups: GROUPS.map((g, i) => ({ ...g, freePlaces: places[i] })),
      };
      await put(tx, 'kindergarten', kg);
    }
    await tx.query(`INSERT INTO settings (key, value) VALUES ('district', $1)`, [
      JSON.stringify({ name: DISTRICT, region: REGION, demo: true }),
    ]);
    await tx.query(
      `INSERT INTO devices (id, kind, office_id, name) VALUES ($1, 'district', $2, 'District server') ON CONFLICT (id) DO NOTHING`,
      [DISTRICT_DEVICE_ID, districtOfficeId],
    );
    return true;
  });
}

export type DemoCode = { officeId: string; officeKey: string; officeCode: string; officeName: string; code: string };

/**
 * Fresh one-time codes for every demo office, printed at each start: codes are
 * stored hashed, so unused ones from an earlier start cannot be shown again
 * and are withdrawn instead.
 */
export async function issueDemoCodes(db: Db, validHours = 24 * 30): Promise<DemoCode[]> {
  const { rows } = await db.query<{ key: string; value: string }>(
    `SELECT key, value FROM settings WHERE key LIKE 'demo.office.%' ORDER BY key`,
  );
  if (!rows.length) return [];
  const out: DemoCode[] = [];
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE enrolment_codes SET revoked_at = now() WHERE demo AND used_at IS NULL AND revoked_at IS NULL`,
    );
    for (const key of OFFICES.map((o) => o.key)) {
      const row = rows.find((r) => r.key === `demo.office.${key}`);
      if (!row) continue;
      const officeId = row.value;
      const o = await tx.query(`SELECT code, data->'name'->>'kk' AS name FROM offices WHERE id = $1`, [officeId]);
      const code = newEnrolmentCode();
      await tx.query(
        `INSERT INTO enrolment_codes (code_hash, office_id, created_by, note, demo, expires_at) VALUES ($1, $2, NULL, 'demo', true, now() + make_interval(hours => $3))`,
        [codeHash(code), officeId, validHours],
      );
      out.push({ officeId, officeKey: key, officeCode: o.rows[0].code, officeName: o.rows[0].name, code });
    }
  });
  return out;
}
