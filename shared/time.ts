/**
 * Office-local time without relying on the machine's time zone: village laptops
 * often have a wrong zone as well as a wrong clock. Instants are ISO-8601 UTC
 * strings; local parts are computed with the office's fixed UTC offset
 * (Kazakhstan is on UTC+5 since 2024-03-01).
 */
export const KZ_UTC_OFFSET_MINUTES = 300;

export type LocalParts = { date: string; time: string; minutes: number };

export function localParts(instant: string | number | Date, offsetMinutes = KZ_UTC_OFFSET_MINUTES): LocalParts {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  const iso = new Date(ms + offsetMinutes * 60_000).toISOString();
  const time = iso.slice(11, 16);
  return { date: iso.slice(0, 10), time, minutes: hm(time) };
}

/** The instant of a local date and time (HH:mm) at the given offset. */
export function fromLocal(date: string, time: string, offsetMinutes = KZ_UTC_OFFSET_MINUTES): string {
  const ms = Date.parse(`${date}T${time}:00.000Z`) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) throw new RangeError(`not a local date-time: ${date} ${time}`);
  return new Date(ms).toISOString();
}

export const hm = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
export const fromMinutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageInYears(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}
