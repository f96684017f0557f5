/**
 * When to sync without being asked: as soon as a link appears, a few seconds
 * after local work (so a registration reaches the district while the link
 * lasts), and on a slow timer otherwise. Only when enrolled and online.
 */
import type { SyncEngine } from './engine';
import type { DeskContext } from '../services/context';

export type AutoSyncOptions = { idleMs?: number; afterWriteMs?: number };

export function startAutoSync(ctx: DeskContext, engine: SyncEngine, opts: AutoSyncOptions = {}): () => void {
  const idleMs = opts.idleMs ?? 60_000;
  const afterWriteMs = opts.afterWriteMs ?? 5_000;
  const online = () => typeof navigator === 'undefined' || navigator.onLine;
  let soon: ReturnType<typeof setTimeout> | undefined;
  const kick = () => {
    if (online()) void engine.syncNow();
    else void engine.refreshCounts();
  };
  const kickSoon = () => {
    clearTimeout(soon);
    soon = setTimeout(kick, afterWriteMs);
  };
  const timer = setInterval(kick, idleMs);
  // The pending count follows local work at once; the sync itself waits a few seconds for more.
  let counts: ReturnType<typeof setTimeout> | undefined;
  const onCreate = () => {
    kickSoon();
    clearTimeout(counts);
    counts = setTimeout(() => void engine.refreshCounts(), 200);
  };
  ctx.db.outbox.hook('creating', onCreate);
  const onOnline = () => kick();
  const onOffline = () => void engine.refreshCounts();
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }
  void engine.refreshCounts().then(kick);
  return () => {
    clearInterval(timer);
    clearTimeout(soon);
    clearTimeout(counts);
    ctx.db.outbox.hook('creating').unsubscribe(onCreate);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    }
  };
}
