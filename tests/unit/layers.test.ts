/**
 * Architecture rule (docs ARCHITECTURE "Layout"): shared/ imports nothing from
 * renderer/, electron/, server/ and uses no DOM or Node APIs; the other three
 * reach shared/ only through its one entry point and never each other.
 * Parsed with the TypeScript compiler, so comments and strings cannot fool it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['shared', 'renderer', 'electron', 'server'] as const;
type Layer = (typeof LAYERS)[number];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
// Packages that tie code to one runtime: the DOM/React side, Node, Electron, a database.
const RUNTIME_PACKAGES = ['react', 'react-dom', 'react-i18next', 'dexie', 'electron', 'pg', '@electric-sql/pglite', 'fake-indexeddb', 'ws', 'express'];
const HOST_GLOBALS = new Set(['window', 'document', 'process', 'Buffer', 'navigator', 'localStorage', 'indexedDB', 'require', '__dirname', '__filename']);

const layerOf = (rel: string): Layer | null => (LAYERS as readonly string[]).includes(rel.split('/')[0]) ? (rel.split('/')[0] as Layer) : null;
const toPosix = (p: string) => p.split(sep).join('/');

/** Every module specifier in a file: static and dynamic imports, re-exports, require(), import x = require(). */
function specifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) out.push(n.moduleReference.expression.text);
    else if (ts.isCallExpression(n) && n.arguments.length >= 1 && ts.isStringLiteralLike(n.arguments[0])) {
      if (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require')) out.push(n.arguments[0].text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text);
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
        ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) ||
          ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === n) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        (ts.isBindingElement(p) && p.propertyName === n) ||
        (ts.isImportSpecifier(p) || ts.isExportSpecifier(p));
      if (!isMemberName) out.push({ name: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    // globalThis.window / globalThis['document'] is the same thing spelled differently
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'globalThis' && HOST_GLOBALS.has(n.name.text)) {
      out.push({ name: `globalThis.${n.name.text}`, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    if (ts.isElementAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'globalThis' && ts.isStringLiteralLike(n.argumentExpression) && HOST_GLOBALS.has(n.argumentExpression.text)) {
      out.push({ name: `globalThis['${n.argumentExpression.text}']`, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const isRuntimePackage = (spec: string) =>
  spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]) ||
  RUNTIME_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`));

/** Violations of the layering rule in one file; `rel` is its path from the repo root with forward slashes. */
function checkFile(rel: string, source: string): string[] {
  const layer = layerOf(rel);
  if (!layer) return [];
  const sf = ts.createSourceFile(rel, source, ts.ScriptTarget.Latest, true, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const problems: string[] = [];
  for (const spec of specifiers(sf)) {
    const relative = spec.startsWith('.');
    const target = relative ? posix.normalize(posix.join(posix.dirname(rel), spec)) : spec;
    const targetLayer = relative ? layerOf(target) : (LAYERS as readonly string[]).includes(spec.split('/')[0]) ? (spec.split('/')[0] as Layer) : null;
    if (layer === 'shared') {
      if (targetLayer && targetLayer !== 'shared') problems.push(`${rel}: shared/ imports ${targetLayer}/ ('${spec}')`);
      else if (relative && target.startsWith('..')) problems.push(`${rel}: imports outside the repository ('${spec}')`);
      else if (!relative && isRuntimePackage(spec)) problems.push(`${rel}: shared/ imports a runtime-bound module '${spec}'`);
      continue;
    }
    if (targetLayer && targetLayer !== layer && targetLayer !== 'shared') problems.push(`${rel}: ${layer}/ imports ${targetLayer}/ ('${spec}')`);
    if (targetLayer === 'shared') {
      const t = target.replace(/\/$/, '').replace(/\.(ts|js|mjs)$/, '');
      if (t !== 'shared' && t !== 'shared/index') problems.push(`${rel}: imports shared/ past its entry point ('${spec}'); use shared/index`);
    }
  }
  if (layer === 'shared') for (const g of hostGlobals(sf)) problems.push(`${rel}:${g.line}: shared/ uses the host global '${g.name}'`);
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
  ])('%s: %s', (rel, src, expected) => {
    const problems = checkFile(rel, src);
    expect(problems.join('\n')).toMatch(expected);
  });

  it.each([
    ['shared/a.ts', "import { z } from 'zod';\nimport kk from '../locales/kk/dates.json';\nimport { x } from './b';"],
    ['shared/a.ts', '// window.print() is the renderer\'s job\n/* document and process */\nexport const s = "window document process Buffer";'],
    ['shared/a.ts', 'export const o = { document: 1, process: 2 };\nexport const p = o.document + o.process;\ntype T = { window: number };'],
    ['shared/a.ts', 'export const k = globalThis.crypto.randomUUID();\nexport const e = new TextEncoder();'],
    ['renderer/ui/a.tsx', "import { parseIin } from '../../shared';\nimport x from 'react';"],
    ['renderer/services/a.ts', "import type { Application } from '../../shared/index';\nimport { y } from './b';"],
    ['server/a.ts', "import { parseIin } from '../shared/index.ts';\nimport { readFileSync } from 'node:fs';"],
    ['electron/a.ts', "import { app } from 'electron';\nimport { buildForm } from '../shared';"],
    ['tests/unit/a.test.ts', "import { parseIin } from '../../shared/iin';"],
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
