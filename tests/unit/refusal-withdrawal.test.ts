// Withdrawing a refusal to accept (issue #16, item 5): the shared rule the desk and the server
// both run, then the desk's data layer over a real Dexie on fake-indexeddb.
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import { iinBorn, testOfficeDesk } from '../helpers/testOffice';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import {
  REFUSAL_UNDO_MS,
  fromLocal,
  refusalCounts,
  withdrawalErrors,
  type AcceptRefusal,
  type IntakeInput,
  type PrintRecord,
} from '../../shared';

const at = '2026-03-20T05:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
const base = { at, prints: [] as PrintRecord[] } satisfies Pick<AcceptRefusal, 'at' | 'prints'>;
const withdrawn = (ms: number, by = 'st1') => ({ at: later(ms), by, byName: 'Кеңсе Әйгерім' });
const codes = (e: { code: string }[]) => e.map((x) => x.code);
const print = (action: PrintRecord['action']): PrintRecord => ({
  form: 'refusalToAccept',
  lang: 'kk',
  at: later(1000),
  by: 'st1',
  byName: 'Кеңсе Әйгерім',
  action,
  copies: 2,
});

describe('withdrawal of a refusal to accept (shared rule)', () => {
  it('takes a withdrawal signed by its person within the window, up to its last millisecond', () => {
    expect(withdrawalErrors(base, { ...base, withdrawn: withdrawn(5_000) }, 'st1')).toEqual([]);
    expect(withdrawalErrors(base, { ...base, withdrawn: withdrawn(REFUSAL_UNDO_MS) }, 'st1')).toEqual([]);
  });

  it('refuses it late, dated before the refusal, or signed by someone else than it names', () => {
    expect(codes(withdrawalErrors(base, { ...base, withdrawn: withdrawn(REFUSAL_UNDO_MS + 1) }, 'st1'))).toEqual([
      'refusalWithdrawal.late',
    ]);
    expect(codes(withdrawalErrors(base, { ...base, withdrawn: withdrawn(-1) }, 'st1'))).toEqual([
      'refusalWithdrawal.late',
    ]);
    expect(codes(withdrawalErrors(base, { ...base, withdrawn: withdrawn(1000, 'st2') }, 'st1'))).toEqual([
      'refusalWithdrawal.notSigner',
    ]);
  });

  it('refuses it once the receipt was printed, but not after a preview or a saved file', () => {
    const printed = { ...base, prints: [print('print')] };
    expect(codes(withdrawalErrors(printed, { ...printed, withdrawn: withdrawn(2000) }, 'st1'))).toEqual([
      'refusalWithdrawal.printed',
    ]);
    const previewed = { ...base, prints: [print('preview'), print('save')] };
    expect(withdrawalErrors(previewed, { ...previewed, withdrawn: withdrawn(2000) }, 'st1')).toEqual([]);
  });

  it('keeps a withdrawal once made: neither removed nor changed; resending it changes nothing', () => {
    const w = { ...base, withdrawn: withdrawn(1000) };
    expect(codes(withdrawalErrors(w, { ...base }, 'st1'))).toEqual(['refusalWithdrawal.final']);
    expect(codes(withdrawalErrors(w, { ...base, withdrawn: withdrawn(2000) }, 'st1'))).toEqual([
      'refusalWithdrawal.final',
    ]);
    expect(withdrawalErrors(w, { ...w }, 'st9')).toEqual([]);
    expect(refusalCounts(w)).toBe(false);
    expect(refusalCounts({})).toBe(true);
  });
});

let clock = fromLocal('2026-03-20', '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

const someIin = iinBorn;

async function freshOffice() {
  desk = await testOfficeDesk(`wd${++dbn}`, () => clock);
  await desk.signIn('clerk', 'secret123');
}

async function refuse(): Promise<AcceptRefusal> {
  const kgs = await desk.kindergartens();
  const input: IntakeInput = {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: someIin('1990-05-04', 400),
      lastName: 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: someIin('2023-02-11', 100), lastName: 'Әбілқасымова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'addressCertificate'],
  };
  return desk.refuseToAccept(input, ['birthCertificate']);
}

describe('withdrawal of a refusal to accept (desk)', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-03-20', '10:00');
    await freshOffice();
  });

  it('marks the refusal withdrawn, keeps it in the log and sends the withdrawal as a patch', async () => {
    const r = await refuse();
    const ops = await desk.context.db.outbox.count();
    expect(await desk.stats()).toMatchObject({ refusalsToAccept: 1, refusalsThisMonth: 1 });
    clock = new Date(Date.parse(clock) + 30_000).toISOString();
    const w = await desk.withdrawRefusal(r.id);
    // Kept in the log, no longer counted on the desk's tiles.
    expect(await desk.stats()).toMatchObject({ refusalsToAccept: 0, refusalsThisMonth: 0 });
    expect(w.withdrawn).toMatchObject({ at: clock, byName: 'Кеңсе Әйгерім' });
    const kept = await desk.refusals();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ id: r.id, missingDocuments: ['birthCertificate'], withdrawn: { at: clock } });
    const rows = await desk.context.db.outbox.toArray();
    expect(rows).toHaveLength(ops + 1);
    expect(rows[rows.length - 1]).toMatchObject({ entity: 'refusal', entityId: r.id, kind: 'patch' });
    // Withdrawn once: a second withdrawal is refused.
    await expect(desk.withdrawRefusal(r.id)).rejects.toMatchObject({ code: 'refusalWithdrawal.final' });
  });

  it('refuses the withdrawal after the window or once the receipt was printed', async () => {
    const r = await refuse();
    clock = new Date(Date.parse(clock) + REFUSAL_UNDO_MS + 1000).toISOString();
    await expect(desk.withdrawRefusal(r.id)).rejects.toMatchObject({ code: 'refusalWithdrawal.late' });
    clock = fromLocal('2026-03-20', '11:00');
    const p = await refuse();
    await desk.logPrint(p.id, 'refusalToAccept', 'kk', 'print', 'refusal');
    await expect(desk.withdrawRefusal(p.id)).rejects.toMatchObject({ code: 'refusalWithdrawal.printed' });
    expect((await desk.refusals()).every((x) => !x.withdrawn)).toBe(true);
  });
});
