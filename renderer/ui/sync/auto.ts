/**
 * Automatic sync starts once per page, and only on an enrolled computer: at
 * boot when the enrolment is already stored, or right after enrolling.
 */
import { sync } from '../syncClient';

let started = false;

export async function ensureAutoSync(): Promise<boolean> {
  if (started) return true;
  const enr = await sync.enrolment();
  if (!enr || started) return !!enr;
  started = true;
  sync.startAuto();
  return true;
}
