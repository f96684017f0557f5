/**
 * Automatic sync starts once per page, and only on an enrolled computer: at
 * boot when the enrolment is already stored, or right after enrolling.
 */
import { desk } from '../deskClient';
import { getEnrolment, startAutoSync, sync } from '../syncClient';

let started = false;

export async function ensureAutoSync(): Promise<boolean> {
  if (started) return true;
  const enr = await getEnrolment(desk.context);
  if (!enr || started) return !!enr;
  started = true;
  startAutoSync(desk.context, sync);
  return true;
}
