/** The desk's data layer for the UI: one shared instance over the browser's IndexedDB. */
import { platform } from '../platform';
import { createDesk } from './desk';
import type { OsKeyStore } from './vault';

/**
 * Only an OS-protected store may hold a copy of the data key: the browser
 * fallback (localStorage) would put it in plain text beside the data.
 */
const osKeyStore: OsKeyStore | undefined =
  platform.keyStore.kind === 'os'
    ? {
        get: async (name) => ((await platform.keyStore.available()) ? platform.keyStore.get(name) : null),
        set: async (name, value) => {
          if (await platform.keyStore.available()) await platform.keyStore.set(name, value);
        },
      }
    : undefined;

export const desk = createDesk({
  sessionStore: typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
  osKeyStore,
  // Nothing lost on the laptop: automatic backups where the platform keeps them, free space and persistence from it and the browser.
  backupFiles: platform.backupFiles,
  storage: {
    diskSpace: () => platform.diskSpace(),
    manager: typeof navigator === 'undefined' ? undefined : navigator.storage,
  },
});
export * from './api';
