// Issue #16 item 1: search that forgives the keyboard, over a real Dexie on fake-indexeddb.
import '../helpers/browser-globals';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { NAME_INDEX_VERSION, nameIndexTerms, queryTerm, reindexNames } from '../../renderer/services/indexes';
import { setupDemo } from '../../renderer/services/demo';
import { DEMO_PASSWORD } from '../../renderer/services/demo-data';
import { fromLocal, looseFold, looseNameTokens, makeIin, nameTokens, type Application } from '../../shared';

const clock = fromLocal('2026-03-20', '10:00');
type Desk = DeskApi & { context: DeskContext; namesIndexed: () => Promise<void> };
let dbn = 0;

/** How a Russian layout (and Russian papers) write a Kazakh word: the letters the issue names, nothing else. */
const RU_LAYOUT: Record<string, string> = { ә: 'а', і: 'и', ұ: 'у', ү: 'у', қ: 'к', ғ: 'г', ң: 'н', ө: 'о', һ: 'х' };
const ruLayout = (s: string) => [...s.toLowerCase()].map((c) => RU_LAYOUT[c] ?? c).join('');

const names = (a: Application) => [
  a.child?.lastName,
  a.child?.firstName,
  a.child?.middleName,
  a.applicant.lastName,
  a.applicant.firstName,
  a.applicant.middleName,
];

async function all(desk: Desk, text: string): Promise<Application[]> {
  const out: Application[] = [];
  let cursor: string | undefined;
  do {
    const p = await desk.list({ text, limit: 200, cursor });
    out.push(...p.items);
    cursor = p.next;
  } while (cursor);
  return out;
}

describe('folding rules for the name index', () => {
  it('folds each Kazakh letter to its Russian-layout twin, on any word of a name', () => {
    expect(looseNameTokens('Сейітов Әлихан', 'Сейітқызы Гүлнұр')).toEqual(
      looseNameTokens('Сеитов Алихан', 'Сеиткызы Гулнур'),
    );
    expect(looseNameTokens('Сейітов Әлихан')).toEqual(looseNameTokens('Seitov Alikhan'));
    for (const [kk, ru] of Object.entries(RU_LAYOUT))
      expect(looseNameTokens(`Ба${kk}т`)).toEqual(looseNameTokens(`Ба${ru}т`));
    // One token per word, as nameTokens splits them (hyphens too), each looseFold's key.
    expect(looseNameTokens('Ғабдуллина-Ким Әсел')).toEqual(['gabdulina', 'kim', 'asel']);
    expect(looseNameTokens('Ким', 'КИМ')).toEqual(['kim']);
  });

  it('indexes a name as spelt and folded, and a folded query meets the folded terms by prefix', () => {
    const terms = nameIndexTerms('Сейітов', 'Әлихан');
    // As spelt: what the desk indexed before, so exact spelling still finds and ranks first.
    for (const t of nameTokens('Сейітов Әлихан')) expect(terms).toContain(queryTerm(t).term);
    expect(terms).toContain('p5:сейіт');
    expect(terms).toContain('fp5:seito');
    for (const typed of ['Сеитов', 'Seitov', 'Сейт', 'Seit', 'Алихан', 'Alikhan', 'Алих']) {
      const [w] = looseNameTokens(typed);
      expect(terms, typed).toContain(queryTerm(w, true).term);
    }
    // The two kinds never meet: a folded key equal to a spelt word ("kim") is still its own hash input.
    expect(nameIndexTerms('Kim')).toEqual(expect.arrayContaining(['w:kim', 'fw:kim']));
  });
});

