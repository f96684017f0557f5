/**
 * Batch files opened with the app (double-click on a .akimatbatch in Windows,
 * handed over by the Electron shell): queued here and taken by the import tab,
 * which imports them once the district person has signed in.
 */
import { platform, type OpenedBatchFile } from '../../platform';

const pending: OpenedBatchFile[] = [];
const listeners = new Set<() => void>();

platform.onBatchFile((file) => {
  pending.push(file);
  for (const l of listeners) l();
  if (typeof location !== 'undefined') location.hash = '#/district/import';
});

/** Every file waiting to be imported, taken off the queue. */
export const drainOpenedFiles = (): OpenedBatchFile[] => pending.splice(0);

/** Called when a file arrives while the import tab is open; returns the unsubscribe. */
export function onOpenedFile(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
