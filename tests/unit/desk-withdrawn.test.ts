/**
 * An application the district withdrew from its queue (issue #14: two
 * applications of one child merged, this one withdrawn) as the office's desk
 * holds it after a pull: out of the pending and deadline lists and the home
 * screen's counts, no step offered or taken, still found by search. The data
 * layer over a real Dexie on fake-indexeddb; the pull is the sync engine's own
 * applyChanges with the record the district server sends.
 */
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import { iinBorn, testOfficeDesk } from '../helpers/testOffice';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { applyChanges } from '../../renderer/sync/apply';
import {
  QueueStateSchema,
  StatusSchema,
  fromLocal,
  isOpenWork,
  nextStep,
  pendingStep,
  type Application,
  type IntakeInput,
  type Withdrawal,
} from '../../shared';

let clock = fromLocal('2026-03-20', '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

const iinOf = iinBorn;

async function freshOffice() {
  desk = await testOfficeDesk(`withdrawn-${++dbn}`, () => clock, { freePlaces: 0 });
}

async function input(serial: number): Promise<IntakeInput> {
  const kgs = await desk.kindergartens();
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: iinOf('1990-05-04', 300 + serial),
      lastName: 'Сұлтанова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: iinOf('2023-02-11', serial), lastName: 'Сұлтанова', firstName: `Әлия${'ә'.repeat(serial % 5)}` },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

const withdrawal = (kept: Application): Withdrawal => ({
  at: fromLocal('2026-04-02', '15:00'),
  by: 'district-staff-1',
  byName: 'Аудан маманы Ж.',
  reason: 'duplicate',
  keptApplicationId: kept.id,
  keptJournalNo: 'ҚРҚ-2026-0007',
  note: 'бір бала',
});

/**
 * The district's record of `app`, withdrawn, as a pull brings it: the office's
 * own ops were acknowledged before (their push emptied the outbox).
 */
async function pullWithdrawn(app: Application, kept: Application, version = 5) {
  await desk.context.db.outbox.clear();
  const data: Application = { ...app, queueState: 'withdrawn', withdrawal: withdrawal(kept), version };
  await applyChanges(desk.context, [{ entity: 'application', id: app.id, version, data }], String(version));
}

const ids = (apps: Application[]) => apps.map((a) => a.id).sort();

describe('one rule for open work (shared)', () => {
  it('open work is paperwork still to do on an application the district did not withdraw; withdrawn ones offer no step', () => {
    for (const status of StatusSchema.options) {
      for (const queueState of QueueStateSchema.options) {
        const open = status !== 'issued' && queueState !== 'withdrawn';
        expect(isOpenWork({ status, queueState }), `${status}/${queueState}`).toBe(open);
        expect(nextStep({ status, queueState }), `${status}/${queueState}`).toBe(
          queueState === 'withdrawn' ? null : pendingStep(status),
        );
      }
    }
  });
});

describe('a withdrawn application pulled from the district', () => {
  let kept: Application;
  let gone: Application;

  beforeEach(async () => {
    clock = fromLocal('2026-03-20', '10:00');
    await freshOffice();
    await desk.signIn('clerk', 'secret123');
    kept = await desk.register(await input(1));
    gone = await desk.register(await input(2));
    // Three weeks on: both past their term (the queue's three working days), neither resolved.
    clock = fromLocal('2026-04-10', '11:00');
  });

  it('leaves the deadline lists, the pending lists and the counts, and the queue', async () => {
    await desk.signIn('head', 'secret123');
    const before = await desk.stats();
    expect(before).toMatchObject({ overdue: 2, waiting: 2 });
    expect(ids(await desk.pendingFor('head'))).toEqual(ids([kept, gone]));

    await pullWithdrawn(gone, kept);

    expect(await desk.stats()).toMatchObject({ overdue: 1, dueToday: 0, atRisk: 0, waiting: 1 });
    // Still counted among the year's applications: it was registered, only its place went.
    expect((await desk.stats()).applicationsThisYear).toBe(2);
    expect(ids((await desk.list({ due: 'overdue' })).items)).toEqual([kept.id]);
    expect(ids(await desk.pendingFor('head'))).toEqual([kept.id]);
    expect(ids(await desk.queue())).toEqual([kept.id]);
    expect(await desk.queuePosition(gone.id)).toBeNull();
  });

  it('refuses every step on it, writes nothing, and keeps it findable with the reason recorded', async () => {
    await pullWithdrawn(gone, kept);
    await desk.signIn('head', 'secret123');
    const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
    await expect(desk.resolve(gone.id, exec.id)).rejects.toMatchObject({ code: 'workflow.wrongState' });
    expect(await desk.context.db.outbox.count()).toBe(0);

    const held = await desk.get(gone.id);
    expect(held).toMatchObject({
      status: 'registered',
      queueState: 'withdrawn',
      withdrawal: { reason: 'duplicate', keptJournalNo: 'ҚРҚ-2026-0007', byName: 'Аудан маманы Ж.', note: 'бір бала' },
    });
    expect(nextStep(held!)).toBeNull();

    // Search finds it by journal number, by the child's IIN and by name, like any other.
    expect(ids((await desk.list({ text: gone.journalNo })).items)).toEqual([gone.id]);
    expect(ids((await desk.list({ text: gone.child!.iin })).items)).toEqual([gone.id]);
    expect(ids((await desk.list({ text: 'Сұлтанова' })).items)).toEqual(ids([kept, gone]));
    // And the plain list of everything still shows it.
    expect((await desk.list({})).items.map((a) => a.id)).toContain(gone.id);
  });

  it('is left out of the deadline counts even where an older desk stored it with an open term', async () => {
    await pullWithdrawn(gone, kept);
    // A desk before this rule indexed a withdrawn application's term as open.
    const row = (await desk.context.db.applications.get(gone.id))!;
    expect(row.openDueAt).toBeUndefined();
    await desk.context.db.applications.put({ ...row, openDueAt: gone.dueAt });

    await desk.signIn('head', 'secret123');
    expect(await desk.stats()).toMatchObject({ overdue: 1 });
    expect(ids((await desk.list({ due: 'overdue' })).items)).toEqual([kept.id]);
  });

  it('is not handed back as an uncollected result once withdrawn', async () => {
    await desk.signIn('head', 'secret123');
    const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
    await desk.resolve(gone.id, exec.id);
    await desk.signIn('exec', 'secret123');
    await desk.decide(gone.id, { kind: 'notification' });
    await desk.signIn('head', 'secret123');
    const signed = await desk.sign(gone.id);
    await pullWithdrawn(signed, kept, 9);
    // Months later the notification was never collected: a withdrawn one is not the clerk's to hand back.
    clock = fromLocal('2026-07-01', '10:00');
    await desk.signIn('clerk', 'secret123');
    await expect(desk.handBack(gone.id)).rejects.toMatchObject({ code: 'workflow.wrongState' });
    expect(await desk.pendingFor('clerk')).toEqual([]);
  });
});
