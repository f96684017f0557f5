// Building the demo office reports what it is doing and how far, through the desk API (issue #16 item 8).
import '../helpers/browser-globals';
import { expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DemoProgress } from '../../renderer/services/api';
import { fromLocal } from '../../shared';

it('the demo office reports accounts, each application, then done', async () => {
  const demo = createDesk({ db: new DeskDb('demo-progress'), now: () => fromLocal('2026-11-20', '11:00') });
  const seen: DemoProgress[] = [];
  const logins = await demo.setupDemo('kk', (p) => seen.push({ ...p }));

  expect(seen[0]).toEqual({ phase: 'accounts', done: 0, total: logins.length });
  expect(seen).toContainEqual({ phase: 'accounts', done: logins.length, total: logins.length });
  const apps = seen.filter((p) => p.phase === 'applications');
  // One report per application, counting up: "applications 17/40".
  expect(apps.map((p) => p.done)).toEqual([...Array(40).keys()]);
  expect(apps.every((p) => p.total === 40)).toBe(true);
  expect(seen.at(-2)).toEqual({ phase: 'referrals', done: 40, total: 40 });
  expect(seen.at(-1)).toEqual({ phase: 'done', done: 40, total: 40 });
  // Phases never go back.
  const order = ['accounts', 'applications', 'referrals', 'done'];
  const idx = seen.map((p) => order.indexOf(p.phase));
  expect(idx).toEqual([...idx].sort((a, b) => a - b));
}, 180_000);
