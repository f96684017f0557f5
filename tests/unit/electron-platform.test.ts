/**
 * The renderer's platform layer: in web mode each call has a browser
 * fallback; in the desktop shell it goes through the preload API (here the
 * real bridge over a fake ipcRenderer). Also: the renderer's copy of the
 * ShellApi type must equal the preload's (checked by the compiler).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildShellApi, type IpcRendererPort } from '../../electron/bridge';
import { CHANNELS, type ShellApi as PreloadShellApi } from '../../electron/channels';
import { browserEnv, createPlatform, type PlatformEnv } from '../../renderer/platform';
import { PlatformError, desktopPdfHandlers } from '../../renderer/platform/install';
import { findShell, type ShellApi as RendererShellApi } from '../../renderer/platform/shell';
import pkg from '../../package.json';

class MemoryStorage {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

class Events {
  listeners = new Map<string, Array<() => void>>();
  addEventListener(t: string, l: () => void) {
    this.listeners.set(t, [...(this.listeners.get(t) ?? []), l]);
  }
  removeEventListener(t: string, l: () => void) {
    this.listeners.set(
      t,
      (this.listeners.get(t) ?? []).filter((x) => x !== l),
    );
  }
  fire(t: string) {
    for (const l of this.listeners.get(t) ?? []) l();
  }
}

function env(shell?: RendererShellApi) {
  const printed: Blob[] = [];
  const saved: Array<[Blob, string]> = [];
  const storage = new MemoryStorage();
  const events = new Events();
  const e: PlatformEnv = {
    shell,
    events,
    navigator: { onLine: true },
    storage,
    browserPrint: async (b) => void printed.push(b),
    browserSave: async (b, n) => void saved.push([b, n]),
    version: '0.0.7',
  };
  return { e, printed, saved, storage, events };
}

class Ipc implements IpcRendererPort {
  invoked: Array<[string, unknown[]]> = [];
  answer: (channel: string) => unknown = () => null;
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, args]);
    return this.answer(channel);
  }
  on() {}
  removeListener() {}
}

const pdf = () => new Blob([new TextEncoder().encode('%PDF-1.7 x')], { type: 'application/pdf' });

it('the renderer and the preload agree on the ShellApi type', () => {
  expectTypeOf<RendererShellApi>().toEqualTypeOf<PreloadShellApi>();
});

describe('web mode', () => {
  it('prints and saves through the browser fallbacks', async () => {
    const t = env();
    const p = createPlatform(t.e);
    expect(p.kind).toBe('web');
    expect(p.canPrintSilently).toBe(false);
    const b = pdf();
    expect(await p.printPdf(b, { silent: true })).toEqual({ ok: true });
    expect(t.printed).toEqual([b]);
    expect(await p.savePdf(b, 'Анықтама')).toEqual({ saved: true, fileName: 'Анықтама.pdf' });
    expect(t.saved).toEqual([[b, 'Анықтама']]);
    expect(await p.openSavedFolder()).toBe(false);
    expect(await p.restartToUpdate()).toBe(false);
  });

  it('keeps print mode on the dialog: a browser cannot print silently', () => {
    const t = env();
    const p = createPlatform(t.e);
    p.setPrintMode('defaultPrinter');
    expect(p.printMode()).toBe('dialog');
  });

  it('reports the package version', async () => {
    expect(await createPlatform(env().e).appVersion()).toBe('0.0.7');
    expect(browserEnv().version).toBe(pkg.version);
  });

  it('follows the browser online/offline events and unsubscribes', () => {
    const t = env();
    const p = createPlatform(t.e);
    const seen: boolean[] = [];
    const off = p.onOnlineChange((o) => seen.push(o));
    t.events.fire('offline');
    t.events.fire('online');
    off();
    t.events.fire('offline');
    expect(seen).toEqual([false, true]);
    expect(p.isOnline()).toBe(true);
  });

  it('keeps keys in localStorage and says they are not OS-protected', async () => {
    const t = env();
    const p = createPlatform(t.e);
    expect(p.keyStore.kind).toBe('browser');
    expect(await p.keyStore.available()).toBe(true);
    await p.keyStore.set('device-token', 'tok');
    expect(t.storage.getItem('akimat.key.device-token')).toBe('tok');
    expect(await p.keyStore.get('device-token')).toBe('tok');
    await p.keyStore.set('device-token', null);
    expect(await p.keyStore.get('device-token')).toBeNull();
  });

  it('installs no PDF handlers, so renderer/print keeps its browser path', () => {
    expect(desktopPdfHandlers(createPlatform(env().e))).toBeNull();
  });
});

describe('desktop mode', () => {
  function desktop() {
    const ipc = new Ipc();
    const shell = buildShellApi(ipc);
    const t = env(findShell({ akimatShell: shell }));
    return { ...t, ipc, p: createPlatform(t.e) };
  }

  it('finds only a shell that speaks this API version', () => {
    expect(findShell({ akimatShell: { kind: 'electron', apiVersion: 1 } })).toBeUndefined();
    expect(findShell({})).toBeUndefined();
    expect(findShell(undefined)).toBeUndefined();
    expect(desktop().p.kind).toBe('desktop');
  });

  it('sends the PDF bytes to the shell, with the dialog unless silent printing was chosen', async () => {
    const d = desktop();
    d.ipc.answer = () => ({ ok: true });
    await d.p.printPdf(pdf());
    d.p.setPrintMode('defaultPrinter');
    await d.p.printPdf(pdf());
    await d.p.printPdf(pdf(), { silent: false });
    const calls = d.ipc.invoked.filter(([c]) => c === CHANNELS.printPdf);
    expect(calls.map(([, a]) => a[1])).toEqual([{ silent: false }, { silent: true }, { silent: false }]);
    expect(new TextDecoder().decode(calls[0][1][0] as Uint8Array)).toBe('%PDF-1.7 x');
    expect(d.printed).toEqual([]);
  });

  it('saves through the native dialog, not a download', async () => {
    const d = desktop();
    d.ipc.answer = () => ({ saved: true, fileName: 'x.pdf' });
    expect(await d.p.savePdf(pdf(), 'Өтініш')).toEqual({ saved: true, fileName: 'x.pdf' });
    expect(d.saved).toEqual([]);
    expect(d.ipc.invoked[0][0]).toBe(CHANNELS.savePdf);
    expect(d.ipc.invoked[0][1][1]).toBe('Өтініш');
  });

  it('uses OS-protected key storage', async () => {
    const d = desktop();
    expect(d.p.keyStore.kind).toBe('os');
    await d.p.keyStore.set('k', 'v');
    expect(d.ipc.invoked).toEqual([[CHANNELS.keySet, ['k', 'v']]]);
    expect(d.storage.map.size).toBe(0);
  });

  it('turns print failures into coded errors the UI can translate, and a cancel into nothing', async () => {
    const d = desktop();
    const handlers = desktopPdfHandlers(d.p)!;
    d.ipc.answer = () => ({ ok: false, reason: 'noPrinter' });
    await expect(handlers.print!(pdf())).rejects.toMatchObject({ code: 'print.noPrinter' });
    d.ipc.answer = () => ({ ok: false, reason: 'failed', detail: 'Print job failed' });
    const err = await handlers.print!(pdf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'print.failed', params: { detail: 'Print job failed' } });
    d.ipc.answer = () => ({ ok: false, reason: 'cancelled' });
    await expect(handlers.print!(pdf())).resolves.toBeUndefined();
  });
});