describe('desk search that forgives the keyboard', () => {
  let desk: Desk;
  const byName: Record<string, Application> = {};

  beforeAll(async () => {
    desk = createDesk({ db: new DeskDb(`fold${++dbn}`), now: () => clock }) as Desk;
    // The demo office (ҚРҚ) with 45 applications: the journal reaches 0042.
    await setupDemo(desk.context, 'kk', 45);
    await desk.signIn('clerk', DEMO_PASSWORD);
    const kgs = await desk.kindergartens();
    const iin = (birth: string, serial: number, sex: 'male' | 'female') => {
      for (let s = serial; ; s++) {
        const v = makeIin(birth, sex, s);
        if (v) return v;
      }
    };
    const reg = async (child: [string, string, string], mother: [string, string], serial: number) =>
      desk.register({
        serviceCode: 'preschool-queue',
        lang: 'kk',
        applicant: {
          kind: 'parent',
          iin: iin('1994-04-02', 700 + serial, 'female'),
          lastName: mother[0],
          firstName: mother[1],
          phone: '+7 701 555 44 33',
          address: 'Қарасу ауылы, Абай көшесі, 7',
        },
        child: {
          iin: iin('2023-01-15', 900 + serial, 'male'),
          lastName: child[0],
          firstName: child[1],
          middleName: child[2],
        },
        priority: null,
        kindergartenIds: [kgs[0].id],
        workplaces: { mother: 'мектеп' },
        consent: true,
        documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
      });
    byName.kk = await reg(['Сейітов', 'Әлихан', 'Маратұлы'], ['Сейітқызы', 'Гүлнұр'], 1);
    // The same name as a Russian paper spells it, a different child: an exact match for "Сеитов".
    byName.ru = await reg(['Сеитов', 'Алихан', 'Маратович'], ['Сеитова', 'Гульнара'], 2);
  }, 120_000);

  it('finds Сейітов Әлихан / Сейітқызы Гүлнұр typed without Kazakh letters, or in Latin', async () => {
    for (const q of [
      'Сеитов',
      'Seitov',
      'SEITOV',
      'Сейтов',
      'Алихан',
      'Alikhan',
      'Гулнур',
      'Gulnur',
      'Сеиткызы',
      'сеитов алих',
    ])
      expect(
        (await all(desk, q)).map((a) => a.id),
        q,
      ).toContain(byName.kk.id);
    // Exact Kazakh spelling still finds, and finds it first.
    expect((await all(desk, 'Сейітов')).map((a) => a.id)).toEqual([byName.kk.id, byName.ru.id]);
    const gulnur = await all(desk, 'Гүлнұр');
    expect(gulnur.map((a) => a.id)).toContain(byName.kk.id);
    expect(gulnur.every((a) => names(a).includes('Гүлнұр'))).toBe(true); // not Гульнара
  });

  it('ranks an exact spelling above a folded one, and pages across both without repeats', async () => {
    expect((await all(desk, 'Сеитов')).map((a) => a.id)).toEqual([byName.ru.id, byName.kk.id]);
    expect((await all(desk, 'Сейітов Әлихан')).map((a) => a.id)).toEqual([byName.kk.id, byName.ru.id]);
    const p1 = await desk.list({ text: 'Сеитов', limit: 1 });
    const p2 = await desk.list({ text: 'Сеитов', limit: 1, cursor: p1.next });
    expect([...p1.items, ...p2.items].map((a) => a.id)).toEqual([byName.ru.id, byName.kk.id]);
    expect(p2.next).toBeUndefined();
    // Demo names too: Әлихан, Гүлнұр and Іңкәр are demo parents.
    const alikhan = await all(desk, 'Алихан');
    expect(alikhan[0].id).toBe(byName.ru.id); // the one spelt "Алихан"
    expect(alikhan.some((a) => a.applicant.firstName === 'Әлихан')).toBe(true);
    expect((await all(desk, 'Инкар')).every((a) => names(a).includes('Іңкәр'))).toBe(true);
  });

  it('finds a journal number with or without zeros, year and office code, the number itself first', async () => {
    const target = (await all(desk, 'ҚРҚ-2026-0042'))[0];
    expect(target.journalNo).toBe('ҚРҚ-2026-0042');
    for (const q of [
      '0042',
      '42',
      '2026-0042',
      '2026-42',
      'ҚРҚ-2026-0042',
      'қрқ-2026-42',
      'КРК-2026-0042',
      'KRK-2026-0042',
    ]) {
      const found = await all(desk, q);
      expect(
        found.map((a) => a.journalNo),
        q,
      ).toEqual(['ҚРҚ-2026-0042']);
    }
    // Other numbers do not drown it: no 0420, 1042 or IIN holding 42.
    expect((await all(desk, '0043')).map((a) => a.journalNo)).toEqual(['ҚРҚ-2026-0043']);
    expect(await all(desk, 'ТСТ-2026-0042')).toEqual([]);
    expect(await all(desk, '2025-0042')).toEqual([]);
  });

  it('counts false matches of Russian-layout queries over the demo names and keeps them within the bound', async () => {
    // Every distinct demo name word with a Kazakh letter, typed as a Russian layout writes it ("Сеитов"-style).
    // The demo's own records only: the two above are one name spelt two ways on purpose.
    const ours = new Set([byName.kk.id, byName.ru.id]);
    const rows = (await desk.context.db.applications.toArray()).filter((r) => !ours.has(r.id));
    const apps = (await Promise.all(rows.map((r) => desk.get(r.id)))) as Application[];
    const words = new Set(apps.flatMap((a) => nameTokens(...names(a))).filter((w) => ruLayout(w) !== w));
    let queries = 0;
    let falseMatches = 0;
    const detail: string[] = [];
    for (const w of words) {
      const q = ruLayout(w);
      const found = (await all(desk, q)).filter((a) => !ours.has(a.id));
      queries++;
      // Meant: a record with a word the Russian layout writes starting with the query. Everything else is a false match.
      const meant = (a: Application) => nameTokens(...names(a)).some((h) => ruLayout(h).startsWith(q));
      const missed = apps.filter((a) => meant(a) && !found.some((f) => f.id === a.id));
      expect(
        missed.map((a) => a.journalNo),
        q,
      ).toEqual([]);
      const extra = found.filter((a) => !meant(a));
      falseMatches += extra.length;
      for (const a of extra)
        detail.push(`${q}: ${nameTokens(...names(a)).find((h) => looseFold(h).startsWith(looseFold(q)))}`);
    }
    expect(queries).toBeGreaterThan(30);
    expect(detail).toEqual([]);
    expect(falseMatches).toBe(0);
  });
});

