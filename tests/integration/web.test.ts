import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import request from 'supertest';

import { loadConfig } from '../../src/config';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** A stand-in for the built console: the routes serve whatever vite wrote into the folder. */
const webDir = mkdtempSync(path.join(tmpdir(), 'pc-web-'));
mkdirSync(path.join(webDir, 'explorer'));
mkdirSync(path.join(webDir, 'assets'));
writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>控制台</title>');
writeFileSync(path.join(webDir, 'explorer', 'index.html'), '<!doctype html><title>调试器</title>');
writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');

const INTROSPECTION = '{ __schema { queryType { name } } }';
const apps: TestApp[] = [];
async function app(opts: Parameters<typeof startTestApp>[0]) {
  const t = await startTestApp({ webDir, ...opts });
  apps.push(t);
  return t;
}
afterAll(async () => {
  await Promise.all(apps.map((t) => t.close()));
  rmSync(webDir, { recursive: true, force: true });
});

describe('the console and the explorer', () => {
  it('serves the console at / and its hashed assets with a long cache', async () => {
    const t = await app({ production: true });
    const page = await request(t.app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('控制台');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await request(t.app).get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await request(t.app).get('/assets/missing.js')).status).toBe(404);
  });

  it('in production hides the explorer and refuses introspection unless EXPLORER is set', async () => {
    const t = await app({ production: true });
    const off = await request(t.app).get('/explorer');
    expect(off.status).toBe(404);
    expect(off.text).toContain('EXPLORER=true');
    expect((await t.gql(INTROSPECTION)).errors?.[0].message).toMatch(/introspection/i);

    const on = await app({ production: true, explorer: true });
    const page = await request(on.app).get('/explorer');
    expect(page.status).toBe(200);
    expect(page.text).toContain('调试器');
    expect((await on.gql(INTROSPECTION)).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
  });

  it('outside production serves the explorer with introspection by default', async () => {
    const t = await app({ production: false });
    expect((await request(t.app).get('/explorer')).status).toBe(200);
    expect((await t.gql(INTROSPECTION)).data).toBeTruthy();
  });

  it('shows no Apollo landing page (it loads from a CDN) in any mode', async () => {
    for (const production of [false, true]) {
      const t = await app({ production });
      const res = await request(t.app).get('/graphql').set('accept', 'text/html');
      expect(res.text ?? '').not.toMatch(/apollographql\.com|cdn\./);
    }
  });

  it('says how to build the console when it has not been built', async () => {
    const t = await startTestApp({ webDir: path.join(webDir, 'nothing-here') });
    apps.push(t);
    const res = await request(t.app).get('/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build');
  });

  it('reads the EXPLORER setting: off in production by default, true or false when set', () => {
    const base = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).explorer).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', EXPLORER: 'true' }).explorer).toBe(true);
    // no NODE_ENV at all is production (npm start with no settings)
    expect(loadConfig({ ...base }).explorer).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).explorer).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'development', EXPLORER: 'false' }).explorer).toBe(
      false,
    );
    expect(() => loadConfig({ ...base, EXPLORER: 'yes' })).toThrow(/EXPLORER/);
  });
});
