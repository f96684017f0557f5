/**
 * When the app looks for updates and what it does with one (electron-updater,
 * generic provider: the district server serves latest.yml, the installer and
 * its blockmap; see server/routes/updates.ts).
 *
 * - It checks only when the OS reports a network: at start (after a pause,
 *   so start-up stays fast), on the way back online, and every few hours.
 * - A found update downloads in the background; only the changed blocks when
 *   the blockmaps allow it, which matters on 2G links.
 * - It is installed when the app closes, or when the user chooses "restart
 *   now". The app never restarts by itself: an official form half filled in
 *   must not vanish.
 * - Failures (no server, a dropped link) are logged and retried later; staff
 *   never see an updater error.
 */
import type { UpdateReady } from './channels';
import type { Log, Timers, UpdaterPort } from './ports';

export type UpdatePolicyOptions = {
  updater: UpdaterPort;
  /** Off in development and outside Windows: electron-updater has nothing to update there. */
  enabled: boolean;
  isOnline: () => boolean;
  timers: Timers;
  onReady: (info: UpdateReady) => void;
  log?: Log;
  startupDelayMs?: number;
  checkEveryMs?: number;
  retryAfterFailureMs?: number;
  /** A link that flaps on and off must not start a check each time. */
  minGapMs?: number;
  tickMs?: number;
};

export type UpdateState = 'disabled' | 'idle' | 'checking' | 'downloading' | 'ready';

export function createUpdatePolicy(o: UpdatePolicyOptions) {
  const startupDelayMs = o.startupDelayMs ?? 60_000;
  const checkEveryMs = o.checkEveryMs ?? 4 * 60 * 60_000;
  const retryAfterFailureMs = o.retryAfterFailureMs ?? 30 * 60_000;
  const minGapMs = o.minGapMs ?? 2 * 60_000;
  const tickMs = o.tickMs ?? 10 * 60_000;
  const { updater, timers, log } = o;

  let state: UpdateState = o.enabled ? 'idle' : 'disabled';
  let ready: UpdateReady | null = null;
  let lastAttempt: number | null = null;
  let lastFailed = false;
  let nextCheckAt = 0;
  let tickHandle: unknown = null;

  if (o.enabled) {
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    // After "restart now" the app comes back; after a normal close it stays closed.
    updater.autoRunAppAfterInstall = true;
    updater.allowDowngrade = false;
    updater.allowPrerelease = false;
    updater.logger = log
      ? {
          info: (m) => log.info(`updater: ${String(m)}`),
          warn: (m) => log.warn(`updater: ${String(m)}`),
          error: (m) => log.error(`updater: ${String(m)}`),
        }
      : null;
    updater.on('update-available', (info) => {
      state = 'downloading';
      log?.info('update found, downloading in the background', { version: info.version });
    });
    updater.on('update-not-available', () => {
      if (state === 'checking') state = 'idle';
    });
    updater.on('update-downloaded', (info) => {
      state = 'ready';
      ready = { version: info.version };
      log?.info('update downloaded; it installs when the app closes', { version: info.version });
      o.onReady(ready);
    });
    updater.on('error', (error) => {
      if (state === 'checking' || state === 'downloading') state = 'idle';
      lastFailed = true;
      nextCheckAt = timers.now() + retryAfterFailureMs;
      log?.warn('update check or download failed', { error: error?.message ?? String(error) });
    });
  }

  async function check(reason: string): Promise<void> {
    if (state !== 'idle') return;
    state = 'checking';
    lastAttempt = timers.now();
    log?.info('checking for updates', { reason });
    try {
      const result = (await updater.checkForUpdates()) as { downloadPromise?: Promise<unknown> | null } | null;
      // Download failures also arrive as the 'error' event; this only keeps the promise from going unhandled.
      result?.downloadPromise?.catch(() => undefined);
      lastFailed = false;
      nextCheckAt = timers.now() + checkEveryMs;
      if (state === 'checking') state = 'idle';
    } catch (e) {
      if (state === 'checking') state = 'idle';
      lastFailed = true;
      nextCheckAt = timers.now() + retryAfterFailureMs;
      log?.warn('update check failed', { error: String(e) });
    }
  }

  function due(): boolean {
    return state === 'idle' && timers.now() >= nextCheckAt;
  }

  return {
    get state(): UpdateState {
      return state;
    },
    get ready(): UpdateReady | null {
      return ready;
    },
    start(): void {
      if (state === 'disabled' || tickHandle !== null) return;
      nextCheckAt = timers.now() + startupDelayMs;
      tickHandle = timers.setInterval(
        () => {
          if (o.isOnline() && due()) void check('scheduled');
        },
        Math.min(tickMs, startupDelayMs),
      );
    },
    stop(): void {
      if (tickHandle !== null) timers.clearInterval(tickHandle);
      tickHandle = null;
    },
    /** Back online: check at once if the last try failed (most likely for want of a network) or a check is due. */
    onlineChanged(online: boolean): void {
      if (!online || state !== 'idle' || tickHandle === null) return;
      const now = timers.now();
      const sinceLast = lastAttempt === null ? Infinity : now - lastAttempt;
      if (sinceLast < minGapMs) return;
      if (lastFailed || lastAttempt === null || now >= nextCheckAt) void check('back online');
    },
    /** Only on the user's request, and only with an update downloaded. */
    restartToUpdate(): boolean {
      if (state !== 'ready') return false;
      log?.info('restarting to install the update', { version: ready?.version });
      updater.quitAndInstall(true, true);
      return true;
    },
    /** For tests and the shell's wiring: run the check now, as the timer would. */
    checkNow: check,
  };
}

export type UpdatePolicy = ReturnType<typeof createUpdatePolicy>;
