// A standalone office's own catalog entries, over a real Dexie on fake-indexeddb.
import '../helpers/browser-globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { DeskError, type DeskApi, type Session } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import * as localCatalog from '../../renderer/services/localCatalog';
import {
  builtInCatalog,
  checkCatalogEntry,
  fromLocal,
  makeIin,
  refusalsDue,
  type Application,
  type IntakeInput,
  type ServiceEntry,
} from '../../shared';

let clock = fromLocal('2026-03-20', '10:00');
let desk: DeskApi & { context: DeskContext; ready: Promise<Session | null> };
let dbName = '';
let dbn = 0;

const iinOf = (birth: string, serial: number, sex: 'male' | 'female' = 'female') => {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
};
const shipped = (code: string): ServiceEntry => structuredClone(builtInCatalog.find((e) => e.code === code)!);
const json = (v: unknown) => JSON.stringify(v, null, 2);

async function freshOffice() {
  dbName = `lc${++dbn}`;
  desk = createDesk({ db: new DeskDb(dbName), now: () => clock });
  await desk.setup({
    lang: 'kk',
    office: {
      type: 'village',
      code: 'ТЕСТ',
      name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
      district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
      address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
      headName: 'Өтегенов Ғ.',
    },
    staff: [
      { fullName: 'Кеңсе Әйгерім', login: 'clerk', password: 'secret123', roles: ['clerk'] },
      { fullName: 'Басшы Ғалым', login: 'head', password: 'secret123', roles: ['head'] },
      { fullName: 'Орындаушы Құралай', login: 'exec', password: 'secret123', roles: ['executor'] },
    ],
    kindergartens: [
      {
        number: '7',
        name: { kk: '«Балапан»', ru: '«Балапан»' },
        address: { kk: 'Ақсу', ru: 'Аксу' },
        active: true,
        ageGroups: [{ id: 'g5', name: { kk: 'Мектепалды', ru: 'Предшкольная' }, minAge: 2, maxAge: 7, freePlaces: 0 }],
      },
    ],
  });
}

