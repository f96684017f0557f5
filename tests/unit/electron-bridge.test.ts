/**
 * The preload API: each member calls its one channel, the renderer never
 * gets ipcRenderer or IPC events, and the bundled preload.cjs (what the
 * sandbox really runs) requires nothing but 'electron'. The bundled main.js
 * must do nothing outside Electron.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShellApi, type IpcRendererPort } from '../../electron/bridge';
import { CHANNELS, EVENTS, type ShellApi } from '../../electron/channels';

type Listener = (event: unknown, ...args: any[]) => void;

class FakeIpcRenderer implements IpcRendererPort {
  invoked: Array<[string, unknown[]]> = [];
  listeners = new Map<string, Listener[]>();
  answers = new Map<string, unknown[]>();
  async invoke(channel: string, ...args: unknown[]): Promise<any> {
    this.invoked.push([channel, args]);
    const queue = this.answers.get(channel);
    return queue && queue.length ? queue.shift() : null;
  }
  on(channel: string, l: Listener) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), l]);
  }
  removeListener(channel: string, l: Listener) {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((x) => x !== l),
    );
  }
  emit(channel: string, ...args: unknown[]) {
    const event = { sender: 'IPC-EVENT-WITH-SENDER' };
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);

describe('buildShellApi', () => {
  it('exposes a frozen object of functions, without ipcRenderer or channel names', () => {
    const api = buildShellApi(new FakeIpcRenderer());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.keyStore)).toBe(true);
    expect(Object.isFrozen(api.certificates)).toBe(true);
    expect(Object.isFrozen(api.backups)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(
      [
        'apiVersion',
        'appVersion',
        'backups',
        'certificates',
        'diskSpace',
        'isOnline',
        'keyStore',
        'kind',
        'onBatchFile',
        'onOnlineChange',
        'onUpdateReady',
        'openSavedFolder',
        'printPdf',
        'restartToUpdate',
        'savePdf',
      ].sort(),
    );
    for (const v of Object.values(api)) expect(['function', 'string', 'number', 'object']).toContain(typeof v);
    expect(JSON.stringify(api)).not.toMatch(/invoke|ipcRenderer|akimat:/);
  });

  it('calls one fixed channel per member, with normalized arguments', async () => {
    const ipc = new FakeIpcRenderer();
    const api = buildShellApi(ipc);
    await api.appVersion();
    await api.printPdf(PDF, { silent: true });
    await api.printPdf(PDF, { silent: 'yes' as unknown as boolean });
    await api.savePdf(PDF, 'Өтініш.pdf');
    await api.openSavedFolder();
    await api.isOnline();
    await api.keyStore.available();
    await api.keyStore.get('k');
    await api.keyStore.set('k', null);
    await api.restartToUpdate();
    await api.certificates.probe('https://10.0.0.5:8787');
    await api.certificates.pin('https://10.0.0.5:8787', 'ab'.repeat(32));
    await api.certificates.lastFailure('https://10.0.0.5:8787');
    await api.diskSpace();
    await api.backups.list();
    await api.backups.read('akimat-auto-daily-20260320t050000z.akimatbackup');
    await api.backups.write('akimat-auto-daily-20260320t050000z.akimatbackup', PDF);
    await api.backups.remove('akimat-auto-daily-20260320t050000z.akimatbackup');
    expect(ipc.invoked).toEqual([
      [CHANNELS.appVersion, []],
      [CHANNELS.printPdf, [PDF, { silent: true }]],
      [CHANNELS.printPdf, [PDF, { silent: false }]],
      [CHANNELS.savePdf, [PDF, 'Өтініш.pdf']],
      [CHANNELS.openSavedFolder, []],
      [CHANNELS.onlineState, []],
      [CHANNELS.keyAvailable, []],
      [CHANNELS.keyGet, ['k']],
      [CHANNELS.keySet, ['k', null]],
      [CHANNELS.updateRestart, []],
      [CHANNELS.certProbe, ['https://10.0.0.5:8787']],
      [CHANNELS.certPin, ['https://10.0.0.5:8787', 'ab'.repeat(32)]],
      [CHANNELS.certFailure, ['https://10.0.0.5:8787']],
      [CHANNELS.diskSpace, []],
      [CHANNELS.backupList, []],
      [CHANNELS.backupRead, ['akimat-auto-daily-20260320t050000z.akimatbackup']],
      [CHANNELS.backupWrite, ['akimat-auto-daily-20260320t050000z.akimatbackup', PDF]],
      [CHANNELS.backupRemove, ['akimat-auto-daily-20260320t050000z.akimatbackup']],
    ]);
  });

  it('hands listeners plain values, never the IPC event, and unsubscribes', () => {
    const ipc = new FakeIpcRenderer();
    const api = buildShellApi(ipc);
    const seen: unknown[][] = [];
    const off = api.onOnlineChange((...args) => seen.push(args));
    ipc.emit(EVENTS.online, false);
    ipc.emit(EVENTS.online, true);
    off();
    ipc.emit(EVENTS.online, false);
    expect(seen).toEqual([[false], [true]]);
    expect(ipc.listeners.get(EVENTS.online)).toEqual([]);
  });

  it('takes batch files waiting from before the page listened, then each newly announced one', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answers.set(CHANNELS.batchTake, [
      [{ name: 'a.akimatbatch', text: 'A' }],
      [{ name: 'b.akimatbatch', text: 'B' }],
    ]);
    const api = buildShellApi(ipc);
    const files: unknown[] = [];
    const off = api.onBatchFile((f) => files.push(f));
    await tick();
    expect(files).toEqual([{ name: 'a.akimatbatch', text: 'A' }]);
    ipc.emit(EVENTS.batchAvailable);
    await tick();
    expect(files).toEqual([
      { name: 'a.akimatbatch', text: 'A' },
      { name: 'b.akimatbatch', text: 'B' },
    ]);
    off();
    expect(ipc.listeners.get(EVENTS.batchAvailable)).toEqual([]);
  });

  it('reports an update downloaded before the page listened, once', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answers.set(CHANNELS.updateState, [{ version: '2.0.0' }]);
    const api = buildShellApi(ipc);
    const seen: unknown[] = [];
    api.onUpdateReady((i) => seen.push(i));
    await tick();
    ipc.emit(EVENTS.updateReady, { version: '2.0.0' });
    expect(seen).toEqual([{ version: '2.0.0' }]);
  });
});

describe('the bundles scripts/start.mjs builds', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'akimat-shell-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  beforeAll(async () => {
    // By URL: the script is plain JavaScript without type declarations.
    const script = new URL('../../scripts/start.mjs', import.meta.url).href;
    const { buildShell } = (await import(/* @vite-ignore */ script)) as { buildShell(outDir: string): Promise<void> };
    await buildShell(out);
  }, 120_000);

  it('preload.cjs runs in a bare context, requires only electron, and exposes akimatShell', () => {
    const required: string[] = [];
    const exposed: Array<[string, ShellApi]> = [];
    const ipc = new FakeIpcRenderer();
    const require = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (k: string, v: ShellApi) => exposed.push([k, v]) },
        ipcRenderer: ipc,
      };
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(path.join(out, 'preload.cjs'), 'utf8'), { require, module, exports: module.exports });
    expect(required).toEqual(['electron']);
    expect(exposed.map(([k]) => k)).toEqual(['akimatShell']);
    const api = exposed[0][1];
    expect(api.kind).toBe('electron');
    void api.appVersion();
    expect(ipc.invoked).toEqual([[CHANNELS.appVersion, []]]);
  });

  it('main.js carries electron-updater inside and loads electron only at run time', () => {
    const main = readFileSync(path.join(out, 'main.js'), 'utf8');
    expect(main).not.toMatch(/from ["']electron-updater["']/);
    expect(main).toContain('NsisUpdater');
    expect(main).not.toMatch(/^import .* from ["']electron["']/m);
  });

  it('main.js does nothing when run by plain Node', () => {
    const stdout = execFileSync(process.execPath, [path.join(out, 'main.js')], { encoding: 'utf8', timeout: 30_000 });
    expect(stdout).toBe('');
  });
});
