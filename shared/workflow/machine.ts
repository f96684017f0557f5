/**
 * The five-step walk of every regulation (seed 001 §5-7): accept and register
 * (clerk) -> resolution naming an executor (head) -> decision (executor) ->
 * signature (head) -> handing over (clerk). The same machine runs on the
 * device and, later, on the server, so an impossible step is refused in both.
 */
import type { Application, AppStatus, QueueState, StepRecord } from '../model/application';
import type { Role } from '../model/common';
import type { ServiceEntry, StepId } from '../catalog/schema';
import { computeDue, type DueOptions } from '../deadlines';

export const STEP_ORDER: StepId[] = ['accept', 'resolution', 'decision', 'signature', 'issue'];

/** Status an application must be in for a step, and the status it moves to. */
export const TRANSITIONS: Record<StepId, { from: AppStatus | null; to: AppStatus }> = {
  accept: { from: null, to: 'registered' },
  resolution: { from: 'registered', to: 'assigned' },
  decision: { from: 'assigned', to: 'decided' },
  signature: { from: 'decided', to: 'signed' },
  issue: { from: 'signed', to: 'issued' },
};

/** The status the last step leaves an application in: its paperwork is done. */
export const FINAL_STATUS: AppStatus = TRANSITIONS.issue.to;
/** Queue states in which the child still waits for a place or holds a referral not yet used. */
export const OPEN_QUEUE_STATES: readonly QueueState[] = ['waiting', 'referred'];

/**
 * The district took the application out of its queue (two applications of one
 * child, the other kept: `withdrawal` says why). It is closed: no longer open,
 * and no step of the workflow is taken on it.
 */
export const WITHDRAWN_QUEUE_STATE: QueueState = 'withdrawn';

/**
 * Open: the paperwork still runs, or the child still waits for (or holds) a
 * place, unless the district withdrew it. A second application about the same person for the same service
 * while one is open is a duplicate: the desk asks before registering it, the
 * district flags the pair. One rule for both; the server's SQL spells it from
 * the two constants above.
 */
export function isOpenApplication(a: { status: string; queueState: string }): boolean {
  if (isWithdrawn(a)) return false;
  return a.status !== FINAL_STATUS || (OPEN_QUEUE_STATES as readonly string[]).includes(a.queueState);
}

/** The district withdrew it (queueState 'withdrawn'): closed, whatever its status says. */
export function isWithdrawn(a: { queueState?: string }): boolean {
  return a.queueState === WITHDRAWN_QUEUE_STATE;
}

/**
 * Open work of the office: a step of its paperwork still to take, and not
 * withdrawn by the district (a step on it is refused, canTakeStep). The desk's
 * pending and deadline lists and its counts hold exactly these; a withdrawn
 * application is still found by search and shown with its withdrawal.
 */
export function isOpenWork(a: { status: string; queueState?: string }): boolean {
  return a.status !== FINAL_STATUS && !isWithdrawn(a);
}

export type Actor = { id: string; fullName: string; roles: Role[] };
export type StepCheck =
  | { ok: true; role: Role }
  | { ok: false; reason: 'workflow.wrongState' | 'workflow.wrongRole' | 'workflow.notAssignedExecutor' };

export function stepRole(entry: ServiceEntry, step: StepId): Role {
  const s = entry.steps.find((x) => x.step === step);
  if (!s) throw new Error(`service ${entry.code} has no step ${step}`);
  return s.role;
}

/** The step an application is waiting for, or null when done. */
export function pendingStep(status: AppStatus | null): StepId | null {
  for (const s of STEP_ORDER) if (TRANSITIONS[s].from === status) return s;
  return null;
}

/** The step the office takes next on an application: none once done, or once the district withdrew it. */
export function nextStep(a: { status: AppStatus; queueState?: string }): StepId | null {
  return isWithdrawn(a) ? null : pendingStep(a.status);
}

export function canTakeStep(
  app: (Pick<Application, 'status' | 'executorId'> & Partial<Pick<Application, 'queueState'>>) | null,
  step: StepId,
  actor: Actor,
  entry: ServiceEntry,
): StepCheck {
  const from = app ? app.status : null;
  if (TRANSITIONS[step].from !== from) return { ok: false, reason: 'workflow.wrongState' };
  if (app && isWithdrawn(app)) return { ok: false, reason: 'workflow.wrongState' };
  const role = stepRole(entry, step);
  if (!actor.roles.includes(role)) return { ok: false, reason: 'workflow.wrongRole' };
  if (step === 'decision' && app?.executorId && app.executorId !== actor.id)
    return { ok: false, reason: 'workflow.notAssignedExecutor' };
  return { ok: true, role };
}

/** A step's record with its norm: started when the previous step ended (or the intake form opened). */
export function makeStepRecord(
  entry: ServiceEntry,
  step: StepId,
  actor: Actor,
  startedAt: string,
  at: string,
  opts: DueOptions = {},
  note?: string,
): StepRecord {
  const spec = entry.steps.find((x) => x.step === step);
  if (!spec) throw new Error(`service ${entry.code} has no step ${step}`);
  const normDueAt = computeDue(startedAt, spec.norm, opts).dueAt;
  // A norm in minutes is measured on the clock: an office that works through lunch is not late.
  const limit = spec.norm.unit === 'minutes' ? Date.parse(startedAt) + spec.norm.value * 60_000 : Date.parse(normDueAt);
  return {
    step,
    by: actor.id,
    byName: actor.fullName,
    role: spec.role,
    startedAt,
    at,
    normDueAt: spec.norm.unit === 'minutes' ? new Date(limit).toISOString() : normDueAt,
    late: Date.parse(at) > limit,
    ...(note ? { note } : {}),
  };
}

/** When the step now pending started: the end of the last step. */
export function lastStepEnd(app: Pick<Application, 'steps' | 'acceptedAt'>): string {
  return app.steps.length ? app.steps[app.steps.length - 1].at : app.acceptedAt;
}
