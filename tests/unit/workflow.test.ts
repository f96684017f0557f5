import { describe, expect, it } from 'vitest';
import {
  STEP_ORDER,
  TRANSITIONS,
  canTakeStep,
  lastStepEnd,
  makeStepRecord,
  pendingStep,
  stepRole,
  type Actor,
} from '../../shared/workflow/machine';
import { Catalog, defaultCatalog } from '../../shared/catalog/index';
import { StepRecordSchema, type AppStatus } from '../../shared/model/application';
import type { StepId } from '../../shared/catalog/schema';
import { fromLocal } from '../../shared/time';

const entry = defaultCatalog.get('preschool-queue');
const clerk: Actor = { id: 'c1', fullName: 'Сейітова Айгүл', roles: ['clerk'] };
const head: Actor = { id: 'h1', fullName: 'Нұрланов Ерлан', roles: ['head'] };
const exec1: Actor = { id: 'e1', fullName: 'Әбілқасымова Гүлнәр', roles: ['executor'] };
const exec2: Actor = { id: 'e2', fullName: 'Қуанышев Тимур', roles: ['executor'] };
// Small offices: one person does everything
const allInOne: Actor = { id: 'a1', fullName: 'Омарова Сәуле', roles: ['clerk', 'head', 'executor'] };
const headExec: Actor = { id: 'he', fullName: 'Жұмабаев Дәулет', roles: ['head', 'executor'] };

const app = (status: AppStatus, executorId?: string) => ({ status, executorId });

describe('the five steps', () => {
  it('run accept -> resolution -> decision -> signature -> issue', () => {
    expect(STEP_ORDER).toEqual(['accept', 'resolution', 'decision', 'signature', 'issue']);
    let status: AppStatus | null = null;
    const seen: Array<AppStatus | null> = [];
    for (const step of STEP_ORDER) {
      expect(pendingStep(status)).toBe(step);
      expect(TRANSITIONS[step].from).toBe(status);
      status = TRANSITIONS[step].to;
      seen.push(status);
    }
    expect(seen).toEqual(['registered', 'assigned', 'decided', 'signed', 'issued']);
    expect(pendingStep('issued')).toBeNull();
  });

  it('the catalog gives each step its role', () => {
    expect(STEP_ORDER.map((s) => stepRole(entry, s))).toEqual(['clerk', 'head', 'executor', 'head', 'clerk']);
  });
});

describe('canTakeStep: each transition with the right person', () => {
  it.each([
    ['accept', null, clerk, 'clerk'],
    ['resolution', app('registered'), head, 'head'],
    ['decision', app('assigned', 'e1'), exec1, 'executor'],
    ['signature', app('decided', 'e1'), head, 'head'],
    ['issue', app('signed', 'e1'), clerk, 'clerk'],
  ] as const)('%s is allowed', (step, a, actor, role) => {
    expect(canTakeStep(a, step, actor, entry)).toEqual({ ok: true, role });
  });
});

describe('canTakeStep: wrong state', () => {
  const all: Array<AppStatus | null> = [null, 'registered', 'assigned', 'decided', 'signed', 'issued'];
  it.each(STEP_ORDER.map((s) => [s] as [StepId]))(
    '%s is refused from every other state, even for someone with all roles',
    (step) => {
      for (const status of all) {
        if (status === TRANSITIONS[step].from) continue;
        const a = status === null ? null : app(status, 'a1');
        expect(canTakeStep(a, step, allInOne, entry)).toEqual({ ok: false, reason: 'workflow.wrongState' });
      }
    },
  );

  it('nothing can be done twice or skipped', () => {
    expect(canTakeStep(app('registered'), 'accept', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongState',
    });
    expect(canTakeStep(app('registered'), 'decision', exec1, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongState',
    });
    expect(canTakeStep(app('assigned', 'e1'), 'signature', head, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongState',
    });
    expect(canTakeStep(app('issued', 'e1'), 'issue', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongState',
    });
  });

  it('the state is checked before the role', () => {
    expect(canTakeStep(app('registered'), 'signature', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongState',
    });
  });
});

describe('canTakeStep: roles', () => {
  it('a clerk cannot sign as the head, nor put a resolution', () => {
    expect(canTakeStep(app('decided', 'e1'), 'signature', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongRole',
    });
    expect(canTakeStep(app('registered'), 'resolution', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongRole',
    });
  });

  it('only an executor decides: not the head, not the clerk', () => {
    expect(canTakeStep(app('assigned', 'h1'), 'decision', head, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongRole',
    });
    expect(canTakeStep(app('assigned', 'c1'), 'decision', clerk, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongRole',
    });
  });

  it('only the assigned executor decides', () => {
    expect(canTakeStep(app('assigned', 'e1'), 'decision', exec2, entry)).toEqual({
      ok: false,
      reason: 'workflow.notAssignedExecutor',
    });
    expect(canTakeStep(app('assigned', 'e2'), 'decision', exec2, entry)).toEqual({ ok: true, role: 'executor' });
  });

  it('executors and heads cannot accept or issue; executors cannot sign', () => {
    expect(canTakeStep(null, 'accept', exec1, entry)).toEqual({ ok: false, reason: 'workflow.wrongRole' });
    expect(canTakeStep(null, 'accept', head, entry)).toEqual({ ok: false, reason: 'workflow.wrongRole' });
    expect(canTakeStep(app('signed', 'e1'), 'issue', head, entry)).toEqual({ ok: false, reason: 'workflow.wrongRole' });
    expect(canTakeStep(app('decided', 'e1'), 'signature', exec1, entry)).toEqual({
      ok: false,
      reason: 'workflow.wrongRole',
    });
  });

  it('one person with all three roles walks the whole chain when assigned to themselves', () => {
    expect(canTakeStep(null, 'accept', allInOne, entry)).toEqual({ ok: true, role: 'clerk' });
    expect(canTakeStep(app('registered'), 'resolution', allInOne, entry)).toEqual({ ok: true, role: 'head' });
    expect(canTakeStep(app('assigned', 'a1'), 'decision', allInOne, entry)).toEqual({ ok: true, role: 'executor' });
    expect(canTakeStep(app('decided', 'a1'), 'signature', allInOne, entry)).toEqual({ ok: true, role: 'head' });
    expect(canTakeStep(app('signed', 'a1'), 'issue', allInOne, entry)).toEqual({ ok: true, role: 'clerk' });
  });

  it('several roles do not override the assignment', () => {
    expect(canTakeStep(app('assigned', 'e1'), 'decision', allInOne, entry)).toEqual({
      ok: false,
      reason: 'workflow.notAssignedExecutor',
    });
    expect(canTakeStep(app('assigned', 'he'), 'decision', headExec, entry)).toEqual({ ok: true, role: 'executor' });
    expect(canTakeStep(null, 'accept', headExec, entry)).toEqual({ ok: false, reason: 'workflow.wrongRole' });
  });
});