describe('re-indexing rows an older desk stored', () => {
  it('marks every older row on upgrade (version 6), so the background re-index finds them', async () => {
    const { default: Dexie } = await import('dexie');
    const name = `fold-upgrade${++dbn}`;
    const old = new Dexie(name);
    old.version(5).stores({
      applications:
        'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin], subjectIin, [serviceCode+subjectIin]',
    });
    await old.table('applications').add({ id: 'a1', sortKey: 's1', iinKeys: [], nameKeys: ['x'] });
    old.close();
    const db = new DeskDb(name);
    expect((await db.applications.where('nameKeysV').below(NAME_INDEX_VERSION).toArray()).map((r) => r.id)).toEqual([
      'a1',
    ]);
    db.close();
  });

  it('indexes older rows again after a sign-in, resumably, and exact spelling finds them meanwhile', async () => {
    const desk = createDesk({ db: new DeskDb(`fold${++dbn}`), now: () => clock }) as Desk;
    await setupDemo(desk.context, 'kk', 6);
    await desk.signIn('clerk', DEMO_PASSWORD);
    await desk.namesIndexed();
    const t = desk.context.db.applications;
    const v = desk.context.vault;
    // As the desk before issue #16 indexed names: spelt terms only, and no version.
    for (const r of await t.toArray()) {
      const a = (await desk.get(r.id))!;
      const spelt = nameIndexTerms(...names(a)).filter((x) => !x.startsWith('f'));
      await t.update(r.id, { nameKeys: await Promise.all(spelt.map((x) => v.blind('name', x))), nameKeysV: 0 });
    }
    const kk = (await all(desk, 'Әбілқасымов'))[0];
    expect(kk).toBeDefined();
    expect(await all(desk, 'Абилкасымов')).toEqual([]); // not yet folded
    expect(await reindexNames(desk.context, { batch: 2, maxBatches: 1 })).toBe(2);
    expect(await t.where('nameKeysV').below(NAME_INDEX_VERSION).count()).toBe(4);
    desk.signOut();
    desk.context.vault.lock();
    expect(await reindexNames(desk.context)).toBe(0); // the vault is locked: nothing done, nothing lost
    await desk.signIn('clerk', DEMO_PASSWORD);
    await desk.namesIndexed();
    expect(await t.where('nameKeysV').below(NAME_INDEX_VERSION).count()).toBe(0);
    expect((await all(desk, 'Абилкасымов')).map((a) => a.id)).toContain(kk.id);
    expect((await all(desk, 'Abilkasymov')).map((a) => a.id)).toContain(kk.id);

    // A row that does not open is left for later and does not hold the others up (nor loop for ever).
    const [bad, good] = await t.limit(2).toArray();
    await t.update(bad.id, { sealed: { ...bad.sealed, ct: 'AAAA' }, nameKeysV: 0 });
    await t.update(good.id, { nameKeysV: 0 });
    expect(await reindexNames(desk.context, { batch: 1 })).toBe(1);
    expect((await t.where('nameKeysV').below(NAME_INDEX_VERSION).toArray()).map((r) => r.id)).toEqual([bad.id]);
  }, 60_000);
});
