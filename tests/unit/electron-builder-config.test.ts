/**
 * electron-builder.yml against electron-builder's own schema and NSIS
 * language tables (the installer cannot be built here: no Electron binary,
 * no Wine), the settings the desktop design depends on, the icons, and the
 * clear refusal of `npm run dist:win` on a machine that cannot build it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { APP_ID, BATCH_EXTENSION, PRODUCT_NAME } from '../../electron/constants';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(s: string): any };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { LangConfigurator, createAddLangsMacro } = require('app-builder-lib/out/targets/nsis/nsisLang') as {
  LangConfigurator: new (options: unknown) => { langs: string[]; isMultiLang: boolean };
  createAddLangsMacro(gen: { macro(name: string, lines: string[]): void }, lc: unknown): void;
};
const { lcid } = require('app-builder-lib/out/util/langs') as { lcid: Record<string, number> };

const ROOT = new URL('../../', import.meta.url);
const config = load(readFileSync(new URL('electron-builder.yml', ROOT), 'utf8'));
const debugLogger = { isEnabled: false, add() {} };

describe('electron-builder.yml', () => {
  it("passes electron-builder's configuration schema", async () => {
    await expect(validateConfiguration(config, debugLogger)).resolves.toBeUndefined();
  });

  it('is really checked by that schema (a misspelt option fails)', async () => {
    await expect(
      validateConfiguration({ ...config, nsis: { ...config.nsis, perUser: true } }, debugLogger),
    ).rejects.toThrow(/nsis/);
  });

  it('names the app as the shell does and pins Electron', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
    expect(pkg.optionalDependencies.electron).toBe(`^${config.electronVersion}`);
  });

  it('ships only the renderer and the bundled shell, packed in asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'dist-electron/**/*']));
    expect(config.asar).toBe(true);
  });

  it('builds a per-user Windows x64 NSIS installer that never asks for an administrator', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win.requestedExecutionLevel).toBe('asInvoker');
    expect(config.nsis.oneClick).toBe(true);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.allowElevation).toBe(false);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis.artifactName).not.toMatch(/\s/);
  });

  it('speaks Kazakh and Russian, Kazakh first, as NSIS languages electron-builder knows', () => {
    expect(config.nsis.installerLanguages).toEqual(['kk_KZ', 'ru_RU']);
    const lc = new LangConfigurator(config.nsis);
    expect(lc.isMultiLang).toBe(true);
    expect(lc.langs).toEqual(['kk_KZ', 'ru_RU']);
    const lines: string[] = [];
    createAddLangsMacro({ macro: (_n, l) => lines.push(...l) }, lc);
    expect(lines).toEqual(['!insertmacro MUI_LANGUAGE "Kazakh"', '!insertmacro MUI_LANGUAGE "Russian"']);
    expect(lcid.kk_KZ).toBe(Number(config.nsis.language));
  });

  it('opens .akimatbatch files with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: BATCH_EXTENSION.slice(1), icon: 'akimatbatch.ico' }),
    ]);
  });

  it('updates from the district server through the generic provider', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: '${env.AKIMAT_UPDATE_URL}' })]);
  });

  it('sets every fuse the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

/** The images in an .ico: size and whether the entry is PNG-compressed. */
function icoEntries(file: string) {
  const b = readFileSync(new URL(file, ROOT));
  expect(b.readUInt16LE(0)).toBe(0);
  expect(b.readUInt16LE(2)).toBe(1);
  return Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
    const e = 6 + i * 16;
    const size = b[e] || 256;
    const offset = b.readUInt32LE(e + 12);
    const length = b.readUInt32LE(e + 8);
    expect(offset + length).toBeLessThanOrEqual(b.length);
    const data = b.subarray(offset, offset + length);
    const png = data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    if (!png) {
      expect(data.readUInt32LE(0)).toBe(40);
      expect(data.readInt32LE(4)).toBe(size);
      expect(data.readUInt16LE(14)).toBe(32);
    }
    return { size, png, bitCount: b.readUInt16LE(e + 6) };
  });
}

describe('icons', () => {
  it.each(['build/icon.ico', 'build/akimatbatch.ico'])('%s holds 16 to 256 px, 32-bit, PNG only at 256', (file) => {
    const entries = icoEntries(file);
    expect(entries.map((e) => e.size)).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]));
    for (const e of entries) {
      expect(e.bitCount).toBe(32);
      expect(e.png).toBe(e.size === 256);
    }
  });

  it('build/icon.png is a 512 px PNG', () => {
    const b = readFileSync(new URL('build/icon.png', ROOT));
    expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(b.readUInt32BE(16)).toBe(512);
    expect(b.readUInt32BE(20)).toBe(512);
  });
});

describe('npm run dist:win on a machine that cannot build the installer', () => {
  it('names each missing piece and how to get it', async () => {
    const { missingPrerequisites } = (await import(/* @vite-ignore */ new URL('build/dist-win.mjs', ROOT).href)) as {
      missingPrerequisites(o: {
        platform: string;
        env: Record<string, string>;
        hasElectron: boolean;
        hasWine: boolean;
      }): string[];
    };
    const here = missingPrerequisites({ platform: 'linux', env: {}, hasElectron: false, hasWine: false });
    expect(here).toHaveLength(2);
    expect(here[0]).toMatch(/Electron binary is not installed.*ELECTRON_DIST/s);
    expect(here[1]).toMatch(/Wine.*build on Windows/s);
    expect(missingPrerequisites({ platform: 'win32', env: {}, hasElectron: true, hasWine: false })).toEqual([]);
    expect(
      missingPrerequisites({ platform: 'linux', env: { ELECTRON_DIST: '/x' }, hasElectron: false, hasWine: true }),
    ).toEqual([]);
  });
});
