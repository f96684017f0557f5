/**
 * Protocols of technical problems (seed 003 Annex 11 §13-1): when the
 * information system cannot be reached for a long time the office records
 * what failed, since when, which applications could not be entered and when
 * it came back. Numbered in the office's own 'techProtocol' journal.
 */
import {
  TechProtocolSchema,
  localParts,
  newId,
  type FieldError,
  type Lang,
  type Role,
  type TechProtocol,
} from '../../shared';
import { DeskError, type PrintAction, type Session, type TechProtocolInput } from './api';
import type { DeskContext } from './context';
import { currentOffice } from './auth';
import { formatJournalNo, nextNumber } from './numbers';
import { appendOp, changedFields, seenVersion } from './outbox';

export const TECH_PROTOCOL_JOURNAL = 'techProtocol';

export type { TechProtocolInput };

const needRole = (s: Session, ...roles: Role[]) => {
  if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
};
const txt = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const isInstant = (s: string | undefined) => !!s && !Number.isNaN(Date.parse(s));

function normalize(input: TechProtocolInput, now: string) {
  const errors: FieldError[] = [];
  const req = (field: string, v: string) => {
    if (!v) errors.push({ field, code: 'required' });
  };
  const p = {
    system: txt(input.system),
    failure: input.failure?.trim() ?? '',
    since: input.since,
    detectedBy: txt(input.detectedBy),
    ...(txt(input.notifiedAt) ? { notifiedAt: input.notifiedAt } : {}),
    affected: (input.affected ?? []).map((s) => s.trim()).filter(Boolean),
    ...(input.measures?.trim() ? { measures: input.measures.trim() } : {}),
    ...(txt(input.restoredAt) ? { restoredAt: input.restoredAt } : {}),
    recordedBy: {
      name: txt(input.recordedBy?.name),
      ...(txt(input.recordedBy?.position) ? { position: txt(input.recordedBy?.position) } : {}),
    },
    ...(txt(input.signerName) ? { signerName: txt(input.signerName) } : {}),
  };
  req('system', p.system);
  req('failure', p.failure);
  req('detectedBy', p.detectedBy);
  req('recordedBy.name', p.recordedBy.name);
  if (!isInstant(p.since)) errors.push({ field: 'since', code: 'required' });
  else if (Date.parse(p.since) > Date.parse(now)) errors.push({ field: 'since', code: 'techProtocol.inFuture' });
  for (const f of ['notifiedAt', 'restoredAt'] as const) {
    const v = p[f];
    if (v && !isInstant(v)) errors.push({ field: f, code: 'required' });
    else if (v && isInstant(p.since) && Date.parse(v) < Date.parse(p.since))
      errors.push({ field: f, code: 'techProtocol.beforeFailure' });
  }
  if (errors.length) throw new DeskError('validation', errors);
  return p;
}

export async function listTechProtocols(ctx: DeskContext): Promise<TechProtocol[]> {
  return ctx.db.techProtocols.orderBy('drawnAt').reverse().toArray();
}

export async function saveTechProtocol(
  ctx: DeskContext,
  session: Session,
  input: TechProtocolInput & { id?: string },
): Promise<TechProtocol> {
  needRole(session, 'clerk', 'head');
  const office = await currentOffice(ctx);
  const now = ctx.now();
  const fields = normalize(input, now);
  const { db } = ctx;
  return db.transaction('rw', [db.techProtocols, db.counters, db.leases, db.meta, db.outbox], async () => {
    if (input.id) {
      const prev = await db.techProtocols.get(input.id);
      if (!prev) throw new DeskError('notFound');
      // A patch replaces what the form shows; optional fields left blank are removed.
      const { notifiedAt: _n, measures: _m, restoredAt: _r, signerName: _s, ...base } = prev;
      const next = TechProtocolSchema.parse({ ...base, ...fields, updatedAt: now });
      await db.techProtocols.put(next);
      await appendOp(ctx, {
        entity: 'techProtocol',
        entityId: next.id,
        kind: 'patch',
        fields: changedFields(prev, next),
        baseVersion: await seenVersion(ctx, 'techProtocol', next.id),
        staffId: session.staff.id,
      });
      return next;
    }
    const year = Number(localParts(now, office.utcOffsetMinutes).date.slice(0, 4));
    const seq = await nextNumber(ctx, office.id, TECH_PROTOCOL_JOURNAL, year);
    const p = TechProtocolSchema.parse({
      id: newId(),
      officeId: office.id,
      journalYear: year,
      journalSeq: seq,
      protocolNo: formatJournalNo(`${office.code}-ТП`, year, seq),
      drawnAt: now,
      ...fields,
      by: session.staff.id,
      byName: session.staff.fullName,
      prints: [],
      updatedAt: now,
    });
    await db.techProtocols.add(p);
    await appendOp(ctx, {
      entity: 'techProtocol',
      entityId: p.id,
      kind: 'create',
      fields: p,
      baseVersion: 0,
      staffId: session.staff.id,
    });
    return p;
  });
}

export async function logTechProtocolPrint(
  ctx: DeskContext,
  session: Session,
  id: string,
  lang: Lang,
  action: PrintAction,
): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.techProtocols, db.counters, db.meta, db.outbox], async () => {
    const prev = await db.techProtocols.get(id);
    if (!prev) throw new DeskError('notFound');
    const prints = [
      ...prev.prints,
      {
        form: 'technical-problem-protocol',
        lang,
        at: ctx.now(),
        by: session.staff.id,
        byName: session.staff.fullName,
        action,
        copies: 1,
      },
    ];
    await db.techProtocols.put({ ...prev, prints, updatedAt: ctx.now() });
    await appendOp(ctx, {
      entity: 'techProtocol',
      entityId: id,
      kind: 'patch',
      fields: { prints, updatedAt: ctx.now() },
      baseVersion: await seenVersion(ctx, 'techProtocol', id),
      staffId: session.staff.id,
    });
  });
}
