/** Office profile and kindergartens: reference data the office edits until the district owns it. */
import { KindergartenSchema, OfficeSchema, RECORD_KINDS, newId, type Kindergarten, type Office } from '../../shared';
import { DeskError } from './api';
import type { DeskContext } from './context';
import { appendOp, changedFields, seenVersion } from './outbox';
import { currentOffice } from './auth';
import { isEnrolled } from './numbers';

const zodFields = (prefix: string, issues: Array<{ path: PropertyKey[]; code: string }>) =>
  issues.map((i) => ({
    field: `${prefix}.${i.path.map(String).join('.')}`,
    code: i.code === 'too_small' ? 'required' : 'invalid',
  }));

export async function updateOffice(ctx: DeskContext, staffId: string, patch: Partial<Office>): Promise<Office> {
  const prev = await currentOffice(ctx);
  const parsed = OfficeSchema.safeParse({ ...prev, ...patch, id: prev.id, createdAt: prev.createdAt });
  if (!parsed.success) throw new DeskError('validation', zodFields('office', parsed.error.issues));
  const next = parsed.data;
  // Once enrolled, what the office is, where and its code are the district's (the server refuses them too).
  if (await isEnrolled(ctx)) {
    const owned = Object.keys(changedFields(prev, next)).filter((f) => RECORD_KINDS.office.districtOnly.has(f));
    if (owned.length)
      throw new DeskError(
        'validation',
        owned.map((f) => ({ field: `office.${f}`, code: 'office.districtOwned' })),
      );
  }
  const { db } = ctx;
  await db.transaction('rw', [db.offices, db.counters, db.meta, db.outbox], async () => {
    await db.offices.put(next);
    await appendOp(ctx, {
      entity: 'office',
      entityId: next.id,
      kind: 'patch',
      fields: changedFields(prev, next),
      baseVersion: await seenVersion(ctx, 'office', next.id),
      staffId,
    });
  });
  return next;
}

export async function saveKindergarten(
  ctx: DeskContext,
  staffId: string,
  input: Omit<Kindergarten, 'id' | 'updatedAt'> & { id?: string },
): Promise<Kindergarten> {
  // Kindergartens are the district's reference data once the office is enrolled: places move by referral only.
  if (await isEnrolled(ctx)) throw new DeskError('kindergarten.districtOwned');
  const parsed = KindergartenSchema.safeParse({ ...input, id: input.id ?? newId(), updatedAt: ctx.now() });
  if (!parsed.success) throw new DeskError('validation', zodFields('kindergarten', parsed.error.issues));
  const kg = parsed.data;
  for (const g of kg.ageGroups)
    if (g.minAge > g.maxAge)
      throw new DeskError('validation', [{ field: `kindergarten.ageGroups.${g.id}`, code: 'ageGroup.range' }]);
  const { db } = ctx;
  await db.transaction('rw', [db.kindergartens, db.counters, db.meta, db.outbox], async () => {
    const prev = input.id ? await db.kindergartens.get(input.id) : undefined;
    await db.kindergartens.put(kg);
    await appendOp(ctx, {
      entity: 'kindergarten',
      entityId: kg.id,
      kind: prev ? 'patch' : 'create',
      fields: prev ? changedFields(prev, kg) : kg,
      baseVersion: prev ? await seenVersion(ctx, 'kindergarten', kg.id) : 0,
      staffId,
    });
  });
  return kg;
}
