/**
 * Idle lock: after the office's idle time without input the screen locks and
 * the data keys leave memory. A colleague walking past an unattended laptop in
 * a village office must not see children's records.
 *
 * For tests and demonstrations the idle time can be shortened, in seconds:
 *   ?idleLockSeconds=5 in the address (before the #), or
 *   localStorage['akimat-desk.idleLockSeconds'] = '5'.
 * The address wins over localStorage; otherwise office.idleLockMinutes applies.
 */
import { useEffect, useEffectEvent } from 'react';

export const IDLE_OVERRIDE_PARAM = 'idleLockSeconds';
export const IDLE_OVERRIDE_KEY = 'akimat-desk.idleLockSeconds';
export const DEFAULT_IDLE_MINUTES = 15;
export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 240;

/** Input that counts as "someone is at the desk". Scrolling with the wheel or a touchpad counts too. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel'] as const;

function positiveSeconds(raw: string | null | undefined): number | null {
  if (raw == null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : null;
}

/** The test override, if any: query parameter first, then localStorage. */
export function idleOverrideSeconds(): number | null {
  let fromQuery: string | null = null;
  try {
    fromQuery = new URLSearchParams(location.search).get(IDLE_OVERRIDE_PARAM);
  } catch {
    /* no location (tests) */
  }
  const q = positiveSeconds(fromQuery);
  if (q) return q;
  try {
    return positiveSeconds(localStorage.getItem(IDLE_OVERRIDE_KEY));
  } catch {
    // Storage can be unavailable (privacy settings): the office setting applies.
    return null;
  }
}

/** Milliseconds of inactivity before the lock. */
export function idleLockMs(officeMinutes: number | undefined): number {
  const override = idleOverrideSeconds();
  if (override) return override * 1000;
  const m = typeof officeMinutes === 'number' && Number.isFinite(officeMinutes) ? officeMinutes : DEFAULT_IDLE_MINUTES;
  return Math.min(IDLE_MINUTES_MAX, Math.max(IDLE_MINUTES_MIN, Math.round(m))) * 60_000;
}

/**
 * Calls `onIdle` once after `ms` without input. Activity only stamps a time
 * (cheap for pointermove); the timer re-arms itself for whatever is left, and
 * a page coming back into view (a laptop waking up) is checked at once, since
 * timers do not run while the machine sleeps.
 */
export function useIdleLock(ms: number, onIdle: () => void): void {
  // The latest onIdle, without re-arming the timer when the caller passes a new function.
  const idle = useEffectEvent(onIdle);
  useEffect(() => {
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let fired = false;
    const check = () => {
      if (fired) return;
      const left = ms - (Date.now() - last);
      if (left <= 0) {
        fired = true;
        idle();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(check, left);
    };
    const bump = () => {
      last = Date.now();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, bump, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    timer = setTimeout(check, ms);
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, bump, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms]);
}
