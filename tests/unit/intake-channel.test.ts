// How an application came and when its applicant arrived (issue #14): the shared rules, and the
// desk over a real Dexie on fake-indexeddb storing what they allow.
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { DeskError, type DeskApi, type SetupInput } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { opFromRow } from '../../renderer/services/indexes';
import {
  applicationRuleErrors,
  canonicalSettlement,
  channelErrors,
  channelsFor,
  defaultChannel,
  fromLocal,
  validateIntake,
  waitNormMinutes,
  waitedMinutes,
  type Application,
  type IntakeInput,
} from '../../shared';
import { defaultCatalog } from '../../shared/catalog/index';
import { emptyForm, toInput } from '../../renderer/ui/screens/intake/form';
import { preschoolIntake } from '../helpers/testOffice';

const codes = (errs: Array<{ field: string; code: string }>) => errs.map((e) => `${e.field}:${e.code}`);
const at = (time: string, date = '2026-03-20') => fromLocal(date, time);

describe('channel and arrival rules (shared/intake/channel.ts)', () => {
  const accepted = at('10:00');

  it('takes any channel without arrival, and an arrival earlier the same office-local day', () => {
    for (const channel of ['office', 'stateCorporation', 'portal'] as const)
      expect(channelErrors({ channel }, accepted)).toEqual([]);
    expect(channelErrors({ channel: 'mobile', settlement: 'Қоянды' }, accepted)).toEqual([]);
    expect(channelErrors({ channel: 'office', arrivalAt: at('08:05'), ticketNo: 'А-017' }, accepted)).toEqual([]);
    // The acceptance itself: no wait at all.
    expect(channelErrors({ channel: 'office', arrivalAt: accepted }, accepted)).toEqual([]);
    // A State Corporation counter hands out tickets too.
    expect(channelErrors({ channel: 'stateCorporation', arrivalAt: at('09:40') }, accepted)).toEqual([]);
  });

  it('asks a settlement of the mobile channel only, one the office lists where it lists any', () => {
    expect(codes(channelErrors({ channel: 'mobile' }, accepted))).toEqual(['settlement:channel.settlementRequired']);
    expect(codes(channelErrors({ channel: 'mobile', settlement: '  ' }, accepted))).toEqual([
      'settlement:channel.settlementRequired',
    ]);
    expect(codes(channelErrors({ channel: 'office', settlement: 'Қоянды' }, accepted))).toEqual([
      'settlement:channel.settlementNotMobile',
    ]);
    const settlements = ['Қоянды ауылы', 'село Коянды'];
    expect(channelErrors({ channel: 'mobile', settlement: 'қоянды  АУЫЛЫ' }, accepted, { settlements })).toEqual([]);
    expect(codes(channelErrors({ channel: 'mobile', settlement: 'Ақжар' }, accepted, { settlements }))).toEqual([
      'settlement:channel.settlementUnknown',
    ]);
    expect(codes(channelErrors({ channel: 'mobile', settlement: 'x'.repeat(301) }, accepted))).toEqual([
      'settlement:text.tooLong',
    ]);
  });

  it('keeps the mobile channel to mobile centres and refuses an unknown channel', () => {
    expect(
      codes(channelErrors({ channel: 'mobile', settlement: 'Қоянды' }, accepted, { officeType: 'village' })),
    ).toEqual(['channel:channel.mobileOnlyAtCentre']);
    expect(
      channelErrors({ channel: 'mobile', settlement: 'Қоянды' }, accepted, { officeType: 'mobileCentre' }),
    ).toEqual([]);
    expect(codes(channelErrors({ channel: 'post' as never }, accepted))).toEqual(['channel:channel.unknown']);
    expect(channelsFor('village')).toEqual(['office', 'stateCorporation', 'portal']);
    expect(channelsFor('mobileCentre')).toEqual(['office', 'mobile', 'stateCorporation', 'portal']);
  });

  it('refuses an arrival after the acceptance, on another day, not an instant, or by the portal', () => {
    expect(codes(channelErrors({ channel: 'office', arrivalAt: at('10:01') }, accepted))).toEqual([
      'arrivalAt:arrival.afterAcceptance',
    ]);
    // The previous evening: a queue is not carried over a night (UTC 2026-03-19T18:59 is 23:59 local).
    expect(codes(channelErrors({ channel: 'office', arrivalAt: at('23:59', '2026-03-19') }, accepted))).toEqual([
      'arrivalAt:arrival.otherDay',
    ]);
    // 04:00 local is still the previous day in UTC: the office's day counts, not the UTC one.
    expect(channelErrors({ channel: 'office', arrivalAt: at('04:00') }, accepted)).toEqual([]);
    expect(codes(channelErrors({ channel: 'office', arrivalAt: '10:00' }, accepted))).toEqual([
      'arrivalAt:arrival.invalid',
    ]);
    expect(codes(channelErrors({ channel: 'portal', arrivalAt: at('09:00'), ticketNo: '12' }, accepted))).toEqual([
      'ticketNo:arrival.notInPerson',
      'arrivalAt:arrival.notInPerson',
    ]);
    expect(codes(channelErrors({ channel: 'office', ticketNo: '1'.repeat(21) }, accepted))).toEqual([
      'ticketNo:text.tooLong',
    ]);
  });

  it('defaults to the mobile channel only at a mobile centre with a visit open, by the office’s own name', () => {
    expect(defaultChannel('village', 'Қоянды')).toEqual({ channel: 'office' });
    expect(defaultChannel('mobileCentre', null)).toEqual({ channel: 'office' });
    expect(defaultChannel('mobileCentre', 'Қоянды')).toEqual({ channel: 'mobile', settlement: 'Қоянды' });
    const listed = [{ name: { kk: 'Қоянды ауылы', ru: 'село Коянды' } }];
    expect(canonicalSettlement('СЕЛО  коянды', listed)).toBe('Қоянды ауылы');
    expect(canonicalSettlement(' Ақжар ', listed)).toBe('Ақжар');
  });

  it('measures the wait against the entry’s norm for the channel', () => {
    const entry = { waitMinutes: 30, channelTimes: { stateCorporation: { waitMinutes: 15 } } };
    expect(waitNormMinutes(entry, 'office')).toBe(30);
    expect(waitNormMinutes(entry, 'mobile')).toBe(30);
    expect(waitNormMinutes(entry, 'stateCorporation')).toBe(15);
    expect(waitNormMinutes({ waitMinutes: 30 }, 'stateCorporation')).toBe(30);
    expect(waitNormMinutes(entry, 'portal')).toBeUndefined();
    expect(waitedMinutes({ acceptedAt: accepted, arrivalAt: at('09:18') })).toBe(42);
    expect(waitedMinutes({ acceptedAt: accepted })).toBeUndefined();
  });

  it('the record rules (the server’s) say the same of a stored application', () => {
    const entry = defaultCatalog.get('preschool-queue');
    const base = { channel: 'office', acceptedAt: accepted } as const;
    const app = (over: Partial<Application>) =>
      ({ ...base, applicant: { kind: 'parent', iin: '' }, priority: null, ...over }) as unknown as Application;
    const ruleCodes = (a: Application, type?: 'village' | 'mobileCentre') =>
      applicationRuleErrors(a, entry, 300, type)
        .map((e) => e.code)
        .filter((c) => c.startsWith('channel.') || c.startsWith('arrival.'));
    expect(ruleCodes(app({ arrivalAt: at('09:00') }))).toEqual([]);
    expect(ruleCodes(app({ arrivalAt: at('10:30') }))).toEqual(['arrival.afterAcceptance']);
    expect(ruleCodes(app({ channel: 'mobile' }), 'mobileCentre')).toEqual(['channel.settlementRequired']);
    expect(ruleCodes(app({ channel: 'mobile', settlement: 'Қоянды' }), 'village')).toEqual([
      'channel.mobileOnlyAtCentre',
    ]);
    // A record saved before channels: nothing to check.
    expect(ruleCodes(app({ channel: undefined }))).toEqual([]);
  });
});

