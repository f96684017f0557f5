/**
 * The update policy: check only when online, download in the background,
 * install only when the app closes or the user asks, and retry quietly.
 */
import { describe, expect, it } from 'vitest';
import { createConnectivity } from '../../electron/connectivity';
import { createUpdatePolicy } from '../../electron/updates';
import { FakeUpdater, ManualTimers, MemoryLog } from './electron-fakes';

const MIN = 60_000;

function setup(opts: { online?: boolean; enabled?: boolean } = {}) {
  const updater = new FakeUpdater();
  const timers = new ManualTimers();
  const log = new MemoryLog();
  const net = { online: opts.online ?? true };
  const ready: Array<{ version: string }> = [];
  const policy = createUpdatePolicy({
    updater,
    enabled: opts.enabled ?? true,
    isOnline: () => net.online,
    timers,
    onReady: (info) => ready.push(info),
    log,
  });
  return { updater, timers, log, net, ready, policy };
}

describe('configuration', () => {
  it('downloads in the background and installs on quit, never downgrades or takes prereleases', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.count('error')).toBe(1);
  });

  it('does nothing at all when disabled (development, not Windows)', async () => {
    const t = setup({ enabled: false });
    t.policy.start();
    t.policy.onlineChanged(true);
    await t.timers.advance(24 * 60 * MIN);
    expect(t.updater.checks).toBe(0);
    expect(t.updater.autoDownload).toBe(false);
    expect(t.policy.state).toBe('disabled');
  });
});

describe('when to check', () => {
  it('waits a minute after start-up, then checks once while online', async () => {
    const t = setup();
    t.policy.start();
    await t.timers.advance(59_000);
    expect(t.updater.checks).toBe(0);
    await t.timers.advance(2_000);
    expect(t.updater.checks).toBe(1);
    await t.timers.advance(60 * MIN);
    expect(t.updater.checks).toBe(1);
  });

  it('checks again every four hours', async () => {
    const t = setup();
    t.policy.start();
    await t.timers.advance(4 * 60 * MIN + 2 * MIN);
    expect(t.updater.checks).toBe(2);
  });

  it('never checks while offline', async () => {
    const t = setup({ online: false });
    t.policy.start();
    await t.timers.advance(24 * 60 * MIN);
    expect(t.updater.checks).toBe(0);
  });

  it('checks at once when the network comes back after a failed check', async () => {
    const t = setup();
    t.updater.next = 'fail';
    t.policy.start();
    await t.timers.advance(2 * MIN);
    expect(t.updater.checks).toBe(1);
    expect(t.log.has('warn', 'failed')).toBe(true);
    t.updater.next = 'none';
    t.net.online = false;
    await t.timers.advance(5 * MIN);
    t.net.online = true;
    t.policy.onlineChanged(true);
    await t.timers.advance(0);
    expect(t.updater.checks).toBe(2);
  });

  it('does not check on every flap of a bad link', async () => {
    const t = setup();
    t.updater.next = 'fail';
    t.policy.start();
    await t.timers.advance(2 * MIN);
    t.policy.onlineChanged(true);
    t.policy.onlineChanged(true);
    await t.timers.advance(0);
    expect(t.updater.checks).toBe(1);
  });

  it('does not check on coming online when a successful check is recent', async () => {
    const t = setup();
    t.policy.start();
    await t.timers.advance(2 * MIN);
    expect(t.updater.checks).toBe(1);
    await t.timers.advance(30 * MIN);
    t.policy.onlineChanged(true);
    await t.timers.advance(0);
    expect(t.updater.checks).toBe(1);
  });

  it('retries a failed check after half an hour even without a network change', async () => {
    const t = setup();
    t.updater.next = 'fail';
    t.policy.start();
    await t.timers.advance(2 * MIN);
    t.updater.next = 'none';
    await t.timers.advance(20 * MIN);
    expect(t.updater.checks).toBe(1);
    await t.timers.advance(20 * MIN);
    expect(t.updater.checks).toBe(2);
  });
});

describe('installing', () => {
  it('tells the renderer when the download is done and installs only on request', async () => {
    const t = setup();
    t.updater.next = 'update';
    t.policy.start();
    await t.timers.advance(2 * MIN);
    expect(t.policy.state).toBe('downloading');
    expect(t.updater.installs).toEqual([]);
    // No second check while downloading.
    await t.timers.advance(5 * 60 * MIN);
    expect(t.updater.checks).toBe(1);
    t.updater.emit('update-downloaded', { version: '9.9.9' });
    expect(t.ready).toEqual([{ version: '9.9.9' }]);
    expect(t.policy.ready).toEqual({ version: '9.9.9' });
    // Hours pass with the update ready: nothing restarts the app.
    await t.timers.advance(24 * 60 * MIN);
    expect(t.updater.installs).toEqual([]);
    expect(t.policy.restartToUpdate()).toBe(true);
    expect(t.updater.installs).toEqual([[true, true]]);
  });

  it('refuses to restart when no update is ready', () => {
    const t = setup();
    expect(t.policy.restartToUpdate()).toBe(false);
    expect(t.updater.installs).toEqual([]);
  });

  it('goes back to checking later when a download fails', async () => {
    const t = setup();
    t.updater.next = 'update';
    t.policy.start();
    await t.timers.advance(2 * MIN);
    t.updater.emit('error', new Error('connection reset'));
    expect(t.policy.state).toBe('idle');
    t.updater.next = 'none';
    await t.timers.advance(31 * MIN);
    expect(t.updater.checks).toBe(2);
  });
});

describe('connectivity', () => {
  it('polls the OS and reports only changes', async () => {
    const timers = new ManualTimers();
    let up = true;
    const c = createConnectivity(() => up, timers, 1000);
    const seen: boolean[] = [];
    c.subscribe((o) => seen.push(o));
    c.start();
    await timers.advance(3000);
    up = false;
    await timers.advance(3000);
    up = true;
    await timers.advance(1000);
    expect(seen).toEqual([false, true]);
    expect(c.online).toBe(true);
    c.stop();
    expect(timers.pending).toBe(0);
  });

  it('treats a failing probe as offline', () => {
    const c = createConnectivity(() => {
      throw new Error('x');
    }, new ManualTimers());
    expect(c.online).toBe(false);
  });
});
