import { makeIin, localParts, shiftIsoDate, type IntakeInput, type Lang, type Role } from '../../shared';
import type { DeskContext } from './context';
import type { DemoProgress, Session } from './api';
import { setup, currentOffice } from './auth';
import { DEMO_CHILDREN, DEMO_PARENTS, DEMO_PASSWORD, DEMO_STREETS, DEMO_WORK, demoSetup } from './demo-data';
import * as apps from './applications';

/**
 * Builds the demo office, then walks ~40 applications through the workflow
 * over the past weeks. Seconds on two cores (a key derivation per account, a
 * dozen writes per application): `onProgress` tells the person waiting what
 * is being done and how far it got.
 */
export async function setupDemo(
  ctx: DeskContext,
  lang: Lang,
  count = 40,
  onProgress: (p: DemoProgress) => void = () => {},
): Promise<Array<{ login: string; password: string; roles: Role[] }>> {
  const input = demoSetup(lang);
  const accounts = input.staff.length;
  // setup() makes every account in one call (auth.ts): the step is reported before and after it.
  onProgress({ phase: 'accounts', done: 0, total: accounts });
  await setup(ctx, input);
  onProgress({ phase: 'accounts', done: accounts, total: accounts });
  const office = await currentOffice(ctx);
  const staff = await ctx.db.staff.toArray();
  const as = (login: string): Session => {
    const s = staff.find((x) => x.login === login);
    if (!s) throw new Error(`the demo office has no staff member "${login}"`);
    return { staff: { id: s.id, fullName: s.fullName, roles: s.roles, login: s.login }, office };
  };
  const clerk = as('clerk'),
    head = as('head'),
    executor = as('executor');
  const kgs = await ctx.db.kindergartens.toArray();
  const realNow = ctx.now();
  const today = localParts(realNow, office.utcOffsetMinutes).date;
  let clock = realNow;
  const demoCtx: DeskContext = { ...ctx, now: () => clock };
  const at = (daysAgo: number, minute: number) =>
    new Date(Date.parse(`${shiftIsoDate(today, -daysAgo)}T04:00:00Z`) + minute * 60_000).toISOString();

  for (let i = 0; i < count; i++) {
    onProgress({ phase: 'applications', done: i, total: count });
    const p = DEMO_PARENTS[i % DEMO_PARENTS.length];
    const [childName, sex] = DEMO_CHILDREN[i % DEMO_CHILDREN.length];
    const mother = i % 3 !== 0;
    const childAge = 1 + (i % 5);
    const birth = shiftIsoDate(today, -(childAge * 365 + 20 + i * 7));
    let iin: string | null = null;
    for (let s = 1000 + i * 13; !iin; s++) iin = makeIin(birth, sex, s);
    const parentBirth = shiftIsoDate(birth, -(26 * 365 + i * 40));
    let piin: string | null = null;
    for (let s = 2000 + i * 17; !piin; s++) piin = makeIin(parentBirth, mother ? 'female' : 'male', s);
    const priority = i % 6 === 0 ? 'largeFamily' : i % 11 === 0 ? 'disabledParent' : null;
    const childLast = sex === 'female' ? p[3] : p[0];
    const input: IntakeInput = {
      serviceCode: 'preschool-queue',
      lang: i % 4 === 3 ? 'ru' : 'kk',
      applicant: {
        kind: 'parent',
        iin: piin,
        lastName: mother ? p[3] : p[0],
        firstName: mother ? p[4] : p[1],
        middleName: mother ? undefined : p[2],
        phone: `+7 70${i % 10} ${String(100 + i).padStart(3, '0')} ${String(10 + (i % 90)).padStart(2, '0')} ${String(20 + (i % 70)).padStart(2, '0')}`,
        address: `Қарасу ауылы, ${DEMO_STREETS[i % DEMO_STREETS.length]}, ${3 + i}`,
      },
      child: { iin, lastName: childLast, firstName: childName, middleName: patronymic(p[1], sex, p[2]) },
      priority,
      ...(priority
        ? {
            priorityDoc:
              priority === 'largeFamily'
                ? `Көп балалы отбасы куәлігі № ${4000 + i}`
                : `Мүгедектік туралы анықтама № ${700 + i}`,
          }
        : {}),
      kindergartenIds: [kgs[i % kgs.length].id, kgs[(i + 1) % kgs.length].id],
      workplaces: { mother: DEMO_WORK[i % DEMO_WORK.length], father: DEMO_WORK[(i + 2) % DEMO_WORK.length] },
      consent: true,
      documents: [
        'application',
        'applicantId',
        'birthCertificate',
        'addressCertificate',
        ...(priority ? ['priorityProof'] : []),
      ],
    };
    const daysAgo = Math.max(0, 40 - i);
    clock = at(daysAgo, (i * 37) % 400);
    const started = new Date(Date.parse(clock) - (3 + (i % 5)) * 60_000).toISOString();
    const app = await apps.register(demoCtx, clerk, input, { startedAt: started });
    // Older applications went further through the workflow; the newest wait at each step.
    const stage = i >= count - 4 ? count - 1 - i : i === count - 10 ? 1 : i === count - 7 ? 2 : 5;
    const tick = (min: number) => {
      clock = new Date(Date.parse(clock) + min * 60_000).toISOString();
    };
    if (stage >= 1) {
      tick(4 + (i % 4));
      await apps.resolve(demoCtx, head, app.id, executor.staff.id);
    }
    if (stage >= 2) {
      tick(6 + (i % 9));
      const sugg = apps.suggestFor(
        app,
        kgs,
        localParts(clock, office.utcOffsetMinutes).date,
        await apps.queue(demoCtx),
      );
      const d =
        i % 13 === 7
          ? {
              kind: 'refusal' as const,
              groundCode: 'informatisationLaw40',
              reason: 'Өтініш берушінің деректері жеке тұлғалар мемлекеттік деректер қорында расталмады',
            }
          : sugg;
      await apps.decide(demoCtx, executor, app.id, d);
      // Refresh reference data: places change as referrals are made.
      kgs.splice(0, kgs.length, ...(await ctx.db.kindergartens.toArray()));
    }
    if (stage >= 3) {
      tick(3 + (i % 4));
      await apps.sign(demoCtx, head, app.id);
    }
    if (stage >= 4) {
      tick(2 + (i % 5));
      const done = await apps.issue(demoCtx, clerk, app.id);
      // Most old referrals were taken to the kindergarten; one in five lapses and returns to the queue.
      if (done.decision?.kind === 'referral' && daysAgo > 6 && i % 5 !== 0) {
        tick(60 * 24);
        await apps.markEnrolled(demoCtx, clerk, app.id);
      }
    }
  }
  onProgress({ phase: 'referrals', done: count, total: count });
  clock = realNow;
  await apps.expireReferrals(demoCtx, clerk.staff.id);
  onProgress({ phase: 'done', done: count, total: count });
  return input.staff.map((s) => ({ login: s.login, password: DEMO_PASSWORD, roles: s.roles }));
}

/** Kazakh families name the child "<father>ұлы/қызы"; Russian and Korean ones "<father>ович/овна". */
function patronymic(father: string, sex: 'male' | 'female', fathersOwn: string): string {
  if (/(ович|евич|ич)$/.test(fathersOwn)) return father + (sex === 'female' ? 'овна' : 'ович');
  return father + (sex === 'female' ? 'қызы' : 'ұлы');
}
