import pino from 'pino';
import request from 'supertest';

import { loadConfig } from '../../src/config';
import { createServer } from '../../src/server';
import { makeWorld, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * `npm start` with no settings is production-safe: no introspection, no suggestion of any kind,
 * no stack, no external landing page; development behaviour only with NODE_ENV=development.
 */
const SECRET = { JWT_SECRET: 'x'.repeat(32) };

let t: TestApp;
let w: World;
let prod: Awaited<ReturnType<typeof createServer>>;
let dev: Awaited<ReturnType<typeof createServer>>;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const serve = (env: NodeJS.ProcessEnv) => {
    const config = loadConfig({ ...SECRET, DATA_DIR: '/nonexistent-unused', ...env });
    return createServer({
      ds: t.serviceDs,
      services: t.services,
      log: pino({ level: 'silent' }),
      production: config.production,
      explorer: config.explorer,
    });
  };
  prod = await serve({});
  dev = await serve({ NODE_ENV: 'development' });
});
afterAll(async () => {
  await prod.apollo.stop();
  await dev.apollo.stop();
  await t.close();
});

const ask = (app: typeof prod.app, body: object, token?: string) => {
  let req = request(app).post('/graphql').set('content-type', 'application/json');
  if (token) req = req.set('authorization', `Bearer ${token}`);
  return req.send(body);
};

describe('settings', () => {
  it('is production without NODE_ENV, development only when NODE_ENV says so', () => {
    expect(loadConfig(SECRET)).toMatchObject({ production: true, explorer: false });
    expect(loadConfig({ ...SECRET, NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ ...SECRET, NODE_ENV: 'staging' }).production).toBe(true);
    expect(loadConfig({ ...SECRET, NODE_ENV: 'development' })).toMatchObject({
      production: false,
      explorer: true,
    });
  });

  it('reads the listening address from HOST: every interface when unset', () => {
    expect(loadConfig(SECRET).host).toBeUndefined();
    expect(loadConfig({ ...SECRET, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('npm run dev is the development start, npm start is not', () => {
    const { scripts } = require('../../package.json') as { scripts: Record<string, string> };
    expect(scripts.dev).toMatch(/NODE_ENV=development/);
    expect(scripts.start).not.toMatch(/NODE_ENV/);
  });
});

describe('with no settings', () => {
  it('refuses introspection, anonymously and with a token', async () => {
    for (const token of [undefined, w.tokens.admin]) {
      for (const query of [
        '{ __schema { types { name } } }',
        '{ __type(name: "Power") { name } }',
      ]) {
        const res = await ask(prod.app, { query }, token);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].message).toMatch(/introspection/i);
        expect(JSON.stringify(res.body)).not.toMatch(/"Power"|types/);
      }
    }
  });

  it('suggests nothing: no field, argument, type or enum value', async () => {
    const asked = [
      { query: '{ powerz { id } }' },
      { query: '{ power(idd: "x") { id } }' },
      { query: 'query($x: Strin) { power(code: $x) { id } }' },
      { query: '{ powers(filter: { status: ACTIV }) { totalCount } }' },
      {
        query: 'query($f: PowerFilter) { powers(filter: $f) { totalCount } }',
        variables: { f: { status: 'ACTIV' } },
      },
      { query: '{ me { usernam } }' },
    ];
    for (const body of asked) {
      const res = await ask(prod.app, body, w.tokens.admin);
      expect(res.status).toBe(400);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/Did you mean|Suggestion|ACTIVE|"id"|"String"|username/);
    }
  });

  it('shows no stack, SQL or path in any error, GraphQL or HTTP', async () => {
    const spy = jest
      .spyOn(t.services.legalDocuments, 'search')
      .mockRejectedValueOnce(new Error('relation "secret_table" does not exist'));
    const internal = await ask(prod.app, { query: '{ legalDocuments { id } }' }, w.tokens.admin);
    spy.mockRestore();
    expect(internal.body.errors[0].extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: expect.any(String),
    });
    const badJson = await request(prod.app)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": x');
    for (const res of [internal, badJson]) {
      expect(res.text).not.toMatch(/secret_table|stack|node_modules|\.ts:\d|<html/i);
    }
  });

  it('serves no landing page and no explorer', async () => {
    const page = await request(prod.app).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/apollographql|embeddable|sandbox|cdn/i);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect((await request(prod.app).get('/explorer')).status).toBe(404);
  });
});

describe('with NODE_ENV=development', () => {
  it('introspects and suggests', async () => {
    const schema = await ask(dev.app, { query: '{ __type(name: "Power") { name } }' });
    expect(schema.body.data.__type.name).toBe('Power');
    const typo = await ask(dev.app, {
      query: '{ powers(filter: { status: ACTIV }) { totalCount } }',
    });
    expect(typo.body.errors[0].message).toMatch(/Did you mean the enum value "ACTIVE"/);
  });
});
