/**
 * The district console's page and assets as the district server serves them
 * (server/http/consoleStatic.ts): only files listed at start, the right types,
 * a year's cache for hashed assets and none for the page, never the desk's
 * page or worker, no way out of the folder, and a clear page when the console
 * is not built. A Fastify app with only this handler, over a temporary folder
 * shaped like a build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsoleStatic } from '../../server/http/consoleStatic';

let root: string;
let built: FastifyInstance;
let empty: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'console-static-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'console.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.x = 1;');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  writeFileSync(join(dist, 'assets', 'console-AbC123.js'), 'console.log(1);');
  writeFileSync(join(dist, 'assets', 'styles-Xy9.css'), 'body{}');
  writeFileSync(join(dist, 'assets', 'Tinos-Regular-Q1.ttf'), 'ttf');
  writeFileSync(join(dist, 'assets', 'console-AbC123.js.map'), '{}');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  built = Fastify();
  expect(registerConsoleStatic(built, { dir: dist }).built).toBe(true);
  empty = Fastify();
  mkdirSync(join(root, 'nothing'));
  expect(registerConsoleStatic(empty, { dir: join(root, 'nothing') }).built).toBe(false);
});

afterAll(async () => {
  await built.close();
  await empty.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the console served by the district server', () => {
  it('sends the root and /console to /console/', async () => {
    const root = await built.inject('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    expect((await built.inject('/console')).headers.location).toBe('/console/');
  });

  it('serves the page uncached and the hashed assets for a year, with their types', async () => {
    const page = await built.inject('/console/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('<title>console</title>');

    const js = await built.inject('/console/assets/console-AbC123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await built.inject('/console/assets/styles-Xy9.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await built.inject('/console/assets/Tinos-Regular-Q1.ttf')).headers['content-type']).toBe('font/ttf');
    expect((await built.inject('/console/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it("never serves the desk's page or worker, source maps, dot-files, or anything outside the folder", async () => {
    for (const path of [
      '/console/index.html',
      '/console/sw.js',
      '/console/assets/console-AbC123.js.map',
      '/console/.env',
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/assets/%2e%2e/%2e%2e/secret.txt',
      '/console/..%2fsecret.txt',
      '/console/assets/',
      '/console/nope.js',
    ]) {
      const res = await built.inject(path);
      expect(res.statusCode, path).not.toBe(200);
      expect(res.body, path).not.toContain('outside');
      expect(res.body, path).not.toContain('SECRET');
      expect(res.body, path).not.toContain('desk');
    }
  });

  it('says how to build the console when it is not built', async () => {
    const res = await empty.inject('/console/');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('npx vite build');
    expect(res.body).toContain('Консоль района не собрана');
    expect(res.body).toContain('Аудан консолі құрастырылмаған');
    expect((await empty.inject('/console/assets/x.js')).headers.location).toBe('/console/');
  });
});