// ---- the desk --------------------------------------------------------------------------------

let clock = at('10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

async function freshOffice(
  type: SetupInput['office']['type'] = 'village',
  settlements?: SetupInput['office']['settlements'],
) {
  desk = createDesk({ db: new DeskDb(`ch${++dbn}`), now: () => clock });
  await desk.setup({
    lang: 'kk',
    office: {
      type,
      code: 'ТЕСТ',
      name: { kk: 'Көшпелі орталық', ru: 'Мобильный центр' },
      district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
      address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
      headName: 'Өтегенов Ғ.',
      ...(settlements ? { settlements } : {}),
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
        ageGroups: [{ id: 'g3', name: { kk: '3 жас', ru: '3 года' }, minAge: 2, maxAge: 4, freePlaces: 1 }],
      },
    ],
  });
  await desk.signIn('clerk', 'secret123');
}

const intake = (serial: number, over: Partial<IntakeInput> = {}) =>
  preschoolIntake(desk, serial, { child: 'Әбілқасымова' }, over);

/** The refusal's field codes, or 'no error'. */
async function refused(p: Promise<unknown>): Promise<string[] | string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeskError) return e.fields.length ? codes(e.fields) : e.code;
    throw e;
  }
  return 'no error';
}

/** The create op the desk wrote for an application, as the engine will send it. */
async function createOp(id: string) {
  const row = (await desk.context.db.outbox.where('entityId').equals(id).toArray()).find((o) => o.kind === 'create');
  return opFromRow(desk.context.vault, row!);
}

