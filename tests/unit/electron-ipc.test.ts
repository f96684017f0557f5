/**
 * The IPC handlers: each one refuses callers other than our page and
 * arguments that are not what the preload sends, before any service runs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/channels';
import { LIMITS } from '../../electron/constants';
import { registerIpc, type ShellServices } from '../../electron/ipc';
import { isTrustedSender } from '../../electron/security';
import { FakeIpcMain, FakeWebContents, MemoryLog, frame } from './electron-fakes';

const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');

function setup() {
  const calls: Array<[string, unknown[]]> = [];
  // Typed as any: one recorder stands in for services of different signatures.
  const record =
    (name: string): any =>
    (...args: unknown[]) => {
      calls.push([name, args]);
      return Promise.resolve(null);
    };
  const services: ShellServices = {
    appVersion: () => '1.2.3',
    printPdf: record('printPdf'),
    savePdf: record('savePdf'),
    openSavedFolder: record('openSavedFolder'),
    isOnline: () => true,
    keys: { available: () => true, get: record('keys.get'), set: record('keys.set') },
    takeBatchFiles: () => [{ name: 'a.akimatbatch', text: '{}' }],
    updateState: () => null,
    restartToUpdate: () => false,
    certificates: {
      probe: record('certificates.probe'),
      pin: record('certificates.pin'),
      lastFailure: (origin) => (calls.push(['certificates.lastFailure', [origin]]), null),
    },
    diskSpace: record('diskSpace'),
    backups: {
      list: record('backups.list'),
      read: record('backups.read'),
      write: record('backups.write'),
      remove: record('backups.remove'),
    },
  };
  const ipc = new FakeIpcMain();
  const ours = new FakeWebContents();
  const log = new MemoryLog();
  registerIpc(ipc, services, (e) => isTrustedSender(e, (c) => c === ours), log);
  const trusted = { sender: ours, senderFrame: frame('app://akimat/index.html') };
  return { ipc, calls, trusted, ours, log };
}

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});

describe('registration', () => {
  it('handles exactly the channels of the contract', () => {
    expect([...t.ipc.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('answers our page', async () => {
    expect(await t.ipc.invoke(CHANNELS.appVersion, t.trusted)).toBe('1.2.3');
    expect(await t.ipc.invoke(CHANNELS.onlineState, t.trusted)).toBe(true);
    expect(await t.ipc.invoke(CHANNELS.batchTake, t.trusted)).toEqual([{ name: 'a.akimatbatch', text: '{}' }]);
  });
});

describe('sender checks', () => {
  const untrusted = () => [
    { sender: t.ours, senderFrame: frame('https://evil.example/') },
    { sender: t.ours, senderFrame: frame('app://akimat/index.html', frame('app://akimat/index.html')) },
    { sender: t.ours, senderFrame: null },
    { sender: new FakeWebContents(), senderFrame: frame('app://akimat/index.html') },
  ];

  it.each(Object.values(CHANNELS))('%s refuses untrusted senders without calling the service', async (channel) => {
    for (const event of untrusted()) {
      await expect(t.ipc.invoke(channel, event, PDF, { silent: false })).rejects.toThrow('refused');
    }
    expect(t.calls).toEqual([]);
    expect(t.log.has('warn', 'untrusted sender')).toBe(true);
  });
});

describe('argument checks', () => {
  it('passes a PDF and its options to the printer', async () => {
    await t.ipc.invoke(CHANNELS.printPdf, t.trusted, PDF, { silent: true });
    expect(t.calls).toEqual([['printPdf', [PDF, { silent: true }]]]);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', async () => {
    await t.ipc.invoke(CHANNELS.savePdf, t.trusted, PDF.slice().buffer, 'Өтініш №1.pdf');
    expect(t.calls[0][0]).toBe('savePdf');
    expect(t.calls[0][1][1]).toBe('Өтініш №1.pdf');
  });

  it.each([
    ['text', 'hello'],
    ['not a PDF', new TextEncoder().encode('<html>')],
    ['empty', new Uint8Array()],
    [
      'too large',
      (() => {
        const b = new Uint8Array(LIMITS.pdfBytes + 1);
        b.set(PDF);
        return b;
      })(),
    ],
    ['a plain object', { 0: 37, 1: 80, length: 2 }],
  ])('refuses to print %s', async (_n, bytes) => {
    await expect(t.ipc.invoke(CHANNELS.printPdf, t.trusted, bytes, { silent: false })).rejects.toThrow(/pdf/);
    expect(t.calls).toEqual([]);
  });

  it.each([undefined, null, {}, { silent: 'yes' }])('refuses print options %j', async (opts) => {
    await expect(t.ipc.invoke(CHANNELS.printPdf, t.trusted, PDF, opts)).rejects.toThrow(/options/);
  });

  it.each([undefined, 42, '', 'x'.repeat(1001)])('refuses the save file name %j', async (name) => {
    await expect(t.ipc.invoke(CHANNELS.savePdf, t.trusted, PDF, name)).rejects.toThrow(/file name/);
  });

  it.each(['../../etc/passwd', 'a/b', 'a\\b', '..', '.hidden', '', 'x'.repeat(65), 'ключ', 'a..b', 42, null])(
    'refuses the key name %j',
    async (name) => {
      await expect(t.ipc.invoke(CHANNELS.keyGet, t.trusted, name)).rejects.toThrow(/key/);
      await expect(t.ipc.invoke(CHANNELS.keySet, t.trusted, name, 'v')).rejects.toThrow(/key/);
      expect(t.calls).toEqual([]);
    },
  );

  it('passes good key names and values, and null to delete', async () => {
    await t.ipc.invoke(CHANNELS.keyGet, t.trusted, 'device-token');
    await t.ipc.invoke(CHANNELS.keySet, t.trusted, 'batch.key_1', 'секрет');
    await t.ipc.invoke(CHANNELS.keySet, t.trusted, 'batch.key_1', null);
    expect(t.calls).toEqual([
      ['keys.get', ['device-token']],
      ['keys.set', ['batch.key_1', 'секрет']],
      ['keys.set', ['batch.key_1', null]],
    ]);
  });

  it.each([42, {}, 'x'.repeat(LIMITS.keyValueBytes + 1)])('refuses the key value %#', async (value) => {
    await expect(t.ipc.invoke(CHANNELS.keySet, t.trusted, 'k', value)).rejects.toThrow(/key/);
  });
});