/** A preschool-queue application for a child born on `birth` (on 20 Mar 2026 a child born 1 Dec 2019 is six). */
async function intake(birth: string, serial: number, serviceCode = 'preschool-queue'): Promise<IntakeInput> {
  const kgs = await desk.kindergartens();
  return {
    serviceCode,
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: iinOf('1990-05-04', 300 + serial),
      lastName: 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: iinOf(birth, serial, 'male'), lastName: 'Әбілқасымов', firstName: 'Нұрсұлтан' },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: { mother: 'мектеп' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

async function as(login: string) {
  desk.signOut();
  await desk.signIn(login, 'secret123');
}

const failure = async (p: Promise<unknown>): Promise<DeskError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error('no error');
};

/** The app started again on the same database. */
async function restart(): Promise<typeof desk> {
  desk.context.db.close();
  const again = createDesk({ db: new DeskDb(dbName), now: () => clock });
  await again.ready;
  return again;
}

const stored = async () => (await desk.context.db.meta.get('localCatalog'))?.value;

describe('a standalone office changes its catalog in the settings', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-03-20', '10:00');
    await freshOffice();
    await as('head');
  });

  it('a raised age limit and a longer term change what intake accepts and the due date, at once', async () => {
    const six = '2019-12-01';
    await as('clerk');
    // Over the limit of 6: taken in, its decision the reasoned refusal on the age (issue #15, R-01).
    const before = await desk.register(await intake(six, 40));
    const owed = (a: Application) =>
      refusalsDue(
        a,
        desk.catalog().find((e) => e.code === 'preschool-queue')!,
      );
    expect(owed(before)).toMatchObject([{ code: 'refusal.dueOverAge', params: { limit: 6 }, groundCode: 'ageLimit' }]);
    const three = await desk.register(await intake('2023-02-11', 11));
    // Three working days from Fri 20 Mar past Nauryz (21-25 Mar off): 26, 27, 30 Mar.
    expect(three.dueAt).toBe(fromLocal('2026-03-30', '10:00'));

    await as('head');
    const entry = shipped('preschool-queue');
    entry.childAgeLimitYears = 7;
    entry.term.value = 5;
    const saved = await desk.saveCatalogEntry(json(entry), 'preschool-queue');
    expect(saved.childAgeLimitYears).toBe(7);

    await as('clerk');
    const app = await desk.register(await intake(six, 10));
    expect(app.serviceCode).toBe('preschool-queue');
    expect(owed(app)).toEqual([]);
    // Five working days: 26, 27, 30, 31 Mar, 1 Apr.
    expect(app.dueAt).toBe(fromLocal('2026-04-01', '10:00'));
    expect(desk.catalog().find((e) => e.code === 'preschool-queue')?.childAgeLimitYears).toBe(7);
  });

  it('bad JSON and schema errors change nothing and say what is wrong, field by field', async () => {
    const notJson = await failure(desk.saveCatalogEntry('{ "code": "preschool-queue", ', 'preschool-queue'));
    expect(notJson.code).toBe('catalog.notJson');
    expect(String(notJson.params.detail)).not.toBe('');

    const bad = shipped('preschool-queue') as unknown as Record<string, unknown>;
    (bad.term as Record<string, unknown>).value = 'five';
    bad.childAgeLimitYears = 0;
    bad.channels = [];
    bad.providers = ['nobody'];
    const invalid = await failure(desk.saveCatalogEntry(json(bad), 'preschool-queue'));
    expect(invalid.code).toBe('catalog.invalidEntry');
    expect(invalid.fields).toEqual(
      expect.arrayContaining([
        { field: 'term.value', code: 'catalog.schema.type.number' },
        { field: 'childAgeLimitYears', code: 'catalog.schema.numberAbove', params: { min: 0 } },
        { field: 'channels', code: 'catalog.schema.arrayMin', params: { min: 1 } },
        expect.objectContaining({ field: 'providers.0', code: 'catalog.schema.oneOf' }),
      ]),
    );

    // Rules across fields: each with its own translated code and the values it names.
    const steps = shipped('preschool-queue');
    [steps.steps[0], steps.steps[1]] = [steps.steps[1], steps.steps[0]];
    const rule = await failure(desk.saveCatalogEntry(steps, 'preschool-queue'));
    expect(rule.fields[0]).toEqual({
      field: 'steps.0.step',
      code: 'catalog.schema.rules.stepOrder',
      params: { n: 1, step: 'accept' },
    });
    const twice = shipped('preschool-queue');
    twice.documents = [...twice.documents, twice.documents[0]];
    const dup = await failure(desk.saveCatalogEntry(twice, 'preschool-queue'));
    expect(dup.fields).toContainEqual({
      field: 'documents',
      code: 'catalog.schema.rules.duplicateDocument',
      params: { code: twice.documents[0].code },
    });

    expect(await stored()).toBeUndefined();
    expect(desk.catalog().find((e) => e.code === 'preschool-queue')).toEqual(shipped('preschool-queue'));
    expect((await desk.catalogSettings()).changes).toEqual([]);
  });

  it('only the head changes it: the data layer refuses the clerk and the executor', async () => {
    const entry = shipped('preschool-queue');
    entry.term.value = 10;
    for (const login of ['clerk', 'exec']) {
      await as(login);
      expect((await failure(desk.saveCatalogEntry(entry, 'preschool-queue'))).code).toBe('workflow.wrongRole');
      expect((await failure(desk.revertCatalogEntry('preschool-queue'))).code).toBe('workflow.wrongRole');
      // The service module checks the role itself, not only the desk's wrapper.
      const session = desk.session()!;
      expect((await failure(localCatalog.saveCatalogEntry(desk.context, session, entry, 'preschool-queue'))).code).toBe(
        'workflow.wrongRole',
      );
    }
    expect(await stored()).toBeUndefined();
    expect(desk.catalog().find((e) => e.code === 'preschool-queue')?.term.value).toBe(3);
  });

  it('lists overridden and added entries, keeps a change log, and reverts', async () => {
    const changed = shipped('family-consultation');
    changed.term = { unit: 'calendarDays', value: 10, acceptanceDayCounts: false };
    await desk.saveCatalogEntry(changed, 'family-consultation');

    const added = shipped('family-consultation');
    added.code = 'village-consultation';
    added.name = { kk: 'Ауылдағы отбасылық кеңес', ru: 'Семейная консультация на селе' };
    clock = fromLocal('2026-03-20', '11:00');
    await desk.saveCatalogEntry(added, null);

    const s = await desk.catalogSettings();
    expect(s.managedBy).toBe('office');
    const origin = Object.fromEntries(s.rows.map((r) => [r.entry.code, r.origin]));
    expect(origin['family-consultation']).toBe('overridden');
    expect(origin['village-consultation']).toBe('added');
    expect(origin['preschool-queue']).toBe('builtIn');
    expect(s.rows.find((r) => r.entry.code === 'village-consultation')).toMatchObject({
      changedAt: clock,
      changedBy: 'Басшы Ғалым',
    });
    // The shipped order stays; added services come last.
    expect(s.rows.map((r) => r.entry.code).slice(0, builtInCatalog.length)).toEqual(builtInCatalog.map((e) => e.code));
    expect(s.rows.at(-1)?.entry.code).toBe('village-consultation');

    // An edit keeps its code; a new entry needs a code not yet taken.
    const renamed = await failure(
      desk.saveCatalogEntry({ ...changed, code: 'family-consultation-2' }, 'family-consultation'),
    );
    expect(renamed.code).toBe('catalog.codeChanged');
    const taken = await failure(desk.saveCatalogEntry(shipped('school-meals'), null));
    expect(taken.code).toBe('catalog.codeTaken');

    await desk.revertCatalogEntry('family-consultation');
    expect(desk.catalog().find((e) => e.code === 'family-consultation')).toEqual(shipped('family-consultation'));
    await desk.revertCatalogEntry('village-consultation');
    expect(desk.catalog().some((e) => e.code === 'village-consultation')).toBe(false);
    expect((await failure(desk.revertCatalogEntry('preschool-queue'))).code).toBe('catalog.notChanged');

    const log = (await desk.catalogSettings()).changes;
    expect(log.map((c) => [c.action, c.code, c.byName])).toEqual([
      ['revert', 'village-consultation', 'Басшы Ғалым'],
      ['revert', 'family-consultation', 'Басшы Ғалым'],
      ['add', 'village-consultation', 'Басшы Ғалым'],
      ['save', 'family-consultation', 'Басшы Ғалым'],
    ]);
  });

  it('saving an entry as shipped drops the change', async () => {
    const entry = shipped('school-meals');
    entry.term.value = 9;
    await desk.saveCatalogEntry(entry, 'school-meals');
    expect((await desk.catalogSettings()).rows.find((r) => r.entry.code === 'school-meals')?.origin).toBe('overridden');
    await desk.saveCatalogEntry(json(shipped('school-meals')), 'school-meals');
    expect((await desk.catalogSettings()).rows.find((r) => r.entry.code === 'school-meals')?.origin).toBe('builtIn');
    expect(await stored()).toEqual({});
  });

  it('an added service with applications cannot be removed', async () => {
    const added = shipped('preschool-queue');
    added.code = 'preschool-queue-village';
    await desk.saveCatalogEntry(added, null);
    await as('clerk');
    const app = await desk.register(await intake('2023-02-11', 20, 'preschool-queue-village'));
    expect(app.serviceCode).toBe('preschool-queue-village');
    await as('head');
    expect((await failure(desk.revertCatalogEntry('preschool-queue-village'))).code).toBe('catalog.inUse');
    expect(desk.catalog().some((e) => e.code === 'preschool-queue-village')).toBe(true);
  });

  it('the changes survive a restart of the app', async () => {
    const entry = shipped('preschool-queue');
    entry.childAgeLimitYears = 7;
    await desk.saveCatalogEntry(entry, 'preschool-queue');
    const again = await restart();
    expect(again.catalog().find((e) => e.code === 'preschool-queue')?.childAgeLimitYears).toBe(7);
    again.context.db.close();
  });

  it('once enrolled, the district catalog wins and the local editor is read-only', async () => {
    const entry = shipped('preschool-queue');
    entry.childAgeLimitYears = 7;
    await desk.saveCatalogEntry(entry, 'preschool-queue');
    await desk.context.db.meta.put({ key: 'enrolment', value: { baseUrl: 'http://district', officeId: 'x' } });

    const s = await desk.catalogSettings();
    expect(s.managedBy).toBe('district');
    expect(s.rows.every((r) => r.origin !== 'overridden' && r.origin !== 'added')).toBe(true);
    entry.childAgeLimitYears = 8;
    expect((await failure(desk.saveCatalogEntry(entry, 'preschool-queue'))).code).toBe('catalog.districtManaged');
    expect((await failure(desk.revertCatalogEntry('preschool-queue'))).code).toBe('catalog.districtManaged');

    // At the next start the office's entry is not applied.
    const again = await restart();
    expect(again.catalog().find((e) => e.code === 'preschool-queue')?.childAgeLimitYears).toBe(6);
    again.context.db.close();
  });

  // What a service does follows its catalog properties, not its code.
  it('a second queue the office adds takes kindergartens and puts the child in the queue', async () => {
    await desk.saveCatalogEntry({ ...shipped('preschool-queue'), code: 'village-queue' }, null);
    await as('clerk');
    const input = await intake('2023-02-11', 30, 'village-queue');
    expect((await failure(desk.register({ ...input, kindergartenIds: [] }))).fields).toContainEqual({
      field: 'kindergartenIds',
      code: 'kindergarten.required',
    });
    const app = await desk.register(input);
    expect(app).toMatchObject({
      serviceCode: 'village-queue',
      queueState: 'waiting',
      kindergartenIds: input.kindergartenIds,
    });
    expect((await desk.queue()).map((a) => a.id)).toEqual([app.id]);
  });

  it('the preschool queue saved as no queue takes no kindergartens and queues nobody', async () => {
    await desk.saveCatalogEntry({ ...shipped('preschool-queue'), queue: false }, 'preschool-queue');
    await as('clerk');
    const app = await desk.register(await intake('2023-02-11', 31));
    expect(app).toMatchObject({ queueState: 'none', kindergartenIds: [] });
    expect(await desk.queue()).toEqual([]);
  });

  it('an entry saved by an older release, without queue and numbering, keeps the queue of the shipped entry', async () => {
    const old = shipped('preschool-queue') as Partial<ServiceEntry>;
    delete old.queue;
    delete old.numbering;
    old.childAgeLimitYears = 7;
    await desk.context.db.meta.put({
      key: 'localCatalog',
      value: { 'preschool-queue': { entry: old, at: clock, by: 'x', byName: 'Басшы Ғалым' } },
    });
    desk = await restart();
    expect(desk.catalog().find((e) => e.code === 'preschool-queue')).toMatchObject({
      childAgeLimitYears: 7,
      queue: true,
      numbering: { leaseSize: 200 },
    });
    await as('clerk');
    const app = await desk.register(await intake('2019-12-01', 32));
    expect(app.queueState).toBe('waiting');
  });
});

