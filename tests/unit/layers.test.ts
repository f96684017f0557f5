/**
 * Architecture rule (docs ARCHITECTURE "Layout"): shared/ imports nothing from
 * renderer/, electron/, server/ and uses no DOM or Node APIs; the other three
 * reach shared/ only through its one entry point and never each other.
 * Inside renderer/ (renderer/README.md): the UI reaches the data layer only
 * through ui/deskClient.ts (which imports renderer/services' API surface, no
 * deeper) and sync only through ui/syncClient.ts (renderer/sync's entry), never
 * renderer/db or Dexie; nothing below the UI imports it.
 * Inside server/ (server/README.md): role folders import only downward, as
 * SERVER_IMPORTS lists, and no server file takes part in an import circle.
 * Parsed with the TypeScript compiler, so comments and strings cannot fool it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BELOW_UI, DESK_CLIENT, SERVER_IMPORTS, SERVICES_SURFACE, SYNC_CLIENT } from '../../scripts/layers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['shared', 'renderer', 'electron', 'server'] as const;
type Layer = (typeof LAYERS)[number];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
// Packages that tie code to one runtime: the DOM/React side, Node, Electron, a database.
const RUNTIME_PACKAGES = [
  'react',
  'react-dom',
  'react-i18next',
  'dexie',
  'electron',
  'pg',
  '@electric-sql/pglite',
  'fake-indexeddb',
  'ws',
  'express',
];
const HOST_GLOBALS = new Set([
  'window',
  'document',
  'process',
  'Buffer',
  'navigator',
  'localStorage',
  'indexedDB',
  'require',
  '__dirname',
  '__filename',
]);

const layerOf = (rel: string): Layer | null =>
  (LAYERS as readonly string[]).includes(rel.split('/')[0]) ? (rel.split('/')[0] as Layer) : null;
const toPosix = (p: string) => p.split(sep).join('/');

/** Every module specifier in a file: static and dynamic imports, re-exports, require(), import x = require(). */
function specifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    )
      out.push(n.moduleSpecifier.text);
    else if (
      ts.isImportEqualsDeclaration(n) &&
      ts.isExternalModuleReference(n.moduleReference) &&
      ts.isStringLiteral(n.moduleReference.expression)
    )
      out.push(n.moduleReference.expression.text);
    else if (ts.isCallExpression(n) && n.arguments.length >= 1 && ts.isStringLiteralLike(n.arguments[0])) {
      if (
        n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === 'require')
      )
        out.push(n.arguments[0].text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal))
      out.push(n.argument.literal.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Identifiers naming a host global, ignoring property names (x.document, { process: 1 }) and declarations' member names. */
function hostGlobals(sf: ts.SourceFile): Array<{ name: string; line: number }> {
  const out: Array<{ name: string; line: number }> = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && HOST_GLOBALS.has(n.text)) {
      const p = n.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        ((ts.isPropertyAssignment(p) ||
          ts.isPropertyDeclaration(p) ||
          ts.isPropertySignature(p) ||
          ts.isMethodDeclaration(p) ||
          ts.isMethodSignature(p) ||
          ts.isGetAccessor(p) ||
          ts.isSetAccessor(p) ||
          ts.isEnumMember(p)) &&
          p.name === n) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        (ts.isBindingElement(p) && p.propertyName === n) ||
        ts.isImportSpecifier(p) ||
        ts.isExportSpecifier(p);
      if (!isMemberName) out.push({ name: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    // globalThis.window / globalThis['document'] is the same thing spelled differently
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'globalThis' &&
      HOST_GLOBALS.has(n.name.text)
    ) {
      out.push({ name: `globalThis.${n.name.text}`, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    if (
      ts.isElementAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'globalThis' &&
      ts.isStringLiteralLike(n.argumentExpression) &&
      HOST_GLOBALS.has(n.argumentExpression.text)
    ) {
      out.push({
        name: `globalThis['${n.argumentExpression.text}']`,
        line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1,
      });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const isRuntimePackage = (spec: string) =>
  spec.startsWith('node:') ||
  NODE_BUILTINS.has(spec.split('/')[0]) ||
  RUNTIME_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`));

/** A module path without its extension or a trailing /index: 'renderer/services/index.ts' -> 'renderer/services'. */
const moduleOf = (p: string) => p.replace(/\.(ts|tsx|js|mjs)$/, '').replace(/\/index$/, '');
const within = (m: string, dir: string) => m === dir || m.startsWith(`${dir}/`);

/** The rules inside renderer/ for one import; `target` is the resolved module path (null for a package). */
function rendererProblems(rel: string, spec: string, target: string | null): string[] {
  const m = target === null ? null : moduleOf(target);
  const below = BELOW_UI.find((d) => rel.startsWith(`${d}/`));
  if (below)
    return m && within(m, 'renderer/ui')
      ? [`${rel}: ${below}/ imports the UI ('${spec}'); nothing below the UI reaches up`]
      : [];
  if (!rel.startsWith('renderer/ui/')) return [];
  const out: string[] = [];
  if (m === null && (spec === 'dexie' || spec.startsWith('dexie/') || spec.startsWith('dexie-')))
    out.push(`${rel}: the UI imports '${spec}'; it reads and writes through DeskApi`);
  if (m === null) return out;
  if (within(m, 'renderer/db'))
    out.push(`${rel}: the UI imports renderer/db ('${spec}'); it reads and writes through DeskApi`);
  if (within(m, 'renderer/services')) {
    if (rel !== DESK_CLIENT) out.push(`${rel}: the UI imports renderer/services ('${spec}') outside ui/deskClient.ts`);
    else if (!SERVICES_SURFACE.has(m))
      out.push(`${rel}: imports renderer/services past its API surface ('${spec}'); use renderer/services or its api`);
  }
  if (within(m, 'renderer/sync')) {
    if (rel !== SYNC_CLIENT) out.push(`${rel}: the UI imports renderer/sync ('${spec}'); only ui/syncClient.ts may`);
    else if (m !== 'renderer/sync') out.push(`${rel}: imports renderer/sync past its entry point ('${spec}')`);
  }
  return out;
}

/** The unit of the server table a server file belongs to: 'http/app.ts', a top-level file, or its folder. */
function serverUnit(path: string): string {
  const inner = moduleOf(path).slice('server/'.length);
  if (inner === 'http/app') return 'http/app.ts';
  // '../db' names the folder (its index.ts), not a top-level file.
  return inner.includes('/') || inner in SERVER_IMPORTS ? inner.split('/')[0] : `${inner}.ts`;
}

/** The rules inside server/ for one import; `target` is the resolved module path (null for a package). */
function serverProblems(rel: string, spec: string, target: string | null): string[] {
  if (target === null || !within(moduleOf(target), 'server')) return [];
  const from = serverUnit(rel);
  const allowed = SERVER_IMPORTS[from];
  if (allowed === undefined)
    return [`${rel}: server/${from} is not in the server layering table (scripts/layers.ts SERVER_IMPORTS)`];
  const to = serverUnit(target);
  if (allowed === '*' || to === from || allowed.includes(to)) return [];
  return [
    `${rel}: server/${from} imports server/${to} ('${spec}'); it may import ${allowed.length ? allowed.join(', ') : 'no other server folder'}`,
  ];
}

/**
 * Import circles among files: every module specifier (type-only ones too: a
 * circle of types still means neither file can be read alone). `files` maps a
 * path from the repo root to its source; returns each circle found as a path list.
 */
function importCycles(files: Map<string, string>): string[][] {
  const known = (p: string) =>
    ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => p + e).find((c) => files.has(c));
  const edges = new Map<string, string[]>();
  for (const [rel, src] of files) {
    const sf = ts.createSourceFile(
      rel,
      src,
      ts.ScriptTarget.Latest,
      true,
      rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const out = specifiers(sf)
      .filter((s) => s.startsWith('.'))
      .map((s) => known(posix.normalize(posix.join(posix.dirname(rel), s)).replace(/\/$/, '')));
    edges.set(rel, [...new Set(out.filter((t): t is string => t !== undefined))]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...files.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

/** Violations of the layering rule in one file; `rel` is its path from the repo root with forward slashes. */
function checkFile(rel: string, source: string): string[] {
  const layer = layerOf(rel);
  if (!layer) return [];
  const sf = ts.createSourceFile(
    rel,
    source,
    ts.ScriptTarget.Latest,
    true,
    rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const problems: string[] = [];
  for (const spec of specifiers(sf)) {
    const relative = spec.startsWith('.');
    const target = relative ? posix.normalize(posix.join(posix.dirname(rel), spec)) : spec;
    const targetLayer = relative
      ? layerOf(target)
      : (LAYERS as readonly string[]).includes(spec.split('/')[0])
        ? (spec.split('/')[0] as Layer)
        : null;
    if (layer === 'shared') {
      if (targetLayer && targetLayer !== 'shared') problems.push(`${rel}: shared/ imports ${targetLayer}/ ('${spec}')`);
      else if (relative && target.startsWith('..')) problems.push(`${rel}: imports outside the repository ('${spec}')`);
      else if (!relative && isRuntimePackage(spec))
        problems.push(`${rel}: shared/ imports a runtime-bound module '${spec}'`);
      continue;
    }
    if (targetLayer && targetLayer !== layer && targetLayer !== 'shared')
      problems.push(`${rel}: ${layer}/ imports ${targetLayer}/ ('${spec}')`);
    if (targetLayer === 'shared') {
      const t = target.replace(/\/$/, '').replace(/\.(ts|js|mjs)$/, '');
      if (t !== 'shared' && t !== 'shared/index')
        problems.push(`${rel}: imports shared/ past its entry point ('${spec}'); use shared/index`);
    }
    if (layer === 'renderer')
      problems.push(...rendererProblems(rel, spec, relative ? target : spec.startsWith('renderer/') ? spec : null));
    if (layer === 'server') problems.push(...serverProblems(rel, spec, relative ? target : null));
  }
  if (layer === 'shared')
    for (const g of hostGlobals(sf)) problems.push(`${rel}:${g.line}: shared/ uses the host global '${g.name}'`);
  return problems;
}

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('checkFile catches what the rule forbids', () => {
  it.each([
    ['shared/a.ts', "import { db } from '../renderer/db/db';", /shared\/ imports renderer/],
    ['shared/x/a.ts', "export * from '../../server/api';", /shared\/ imports server/],
    ['shared/a.ts', "const m = await import('../electron/main');", /shared\/ imports electron/],
    ['shared/a.ts', "import React from 'react';", /runtime-bound module 'react'/],
    ['shared/a.ts', "import Dexie from 'dexie';", /'dexie'/],
    ['shared/a.ts', "import { readFileSync } from 'node:fs';", /'node:fs'/],
    ['shared/a.ts', "import fs from 'fs';", /'fs'/],
    ['shared/a.ts', "import { join } from 'path';", /'path'/],
    ['shared/a.ts', "import { app } from 'electron';", /'electron'/],
    ['shared/a.ts', "const c = require('crypto');", /'crypto'/],
    ['shared/a.ts', "type P = typeof import('node:process');", /'node:process'/],
    ['shared/a.ts', 'export const w = window.innerWidth;', /host global 'window'/],
    ['shared/a.ts', "export const el = () => document.createElement('a');", /'document'/],
    ['shared/a.ts', 'export const dev = process.env.NODE_ENV;', /'process'/],
    ['shared/a.ts', "export const b = Buffer.from('x');", /'Buffer'/],
    ['shared/a.ts', 'export const w = globalThis.window;', /globalThis\.window/],
    ['shared/a.ts', "export const d = globalThis['document'];", /globalThis\['document'\]/],
    ['renderer/ui/a.tsx', "import { x } from '../../electron/preload';", /renderer\/ imports electron/],
    ['electron/main.ts', "import { x } from '../server/db';", /electron\/ imports server/],
    ['server/a.ts', "import { x } from '../renderer/services/api';", /server\/ imports renderer/],
    ['renderer/ui/a.tsx', "import { parseIin } from '../../shared/iin';", /past its entry point/],
    ['server/a.ts', "import type { Application } from '../shared/model/application';", /past its entry point/],
    ['electron/a.ts', "export { x } from '../shared/calendar/calendar';", /past its entry point/],
    // inside renderer/: the UI over its two clients
    ['renderer/ui/screens/A.tsx', "import { DeskDb } from '../../db/schema';", /the UI imports renderer\/db/],
    ['renderer/ui/a.tsx', "const s = await import('../db/schema');", /the UI imports renderer\/db/],
    ['renderer/ui/a.tsx', "import Dexie from 'dexie';", /the UI imports 'dexie'/],
    ['renderer/ui/a.tsx', "import { exportDB } from 'dexie-export-import';", /the UI imports 'dexie-export-import'/],
    ['renderer/ui/screens/A.tsx', "import { desk } from '../../services';", /outside ui\/deskClient\.ts/],
    [
      'renderer/ui/components/A.tsx',
      "import type { DeskContext } from '../../services/context';",
      /outside ui\/deskClient\.ts/,
    ],
    ['renderer/ui/a.tsx', "type C = import('../services/context').DeskContext;", /outside ui\/deskClient\.ts/],
    ['renderer/ui/deskClient.ts', "export { createDesk } from '../services/desk';", /past its API surface/],
    ['renderer/ui/district/api.ts', "import { call } from '../../sync/transport';", /only ui\/syncClient\.ts may/],
    ['renderer/ui/sync/auto.ts', "import { sync } from '../../sync';", /only ui\/syncClient\.ts may/],
    [
      'renderer/ui/syncClient.ts',
      "export { SyncEngine } from '../sync/engine';",
      /renderer\/sync past its entry point/,
    ],
    ['renderer/sync/engine.ts', "import { sync } from '../ui/syncClient';", /renderer\/sync\/ imports the UI/],
    ['renderer/services/a.ts', "import type { Problem } from '../ui/errors';", /renderer\/services\/ imports the UI/],
    // inside server/: roles import downward only, and no route imports http/app.ts
    [
      'server/routes/sync.ts',
      "import { principalOf } from '../http/app';",
      /server\/routes imports server\/http\/app\.ts/,
    ],
    ['server/routes/a.ts', "type D = import('../http/app').AppDeps;", /server\/routes imports server\/http\/app\.ts/],
    [
      'server/store/unitOfWork.ts',
      "import { applyOp } from '../ingest/apply';",
      /server\/store imports server\/ingest/,
    ],
    [
      'server/ingest/apply.ts',
      "import { districtQueue } from '../queue/queue';",
      /server\/ingest imports server\/queue/,
    ],
    [
      'server/reconcile/reconcile.ts',
      "import { registerDistrictRoutes } from '../routes/district';",
      /server\/reconcile imports server\/routes/,
    ],
    ['server/queue/queue.ts', "import type { AppDeps } from '../http/context';", /server\/queue imports server\/http/],
    [
      'server/http/context.ts',
      "import { registerSyncRoutes } from '../routes/sync';",
      /server\/http imports server\/routes/,
    ],
    ['server/db/index.ts', "import type { Device } from '../store/context';", /server\/db imports server\/store/],
    ['server/sync/pull.ts', "import { x } from './store';", /server\/sync is not in the server layering table/],
  ])('%s: %s', (rel, src, expected) => {
    const problems = checkFile(rel, src);
    expect(problems.join('\n')).toMatch(expected);
  });

  it.each([
    ['shared/a.ts', "import { z } from 'zod';\nimport kk from '../locales/kk/dates.json';\nimport { x } from './b';"],
    [
      'shared/a.ts',
      '// window.print() is the renderer\'s job\n/* document and process */\nexport const s = "window document process Buffer";',
    ],
    [
      'shared/a.ts',
      'export const o = { document: 1, process: 2 };\nexport const p = o.document + o.process;\ntype T = { window: number };',
    ],
    ['shared/a.ts', 'export const k = globalThis.crypto.randomUUID();\nexport const e = new TextEncoder();'],
    ['renderer/ui/a.tsx', "import { parseIin } from '../../shared';\nimport x from 'react';"],
    ['renderer/services/a.ts', "import type { Application } from '../../shared/index';\nimport { y } from './b';"],
    ['server/a.ts', "import { parseIin } from '../shared/index.ts';\nimport { readFileSync } from 'node:fs';"],
    ['electron/a.ts', "import { app } from 'electron';\nimport { buildForm } from '../shared';"],
    ['tests/unit/a.test.ts', "import { parseIin } from '../../shared/iin';"],
    [
      'renderer/ui/deskClient.ts',
      "import { desk, type DeskApi } from '../services';\nexport { DeskError } from '../services/index';\nexport type { Session } from '../services/api';",
    ],
    ['renderer/ui/syncClient.ts', "export { sync } from '../sync';\nimport { sync as s } from '../sync/index';"],
    [
      'renderer/ui/district/Tab.tsx',
      "import { sync } from '../syncClient';\nimport { SyncErrorBox } from '../sync/text';\nimport { platform } from '../../platform';\nimport { desk } from '../deskClient';",
    ],
    [
      'renderer/sync/engine.ts',
      "import { deviceId } from '../services/outbox';\nimport type { DeskContext } from '../services/context';\nimport { DeskDb } from '../db/schema';",
    ],
    ['renderer/main.tsx', "import { App } from './ui/App';\nimport { referenceLoaded } from './ui/syncClient';"],
    ['tests/unit/a.test.ts', "import { createDesk } from '../../renderer/services/desk';"],
    [
      'server/routes/sync.ts',
      "import { principalOf, type AppDeps } from '../http/context';\nimport { ingest } from '../ingest/ingest';\nimport { pull } from '../pull/pull';",
    ],
    [
      'server/http/app.ts',
      "import { registerSyncRoutes } from '../routes/sync';\nimport type { AppDeps } from './context';",
    ],
    [
      'server/pull/pull.ts',
      "import { districtQueue } from '../queue/queue';\nimport { currentChangeSeq } from '../store/store';\nimport type { Queryable } from '../db';",
    ],
    [
      'server/main.ts',
      "import { buildApp } from './http/app';\nimport { registerUpdateRoutes } from './routes/updates';",
    ],
  ])('allows %s: %s', (rel, src) => {
    expect(checkFile(rel, src)).toEqual([]);
  });
});

describe('the real tree keeps the layering rule', () => {
  const files = LAYERS.flatMap((l) => sourceFiles(join(ROOT, l)));

  it('finds the shared core to check', () => {
    const rels = files.map((f) => toPosix(relative(ROOT, f)));
    expect(rels).toContain('shared/index.ts');
    expect(rels).toContain('shared/iin.ts');
    // The renderer rule names these two files: renaming one must not make the rule pass vacuously.
    expect(rels).toContain(DESK_CLIENT);
    expect(rels).toContain(SYNC_CLIENT);
  });

  it('has no violations', () => {
    const problems = files.flatMap((f) => checkFile(toPosix(relative(ROOT, f)), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('shared/index.ts re-exports only from inside shared/', () => {
    const src = readFileSync(join(ROOT, 'shared/index.ts'), 'utf8');
    const sf = ts.createSourceFile('index.ts', src, ts.ScriptTarget.Latest, true);
    for (const spec of specifiers(sf)) expect(spec.startsWith('./'), spec).toBe(true);
    expect(dirname(join(ROOT, 'shared/index.ts'))).toBe(join(ROOT, 'shared'));
  });
});

describe('server/ has no import circles', () => {
  it('importCycles finds a circle, a longer one, and none in a tree', () => {
    const a = "import { b } from './b';";
    expect(
      importCycles(
        new Map([
          ['server/x/a.ts', "import { b } from '../y/b';"],
          ['server/y/b.ts', "import type { A } from '../x/a';"],
        ]),
      ),
    ).toEqual([['server/x/a.ts', 'server/y/b.ts', 'server/x/a.ts']]);
    expect(
      importCycles(
        new Map([
          ['s/a.ts', a],
          ['s/b.ts', "export * from './c';"],
          ['s/c/index.ts', "const m = await import('../a');"],
        ]),
      ),
    ).toEqual([['s/a.ts', 's/b.ts', 's/c/index.ts', 's/a.ts']]);
    expect(
      importCycles(
        new Map([
          ['s/a.ts', a],
          ['s/b.ts', "import { c } from './c';"],
          ['s/c.ts', "import x from 'fastify';"],
          ['s/d.ts', a],
        ]),
      ),
    ).toEqual([]);
  });

  const serverFiles = new Map(
    sourceFiles(join(ROOT, 'server')).map((f) => [toPosix(relative(ROOT, f)), readFileSync(f, 'utf8')]),
  );

  it('finds the files the server table names', () => {
    // Renaming one must not make the rules pass vacuously.
    for (const f of [
      'server/main.ts',
      'server/http/app.ts',
      'server/http/context.ts',
      'server/routes/sync.ts',
      'server/ingest/ingest.ts',
    ])
      expect([...serverFiles.keys()]).toContain(f);
  });

  it('the real server tree has none', () => {
    expect(importCycles(serverFiles)).toEqual([]);
  });
});
