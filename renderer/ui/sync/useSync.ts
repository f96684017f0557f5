/** React views of the sync engine: its live state, the stored enrolment, a ticking clock. */
import { useEffect, useState } from 'react';
import { sync, type EnrolmentInfo, type SyncState } from '../syncClient';

let recounting = false;

/** Local work adds to the outbox without telling the engine; a screen change is a cheap moment to recount (once, however many views listen). */
function recountOnNavigation() {
  if (recounting) return;
  recounting = true;
  const on = () => void sync.refreshCounts().catch(() => undefined);
  on();
  window.addEventListener('hashchange', on);
}

export function useSyncState(): SyncState {
  const [state, setState] = useState<SyncState>(sync.state);
  useEffect(() => {
    recountOnNavigation();
    return sync.subscribe(setState);
  }, []);
  return state;
}

/** The stored enrolment; `null` on a standalone computer, `undefined` while loading. Re-read when the status changes. */
export function useEnrolment(status?: string): EnrolmentInfo | null | undefined {
  const [enr, setEnr] = useState<EnrolmentInfo | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    sync.enrolment().then(
      (e) => {
        if (live) setEnr(e ?? null);
      },
      () => {
        if (live) setEnr(null);
      },
    );
    return () => {
      live = false;
    };
  }, [status]);
  return enr;
}

/** The current time, re-rendered every `ms` so "synced 3 minutes ago" stays true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