describe('checkCatalogEntry', () => {
  it('accepts every shipped entry, as text or value', () => {
    for (const e of builtInCatalog) {
      expect(checkCatalogEntry(json(e))).toEqual({ ok: true, entry: e });
      expect(checkCatalogEntry(e).ok).toBe(true);
    }
  });

  it('names a missing field, a bad code and an unknown condition', () => {
    const e = shipped('guardianship-certificate') as unknown as Record<string, any>;
    delete e.name.ru;
    e.code = 'Guardianship Certificate';
    e.documents[0].when = { kind: 'someday' };
    e.documents[0].requirement = 'conditional';
    const r = checkCatalogEntry(e);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { field: 'name.ru', code: 'catalog.schema.required' },
        { field: 'code', code: 'catalog.schema.code' },
        expect.objectContaining({
          field: 'documents.0.when.kind',
          code: 'catalog.schema.oneOf',
          params: { values: expect.stringContaining('childBornBefore') },
        }),
      ]),
    );
  });
});

describe('catalog error codes are translated', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const lookup = (dict: unknown, key: string): unknown =>
    key
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), dict);
  it('every code the check and the service can give has a text in kk and ru', () => {
    const codes = [
      'catalog.notJson',
      'catalog.invalidEntry',
      'catalog.districtManaged',
      'catalog.codeChanged',
      'catalog.codeTaken',
      'catalog.inUse',
      'catalog.notChanged',
      ...[
        'required',
        'invalid',
        'numberMin',
        'numberAbove',
        'numberMax',
        'arrayMin',
        'arrayMax',
        'stringMin',
        'stringMax',
        'code',
        'format',
        'oneOf',
        'extraKeys',
        'rule',
      ].map((c) => `catalog.schema.${c}`),
      ...['string', 'number', 'boolean', 'array', 'object'].map((c) => `catalog.schema.type.${c}`),
      ...[
        'stepOrder',
        'minAboveValue',
        'duplicateDocument',
        'duplicateGround',
        'duplicateFact',
        'conditionalWithoutWhen',
        'unknownCategory',
        'categoryUnknownDocument',
        'unknownGround',
        'formNotInterim',
      ].map((c) => `catalog.schema.rules.${c}`),
    ];
    // Every rule the schema can raise is in that list.
    const schemaText = readFileSync(`${root}shared/catalog/schema.ts`, 'utf8');
    // issue([path], 'code', …), however the formatter wraps the call.
    const raised = [...schemaText.matchAll(/issue\(\s*\[[^\]]*\],\s*'([a-zA-Z]+)',/g)].map(
      (m) => `catalog.schema.rules.${m[1]}`,
    );
    expect(raised.length).toBeGreaterThan(8);
    for (const r of raised) expect(codes).toContain(r);
    for (const lang of ['kk', 'ru']) {
      const dict = JSON.parse(readFileSync(`${root}locales/${lang}/errors.json`, 'utf8')) as unknown;
      for (const code of codes) expect(typeof lookup(dict, code), `${lang}: ${code}`).toBe('string');
    }
  });
});