describe('the desk records the channel and the arrival', () => {
  beforeEach(() => {
    clock = at('10:00');
  });

  it('an office’s application comes at its counter unless the clerk says otherwise; the record and its op carry it', async () => {
    await freshOffice('village');
    const plain = await desk.register(await intake(1));
    expect(plain.channel).toBe('office');
    expect(plain.settlement).toBeUndefined();
    expect(plain.arrivalAt).toBeUndefined();
    const timed = await desk.register(
      await intake(2, { channel: 'stateCorporation', arrivalAt: at('09:12'), ticketNo: ' Б-042 ' }),
    );
    expect(timed).toMatchObject({ channel: 'stateCorporation', arrivalAt: at('09:12'), ticketNo: 'Б-042' });
    expect(await desk.get(timed.id)).toMatchObject({ channel: 'stateCorporation', arrivalAt: at('09:12') });
    expect((await createOp(timed.id)).fields).toMatchObject({
      channel: 'stateCorporation',
      arrivalAt: at('09:12'),
      ticketNo: 'Б-042',
    });
  });

  it('refuses an arrival after the acceptance or the day before, a portal arrival, a village’s mobile channel: nothing stored', async () => {
    await freshOffice('village');
    expect(await refused(desk.register(await intake(3, { arrivalAt: at('10:20') })))).toEqual([
      'arrivalAt:arrival.afterAcceptance',
    ]);
    expect(await refused(desk.register(await intake(3, { arrivalAt: at('17:00', '2026-03-19') })))).toEqual([
      'arrivalAt:arrival.otherDay',
    ]);
    expect(await refused(desk.register(await intake(3, { channel: 'portal', arrivalAt: at('09:00') })))).toEqual([
      'arrivalAt:arrival.notInPerson',
    ]);
    expect(await refused(desk.register(await intake(3, { channel: 'mobile', settlement: 'Қоянды' })))).toEqual([
      'channel:channel.mobileOnlyAtCentre',
    ]);
    expect(await desk.context.db.applications.count()).toBe(0);
    // No journal number was burnt by the refusals.
    const ok = await desk.register(await intake(3, { channel: 'portal' }));
    expect(ok.journalSeq).toBe(1);
  });

  it('a mobile centre in a settlement takes applications there by default, and they join the visit', async () => {
    await freshOffice('mobileCentre');
    const before = await desk.register(await intake(4));
    expect(before.channel).toBe('office');
    const visit = await desk.startVisit({ settlement: 'Қоянды ауылы' });
    const during = await desk.register(await intake(5, { arrivalAt: at('09:45') }));
    expect(during).toMatchObject({ channel: 'mobile', settlement: 'Қоянды ауылы', arrivalAt: at('09:45') });
    // Brought to the base office instead: at the office, not part of the stay.
    const atBase = await desk.register(await intake(6, { channel: 'office' }));
    expect(atBase.channel).toBe('office');
    expect(atBase.settlement).toBeUndefined();
    // Taken in another settlement on the way: its own, not the visit's.
    const elsewhere = await desk.register(await intake(7, { channel: 'mobile', settlement: 'Ақжар' }));
    expect(elsewhere.settlement).toBe('Ақжар');
    expect((await desk.currentVisit())?.applicationIds).toEqual([during.id]);
    expect(visit.settlement).toBe('Қоянды ауылы');
    // The visit's settlement is the default where none is given, not a correction of one emptied.
    expect(await refused(desk.register(await intake(12, { channel: 'mobile', settlement: ' ' })))).toEqual([
      'settlement:channel.settlementRequired',
    ]);
    clock = at('16:00');
    await desk.endVisit(visit.id);
    // Between visits the mobile channel needs its settlement said.
    expect(await refused(desk.register(await intake(8, { channel: 'mobile' })))).toEqual([
      'settlement:channel.settlementRequired',
    ]);
  });

  it('holds a mobile centre to the settlements the district listed, by their Kazakh name', async () => {
    await freshOffice('mobileCentre', [
      { kato: '195220100', name: { kk: 'Қоянды ауылы', ru: 'село Коянды' } },
      { name: { kk: 'Ақжар ауылы', ru: 'село Акжар' } },
    ]);
    const ru = await desk.register(await intake(9, { channel: 'mobile', settlement: 'село  Коянды' }));
    expect(ru.settlement).toBe('Қоянды ауылы');
    expect(await refused(desk.register(await intake(10, { channel: 'mobile', settlement: 'Сарыөзек' })))).toEqual([
      'settlement:channel.settlementUnknown',
    ]);
    // A visit typed by hand on the visits screen is where the centre is: its applications are taken in.
    await desk.startVisit({ settlement: 'Сарыөзек' });
    const there = await desk.register(await intake(11));
    expect(there).toMatchObject({ channel: 'mobile', settlement: 'Сарыөзек' });
    expect((await desk.currentVisit())?.applicationIds).toEqual([there.id]);
  });
});

