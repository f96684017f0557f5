// Issue #16 item 2, the data layer: a colleague takes a shared laptop over with their own PIN,
// after a reload too (the PIN opens their copy of the data key); five wrong PINs in a row and only
// the password lets them in. The browser proof is tests/e2e/hand-over.spec.ts.
import '../helpers/browser-globals';
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { fromLocal } from '../../shared';
import { TEST_OFFICE_SETUP } from '../helpers/testOffice';

type Desk = DeskApi & { context: DeskContext };
let dbn = 0;
const clock = fromLocal('2026-03-20', '10:00');
const open = (name: string): Desk => createDesk({ db: new DeskDb(name), now: () => clock });

const SETUP = TEST_OFFICE_SETUP;

describe('switching with a PIN', () => {
  it('lists only people with a PIN here, opens the desk with theirs after a reload, and falls back to the password', async () => {
    const name = `pin-${++dbn}`;
    const first = open(name);
    await first.setup(SETUP);
    await first.signIn('clerk', 'secret123');
    expect(await first.hasPin()).toBe(false);
    await first.setPin('2580');
    expect(await first.hasPin()).toBe(true);
    first.signOut();

    const desk = open(name);
    const people = await desk.pinPeople();
    expect(people.map((p) => p.fullName)).toEqual(['Кеңсе Әйгерім']);
    const clerkId = people[0].id;
    const head = (await desk.context.db.staff.where('login').equals('head').first())!;
    // No PIN of theirs here: the password.
    await expect(desk.signInWithPin(head.id, '2580')).rejects.toMatchObject({ code: 'pin.usePassword' });
    const s = await desk.signInWithPin(clerkId, '2580');
    expect(s.staff.login).toBe('clerk');
    expect(desk.context.vault.unlocked).toBe(true);
    desk.signOut();

    for (let i = 1; i < 5; i++)
      await expect(desk.signInWithPin(clerkId, '0000')).rejects.toMatchObject({ code: 'auth.badCredentials' });
    await expect(desk.signInWithPin(clerkId, '0000')).rejects.toMatchObject({ code: 'pin.usePassword' });
    // Locked out of the PIN, the right one included, until the password is used.
    await expect(desk.signInWithPin(clerkId, '2580')).rejects.toMatchObject({ code: 'pin.usePassword' });
    expect(await desk.pinPeople()).toEqual([]);
    await desk.signIn('clerk', 'secret123');
    desk.signOut();
    expect((await desk.signInWithPin(clerkId, '2580')).staff.login).toBe('clerk');
  });
});