describe('makeStepRecord against the preschool norms 5/5/10/5/5 minutes', () => {
  const start = fromLocal('2026-03-10', '10:00');
  const plus = (minutes: number, seconds = 0) =>
    new Date(Date.parse(start) + minutes * 60_000 + seconds * 1000).toISOString();

  it('the catalog holds the norms from seed 001', () => {
    expect(entry.steps.map((s) => `${s.step}:${s.norm.value}${s.norm.unit === 'minutes' ? 'm' : s.norm.unit}`)).toEqual(
      ['accept:5m', 'resolution:5m', 'decision:10m', 'signature:5m', 'issue:5m'],
    );
  });

  it.each([
    ['accept', 5, clerk],
    ['resolution', 5, head],
    ['decision', 10, exec1],
    ['signature', 5, head],
    ['issue', 5, clerk],
  ] as const)('%s: on time at exactly %i minutes, late one second after', (step, norm, actor) => {
    const onTime = makeStepRecord(entry, step, actor, start, plus(norm));
    expect(onTime).toMatchObject({
      step,
      by: actor.id,
      byName: actor.fullName,
      role: actor.roles[0],
      startedAt: start,
      at: plus(norm),
      late: false,
    });
    expect(onTime.normDueAt).toBe(plus(norm));
    expect(makeStepRecord(entry, step, actor, start, plus(norm, 1)).late).toBe(true);
    expect(makeStepRecord(entry, step, actor, start, plus(1)).late).toBe(false);
  });

  it("records the role of the step, not the actor's first role", () => {
    expect(makeStepRecord(entry, 'signature', allInOne, start, plus(2)).role).toBe('head');
  });

  it('is a valid StepRecord, with the note only when given', () => {
    const r = makeStepRecord(entry, 'accept', clerk, start, plus(3));
    expect(StepRecordSchema.parse(r)).toEqual(r);
    expect('note' in r).toBe(false);
    expect(makeStepRecord(entry, 'decision', exec1, start, plus(3), {}, 'Орын жоқ').note).toBe('Орын жоқ');
  });

  it('measures minute norms on the clock: working through lunch is not late, lunch does not extend the norm', () => {
    const beforeLunch = fromLocal('2026-03-10', '12:58');
    expect(makeStepRecord(entry, 'decision', exec1, beforeLunch, fromLocal('2026-03-10', '13:06')).late).toBe(false);
    expect(makeStepRecord(entry, 'decision', exec1, beforeLunch, fromLocal('2026-03-10', '14:05')).late).toBe(true);
  });

  it('uses working-day norms through the calendar (a modified entry)', () => {
    const modified = {
      ...entry,
      steps: entry.steps.map((s) =>
        s.step === 'resolution' ? { ...s, norm: { unit: 'workingDays' as const, value: 1 } } : s,
      ),
    };
    const cat = new Catalog(undefined, [modified]);
    const e = cat.get('preschool-queue');
    const friday = fromLocal('2026-03-20', '10:00'); // Nauryz follows: next working day is Thu 26 Mar
    const r = makeStepRecord(e, 'resolution', head, friday, fromLocal('2026-03-25', '17:00'));
    expect(r.normDueAt).toBe(fromLocal('2026-03-26', '10:00'));
    expect(r.late).toBe(false);
    expect(makeStepRecord(e, 'resolution', head, friday, fromLocal('2026-03-26', '10:01')).late).toBe(true);
  });
});

describe('lastStepEnd', () => {
  it("is the acceptance time before any step, then the last step's time", () => {
    const acceptedAt = fromLocal('2026-03-10', '10:00');
    expect(lastStepEnd({ acceptedAt, steps: [] })).toBe(acceptedAt);
    const s1 = makeStepRecord(entry, 'accept', clerk, acceptedAt, fromLocal('2026-03-10', '10:04'));
    const s2 = makeStepRecord(entry, 'resolution', head, s1.at, fromLocal('2026-03-10', '11:00'));
    expect(lastStepEnd({ acceptedAt, steps: [s1, s2] })).toBe(fromLocal('2026-03-10', '11:00'));
  });
});
