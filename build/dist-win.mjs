#!/usr/bin/env node
/**
 * `npm run dist:win`: the Windows x64 installer (NSIS, per user) and its
 * update feed (latest.yml + blockmap) in release/.
 *
 * 1. checks what the build needs and stops with a clear message when it is
 *    missing (the Electron binary, Wine outside Windows);
 * 2. builds the renderer (dist/) and bundles the shell (dist-electron/);
 * 3. stages the app in release/.stage: dist/, dist-electron/ and a
 *    package.json without dependencies, because the shell is bundled and the
 *    project's other dependencies (server, database) must not ship;
 * 4. runs electron-builder with electron-builder.yml on the staged app.
 *
 *   AKIMAT_UPDATE_URL=https://district.example.kz/updates/ npm run dist:win
 *   node build/dist-win.mjs --check     only the checks
 *   node build/dist-win.mjs --stage     checks skipped; build and stage, no installer
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const STAGE = join(ROOT, 'release', '.stage');
const PLACEHOLDER_FEED = 'https://updates.invalid/updates/';

const log = (m) => console.log(`[dist:win] ${m}`);

/** Path of the locally installed Electron binary, or null (the optional package failed to download it). */
export function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function onPath(cmd) {
  return spawnSync(process.platform === 'win32' ? 'where' : 'which', [cmd], { stdio: 'ignore' }).status === 0;
}

/** What is missing for building the installer on this machine, as sentences for a person. */
export function missingPrerequisites({
  platform = process.platform,
  env = process.env,
  hasElectron = electronBinary() !== null,
  hasWine = onPath('wine') || onPath('wine64'),
} = {}) {
  const problems = [];
  if (!hasElectron && !env.ELECTRON_DIST) {
    problems.push(
      'The Electron binary is not installed (node_modules/electron could not download it; this machine cannot reach its host).\n' +
        '  electron-builder downloads the Windows build of Electron from the same place, so the installer cannot be built here.\n' +
        '  Fix: run `npm install` where github.com (or an ELECTRON_MIRROR) is reachable, or set ELECTRON_DIST to a folder or zip\n' +
        '  holding electron-v45.4.1-win32-x64 (electron-builder option electronDist).',
    );
  }
  if (platform !== 'win32' && !hasWine && !env.ELECTRON_BUILDER_WINE_TOOLSET_DIR) {
    problems.push(
      'Wine is not installed. Outside Windows, electron-builder needs Wine to set the icon and version of the .exe\n' +
        '  (rcedit) and to finish the NSIS installer. Fix: build on Windows, or install Wine (Debian: `apt-get install wine`)\n' +
        '  and set USE_SYSTEM_WINE=true.',
    );
  }
  return problems;
}

/** electron-builder.yml as an object, with the folders made absolute so it can run on the staged app. */
export function loadBuilderConfig() {
  const { load } = require('js-yaml');
  const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
  config.directories = {
    ...config.directories,
    buildResources: join(ROOT, config.directories?.buildResources ?? 'build'),
    output: join(ROOT, config.directories?.output ?? 'release'),
  };
  return config;
}

/** The app as it ships: the two bundles and a package.json that declares no dependencies. */
export function stageApp(stage = STAGE) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const dir of ['dist', 'dist-electron'])
    if (!existsSync(join(ROOT, dir))) throw new Error(`${dir}/ is missing: build it first`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(stage, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'dist-electron'), join(stage, 'dist-electron'), {
    recursive: true,
    filter: (src) => !src.endsWith('.map'),
  });
  const shipped = {
    name: pkg.name,
    productName: 'Akimat Desk',
    version: pkg.version,
    description: pkg.description,
    author: { name: 'Akimat Desk' },
    license: pkg.license ?? 'UNLICENSED',
    type: 'module',
    main: 'dist-electron/main.js',
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  return shipped;
}

async function buildBundles() {
  const start = await import(pathToFileURL(join(ROOT, 'scripts', 'start.mjs')).href);
  const { build } = await import('vite');
  log('building the renderer (dist/)');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  log('bundling the shell (dist-electron/)');
  rmSync(join(ROOT, 'dist-electron'), { recursive: true, force: true });
  await start.buildShell();
}

async function main(args) {
  const checkOnly = args.includes('--check');
  const stageOnly = args.includes('--stage');
  if (!stageOnly) {
    const problems = missingPrerequisites();
    if (problems.length) {
      console.error(
        `[dist:win] cannot build the Windows installer on this machine:\n\n- ${problems.join('\n- ')}\n\nSee docs/desktop.md, "Building the installer".`,
      );
      process.exit(1);
    }
    if (checkOnly) return log('everything the build needs is here');
  }
  if (!process.env.AKIMAT_UPDATE_URL) {
    process.env.AKIMAT_UPDATE_URL = PLACEHOLDER_FEED;
    console.warn(
      `[dist:win] AKIMAT_UPDATE_URL is not set: the app will look for updates at ${PLACEHOLDER_FEED}, which never answers.\n` +
        "           Set it to the district server's feed, e.g. https://district.example.kz/updates/",
    );
  }
  await buildBundles();
  const shipped = stageApp();
  log(`staged ${shipped.name} ${shipped.version} in ${STAGE}`);
  if (stageOnly) return;

  const { build, Platform, Arch } = await import('electron-builder');
  const config = loadBuilderConfig();
  if (process.env.ELECTRON_DIST) config.electronDist = resolve(process.env.ELECTRON_DIST);
  const artifacts = await build({
    projectDir: STAGE,
    targets: Platform.WINDOWS.createTarget('nsis', Arch.x64),
    config,
    publish: 'never',
  });
  log(
    `done:\n  ${artifacts.join('\n  ')}\nCopy latest.yml, the .exe and the .exe.blockmap to the district server's updates folder.`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error('[dist:win] failed:', e?.message ?? e);
    process.exit(1);
  });
}
