/**
 * Online/offline as the OS sees it (net.isOnline: a network interface is up),
 * polled because the main process gets no event for it. The renderer hears
 * about changes through the preload, and the update policy checks on the way
 * back online. "Online" only means a network is there; whether the district
 * server answers is found out by trying.
 */
import type { Timers } from './ports';

export function createConnectivity(
  isOnline: () => boolean,
  timers: Pick<Timers, 'setInterval' | 'clearInterval'>,
  intervalMs = 15_000,
) {
  let current = safe(isOnline);
  let handle: unknown = null;
  const listeners = new Set<(online: boolean) => void>();

  function safe(fn: () => boolean): boolean {
    try {
      return fn();
    } catch {
      return false;
    }
  }

  function poll(): void {
    const now = safe(isOnline);
    if (now === current) return;
    current = now;
    for (const l of listeners) l(now);
  }

  return {
    get online() {
      return current;
    },
    subscribe(listener: (online: boolean) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    poll,
    start(): void {
      if (handle === null) handle = timers.setInterval(poll, intervalMs);
    },
    stop(): void {
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
    },
  };
}

export type Connectivity = ReturnType<typeof createConnectivity>;
