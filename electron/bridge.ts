/**
 * Builds the API the preload exposes, from an ipcRenderer. Each member calls
 * one fixed channel; the renderer never gets ipcRenderer itself, a channel
 * name or the IPC event object (which carries `sender`), only plain values.
 */
import { CHANNELS, EVENTS, type OpenedBatchFile, type ShellApi, type UpdateReady } from './channels';

/*
 * The IPC boundary is untyped by nature: what a channel answers is typed once, by the member of
 * ShellApi that calls it (channels.ts). `any` here lets each member state its own type without a
 * cast per line; nothing outside this file sees it.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<any>;
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function buildShellApi(ipc: IpcRendererPort): ShellApi {
  const subscribe = <T>(channel: string, listener: (value: T) => void) => {
    const handler = (_event: unknown, value: T) => listener(value);
    ipc.on(channel, handler);
    return () => void ipc.removeListener(channel, handler);
  };

  const api: ShellApi = {
    kind: 'electron',
    apiVersion: 3,
    appVersion: () => ipc.invoke(CHANNELS.appVersion),
    printPdf: (bytes, options) => ipc.invoke(CHANNELS.printPdf, bytes, { silent: options?.silent === true }),
    savePdf: (bytes, fileName) => ipc.invoke(CHANNELS.savePdf, bytes, String(fileName)),
    openSavedFolder: () => ipc.invoke(CHANNELS.openSavedFolder),
    isOnline: () => ipc.invoke(CHANNELS.onlineState),
    onOnlineChange: (listener) => subscribe<boolean>(EVENTS.online, (online) => listener(online === true)),
    keyStore: Object.freeze({
      available: () => ipc.invoke(CHANNELS.keyAvailable),
      get: (name: string) => ipc.invoke(CHANNELS.keyGet, name),
      set: (name: string, value: string | null) => ipc.invoke(CHANNELS.keySet, name, value),
    }),
    onBatchFile(listener) {
      let active = true;
      const drain = async () => {
        const files = (await ipc.invoke(CHANNELS.batchTake)) as OpenedBatchFile[];
        if (active) for (const f of files) listener(f);
      };
      const off = subscribe<undefined>(EVENTS.batchAvailable, () => void drain());
      // Files opened before this listener existed are waiting in the main process.
      void drain();
      return () => {
        active = false;
        off();
      };
    },
    onUpdateReady(listener) {
      let told = false;
      const tell = (info: UpdateReady | null) => {
        if (!info || told) return;
        told = true;
        listener(info);
      };
      const off = subscribe<UpdateReady>(EVENTS.updateReady, tell);
      // An update may have been downloaded before the page listened.
      void ipc.invoke(CHANNELS.updateState).then(tell);
      return off;
    },
    restartToUpdate: () => ipc.invoke(CHANNELS.updateRestart),
    certificates: Object.freeze({
      probe: (origin: string) => ipc.invoke(CHANNELS.certProbe, String(origin)),
      pin: (origin: string, fingerprint: string) => ipc.invoke(CHANNELS.certPin, String(origin), String(fingerprint)),
      lastFailure: (origin: string) => ipc.invoke(CHANNELS.certFailure, String(origin)),
    }),
    diskSpace: () => ipc.invoke(CHANNELS.diskSpace),
    backups: Object.freeze({
      list: () => ipc.invoke(CHANNELS.backupList),
      read: (name: string) => ipc.invoke(CHANNELS.backupRead, String(name)),
      write: (name: string, bytes: Uint8Array) => ipc.invoke(CHANNELS.backupWrite, String(name), bytes),
      remove: (name: string) => ipc.invoke(CHANNELS.backupRemove, String(name)),
    }),
  };
  return Object.freeze(api);
}
