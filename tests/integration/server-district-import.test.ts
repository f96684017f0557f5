/**
 * Bulk import of offices, settlements, staff and kindergartens from the XLSX
 * template (POST /v1/district/import/preview and /apply): the template reads
 * back with Kazakh and Russian headings; a file with errors is reported row by
 * row and writes nothing; the fixed file writes everything; the same file
 * again changes nothing; a corrupt file is a 400. Workbooks are made with
 * exceljs from the downloaded template, as a district's staff would fill it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { DeviceClient, type DistrictClient } from '../support/client';
import { importTemplate, importWorkbook, sendImport, XLSX, type SheetRows } from '../helpers/district-import';
import { LAYOUT } from '../../server/admin/import/layout';

let srv: TestServer;
let district: DistrictClient;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

async function template(): Promise<Buffer> {
  const t = await importTemplate(district);
  expect(t.contentType).toBe(XLSX);
  return t.bytes;
}
const workbook = (rows: SheetRows) => importWorkbook(district, rows);
const send = (path: 'preview' | 'apply', bytes: Buffer | string, contentType = XLSX) =>
  sendImport(district, path, bytes, contentType);

async function counts() {
  const n = async (sql: string) => Number((await srv.db.query(sql)).rows[0].n);
  return {
    offices: await n('SELECT count(*) AS n FROM offices'),
    staff: await n('SELECT count(*) AS n FROM staff'),
    kindergartens: await n('SELECT count(*) AS n FROM kindergartens'),
    ops: await n('SELECT count(*) AS n FROM ops'),
    seq: await n('SELECT seq AS n FROM change_counter'),
    audit: await n(`SELECT count(*) AS n FROM admin_audit WHERE action = 'import.applied'`),
  };
}

// Offices: code, type, KATO, name kk, name ru, address kk, address ru, head, phone.
const OFFICE = [
  'ТСТ',
  'Аппарат акима села',
  '195620100',
  'Тест ауылы әкімінің аппараты',
  'Аппарат акима села Тест',
  'Тест ауылы, Абай к., 1',
  'село Тест, ул. Абая, 1',
  'Ахметов Бауыржан',
  '+7 727 000 00 00',
];
const MOBILE = [
  'МОБ',
  'mobileCentre',
  null,
  'Көшпелі орталық',
  'Мобильный центр',
  'Ұзынағаш, 3',
  'Узынагаш, 3',
  'Төлеуов Ж.',
  null,
];
// Settlements: office code, KATO, name kk, name ru.
const SETTLEMENTS = [
  ['МОБ', '195620300', 'Қызылсай', 'Кызылсай'],
  ['МОБ', '195620400', 'Көкбастау', 'Кокбастау'],
  ['ҚРС', '195633100', 'Жаңатұрмыс', 'Жанатурмыс'],
];
// Staff: office code, full name, position, login, roles.
const STAFF = [
  ['ТСТ', 'Сейітова Аружан', 'кеңсе қызметкері', 'aruzhan', 'Сотрудник канцелярии'],
  ['ТСТ', 'Ахметов Бауыржан', 'әкім', 'baurzhan', 'Басшы'],
  ['ТСТ', 'Омарова Дана', 'бас маман', 'dana', 'executor, clerk'],
];
// Kindergartens: number, name kk, name ru, address kk, address ru, group kk, group ru, min age, max age, places.
const KG = [
  [
    '77',
    '«Күншуақ» балабақшасы',
    'Детский сад «Куншуак»',
    'Тест ауылы, 5',
    'село Тест, 5',
    'Кіші топ',
    'Младшая группа',
    3,
    3,
    10,
  ],
  ['77', null, null, null, null, 'Ересек топ', 'Старшая группа', 5, 5, 12],
];

describe('the import template', () => {
  it('downloads and reads back with exceljs, with headings in Kazakh and Russian, notes and the office types list', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template()) as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const key of ['offices', 'settlements', 'staff', 'kindergartens'] as const)
      expect(names).toContain(LAYOUT[key].sheet);
    expect(names).toContain('Нұсқаулық - Инструкция');
    const offices = wb.getWorksheet(LAYOUT.offices.sheet)!;
    expect(offices.getRow(1).getCell(1).value).toBe('Коды *');
    expect(offices.getRow(2).getCell(1).value).toBe('Код *');
    expect(offices.getRow(1).getCell(2).value).toBe('Түрі *');
    expect(offices.getRow(2).getCell(2).value).toBe('Тип *');
    const staff = wb.getWorksheet(LAYOUT.staff.sheet)!;
    expect(staff.getRow(1).values).toContain('Рөлдері *');
    expect(staff.getRow(2).values).toContain('Роли *');
    // The office type cell offers the list of types (kk and ru labels).
    expect(offices.getCell('B3').dataValidation).toMatchObject({ type: 'list' });
    const lists = wb.getWorksheet('Тізімдер - Списки')!;
    const types = (lists.getColumn(1).values as unknown[]).filter((v) => typeof v === 'string');
    expect(types).toContain('Аппарат акима сельского округа');
    expect(types).toContain('Ауылдық округ әкімінің аппараты');
  });
});

describe('preview and apply', () => {
  it('a file with errors: each is reported with its sheet, row and column, and apply writes nothing', async () => {
    const bytes = await workbook({
      offices: [OFFICE, ['ЖАМ', 'Аппарат акима села', '12345', 'a', 'b', 'c', 'd', 'e', null], MOBILE],
      settlements: [...SETTLEMENTS, ['ЖОҚ', '195620500', 'Белгісіз', 'Неизвестный']],
      staff: [
        ...STAFF,
        ['ТСТ', 'Екінші Аружан', null, 'aruzhan', 'clerk'],
        ['ТСТ', 'Біреу', null, 'someone', 'Бастық'],
      ],
      kindergartens: [KG[0], ['77', null, null, null, null, 'Ересек топ', 'Старшая группа', 5, 5, 'көп']],
    });
    const before = await counts();
    const preview = await send('preview', bytes);
    expect(preview.status).toBe(200);
    expect(preview.body.applied).toBe(false);
    const errors = preview.body.errors.map((e) => [e.sheet, e.row, e.column, e.code]);
    expect(errors).toEqual([
      ['offices', 4, 'КАТО', 'import.kato'],
      ['settlements', 6, 'Код офиса', 'import.officeUnknown'],
      ['staff', 6, 'Логин', 'import.duplicate'],
      ['staff', 7, 'Роли', 'import.role'],
      ['kindergartens', 4, 'Свободные места', 'import.number'],
    ]);
    expect(preview.body.errors[2].params).toEqual({ value: 'aruzhan', first: 3 });
    expect(preview.body.errors[3].params).toEqual({ value: 'Бастық' });

    const apply = await send('apply', bytes);
    expect(apply.status).toBe(200);
    expect(apply.body).toMatchObject({ applied: false, oneTimePasswords: [] });
    expect(apply.body.errors).toEqual(preview.body.errors);
    expect(await counts()).toEqual(before);
  });

  it('the fixed file: previewed, then written whole, in one go; the same file again changes nothing', async () => {
    const bytes = await workbook({
      offices: [OFFICE, MOBILE],
      settlements: SETTLEMENTS,
      staff: STAFF,
      kindergartens: KG,
    });
    const before = await counts();
    const preview = await send('preview', bytes);
    expect(preview.body).toMatchObject({
      applied: false,
      errors: [],
      offices: { create: 2, update: 0, unchanged: 0 },
      settlements: { create: 3, update: 0, unchanged: 0 },
      staff: { create: 3, update: 0, unchanged: 0 },
      kindergartens: { create: 1, update: 0, unchanged: 0 },
    });
    expect(await counts()).toEqual(before);

    const apply = await send('apply', bytes);
    expect(apply.status).toBe(200);
    expect(apply.body).toMatchObject({ applied: true, errors: [], offices: { create: 2 }, staff: { create: 3 } });
    expect(apply.body.oneTimePasswords.map((p) => `${p.officeCode}/${p.login}`).sort()).toEqual([
      'ТСТ/aruzhan',
      'ТСТ/baurzhan',
      'ТСТ/dana',
    ]);
    const after = await counts();
    expect(after.offices).toBe(before.offices + 2);
    expect(after.staff).toBe(before.staff + 3);
    expect(after.kindergartens).toBe(before.kindergartens + 1);
    expect(after.audit).toBe(before.audit + 1);

    const office = (await srv.db.query(`SELECT data FROM offices WHERE code = 'ТСТ'`)).rows[0].data;
    expect(office).toMatchObject({ type: 'village', kato: '195620100', name: { ru: 'Аппарат акима села Тест' } });
    const mobile = (await srv.db.query(`SELECT data FROM offices WHERE code = 'МОБ'`)).rows[0].data;
    expect(mobile.settlements).toEqual([
      { kato: '195620300', name: { kk: 'Қызылсай', ru: 'Кызылсай' } },
      { kato: '195620400', name: { kk: 'Көкбастау', ru: 'Кокбастау' } },
    ]);
    // A settlement of an office already on the server: merged into its list.
    const karasu = (await srv.db.query(`SELECT data FROM offices WHERE code = 'ҚРС'`)).rows[0].data;
    expect(karasu.settlements).toContainEqual({ kato: '195633100', name: { kk: 'Жаңатұрмыс', ru: 'Жанатурмыс' } });
    const dana = (await srv.db.query(`SELECT data FROM staff WHERE login = 'dana' AND office_id = $1`, [office.id]))
      .rows[0].data;
    expect(dana).toMatchObject({ roles: ['clerk', 'executor'], mustChangePassword: true, active: true });
    const kg = (await srv.db.query(`SELECT data FROM kindergartens WHERE number = '77'`)).rows[0].data;
    expect(kg.ageGroups.map((g: { minAge: number; freePlaces: number }) => [g.minAge, g.freePlaces])).toEqual([
      [3, 10],
      [5, 12],
    ]);
    const entry = (
      await srv.db.query(`SELECT after FROM admin_audit WHERE action = 'import.applied' ORDER BY id DESC LIMIT 1`)
    ).rows[0].after;
    expect(entry).toMatchObject({ offices: { create: 2 }, staff: { create: 3 }, bytes: bytes.length });
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    // No password of any kind in the audit log.
    const log = JSON.stringify((await srv.db.query('SELECT after FROM admin_audit')).rows);
    for (const p of apply.body.oneTimePasswords) expect(log).not.toContain(p.password);

    // The same file again: all unchanged, no op, no change number.
    const again = await send('apply', bytes);
    expect(again.body).toMatchObject({
      applied: true,
      errors: [],
      offices: { create: 0, update: 0, unchanged: 2 },
      settlements: { create: 0, update: 0, unchanged: 3 },
      staff: { create: 0, update: 0, unchanged: 3 },
      kindergartens: { create: 0, update: 0, unchanged: 1 },
      oneTimePasswords: [],
    });
    const twice = await counts();
    expect({ ...twice, audit: 0 }).toEqual({ ...after, audit: 0 });

    // A changed row is an update of that record only.
    const changed = await workbook({ offices: [OFFICE, MOBILE], staff: [[...STAFF[0].slice(0, 4), 'clerk, head']] });
    const upd = await send('apply', changed);
    expect(upd.body).toMatchObject({ applied: true, offices: { unchanged: 2 }, staff: { update: 1, create: 0 } });

    // A kindergarten on the server: its groups replaced by the file's, each keeping the id of the group it is.
    const groups = await workbook({
      kindergartens: [
        ['2', null, null, null, null, 'Бөбекжай тобы', 'Ясельная группа (1-2 года)', 1, 2, 5],
        ['2', null, null, null, null, 'Кіші топ', 'Младшая группа (3 года)', 3, 3, 6],
      ],
    });
    expect((await send('apply', groups)).body).toMatchObject({ applied: true, kindergartens: { update: 1 } });
    const two = (await srv.db.query(`SELECT data FROM kindergartens WHERE number = '2'`)).rows[0].data;
    expect(two.name.ru).toBe('Детский сад «Айгөлек»');
    expect(two.ageGroups.map((g: { id: string; freePlaces: number }) => [g.id, g.freePlaces])).toEqual([
      ['nursery', 5],
      ['junior', 6],
    ]);
  });

  it('refuses a corrupt file with 400 import.unreadable, never a server error; a body that is not XLSX with 415', async () => {
    const before = await counts();
    for (const bytes of [
      Buffer.from('not a workbook at all'),
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]),
    ]) {
      for (const path of ['preview', 'apply'] as const) {
        const r = await send(path, bytes);
        expect(r.status).toBe(400);
        expect(r.body.error).toBe('import.unreadable');
        expect((r.body as unknown as { message: { kk: string; ru: string } }).message.ru).toMatch(/XLSX/);
      }
    }
    // A zip that is not a workbook (the template's bytes cut in half).
    const half = (await template()).subarray(0, 6000);
    expect((await send('preview', half)).status).toBe(400);
    expect((await send('preview', Buffer.from('{}'), 'application/json')).status).toBe(415);
    // Over the size limit: 413.
    expect((await send('preview', Buffer.alloc(6 * 1024 * 1024, 1))).status).toBe(413);
    // A workbook whose parts claim to unpack to gigabytes (a ZIP bomb): refused before anything is unpacked.
    const bomb = Buffer.from(await template());
    const dir = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0x7fffffff, dir + 24);
    const refused = await send('preview', bomb);
    expect(refused.status).toBe(413);
    expect(refused.body.error).toBe('import.tooLarge');
    // More rows than any district has: reported, not read.
    const many = await workbook({
      staff: Array.from({ length: 5_001 }, (_, i) => ['ТСТ', 'Аты', null, `u${i}`, 'clerk']),
    });
    const tooMany = await send('preview', many);
    expect(tooMany.status).toBe(200);
    expect(tooMany.body.errors).toEqual([
      { sheet: 'staff', row: 3, code: 'import.tooManyRows', params: { max: 5_000 } },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a desk enrolled into an imported office receives its imported staff and the kindergartens', async () => {
    const officeId = (await srv.db.query(`SELECT id FROM offices WHERE code = 'ТСТ'`)).rows[0].id as string;
    const code = await district.enrolmentCode(officeId);
    const laptop = new DeviceClient(srv.url);
    const enrolled = await laptop.enrol(code, 'ТСТ laptop');
    expect(enrolled.officeId).toBe(officeId);
    const ref = enrolled.reference;
    expect(
      ref.staff
        .filter((s) => s.officeId === officeId)
        .map((s) => s.login)
        .sort(),
    ).toEqual(['aruzhan', 'baurzhan', 'dana']);
    expect(ref.kindergartens.map((k) => k.number)).toContain('77');
    expect(ref.offices.find((o) => o.id === officeId)).toMatchObject({ code: 'ТСТ', kato: '195620100' });
  });
});