describe('the intake form’s model (renderer/ui/screens/intake/form.ts)', () => {
  const entry = defaultCatalog.get('preschool-queue');
  const day = { today: '2026-03-20', offsetMinutes: 300 };

  it('starts from the office’s channel and turns the arrival time into an instant of the office’s day', () => {
    const f = emptyForm('kk', entry, { channel: 'mobile', settlement: 'Қоянды' });
    expect([f.channel, f.settlement, f.arrivalTime, f.ticketNo]).toEqual(['mobile', 'Қоянды', '', '']);
    const input = toInput({ ...f, arrivalTime: '09:05', ticketNo: '17' }, entry, day);
    expect(input).toMatchObject({ channel: 'mobile', settlement: 'Қоянды', arrivalAt: at('09:05'), ticketNo: '17' });
    expect(validateIntake({ ...input }, entry, at('10:00')).ok).toBe(false); // the rest of the form is empty
  });

  it('sends only what the channel takes: no settlement off the mobile channel, no arrival by the portal', () => {
    const f = { ...emptyForm('kk', entry), settlement: 'Қоянды', arrivalTime: '09:05', ticketNo: '17' };
    const office = toInput({ ...f, channel: 'office' }, entry, day);
    expect(office.settlement).toBeUndefined();
    expect(office.arrivalAt).toBe(at('09:05'));
    const portal = toInput({ ...f, channel: 'portal' }, entry, day);
    expect([portal.arrivalAt, portal.ticketNo, portal.settlement]).toEqual([undefined, undefined, undefined]);
    // Not a time of day: sent as typed, for the desk to refuse by its field.
    expect(toInput({ ...f, arrivalTime: '9 сағат' }, entry, day).arrivalAt).toBe('9 сағат');
  });
});
