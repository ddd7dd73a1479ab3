import request from 'supertest';

import { makeWorld, type World } from '../helpers/factories';
import { postGraphql } from '../helpers/http';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

describe('health', () => {
  it('answers /healthz while the process runs and /readyz once the database answers', async () => {
    await request(t.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(t.app).get('/readyz').expect(200);
    // the body may carry warnings too (a calendar that ends soon)
    expect(ready.body.status).toBe('ready');
  });

  it('answers /readyz with 503 until migrations are done', async () => {
    const { app, apollo } = await t.server({ isReady: () => false });
    await request(app).get('/readyz').expect(503);
    await apollo.stop();
  });
});

describe('errors', () => {
  it('masks an internal error: no stack, SQL or path, but a request id', async () => {
    const spy = jest
      .spyOn(t.services.legalDocuments, 'search')
      .mockRejectedValueOnce(new Error('relation "secret_table" does not exist'));
    const r = await t.gql(`{ legalDocuments { id } }`, {}, w.tokens.admin);
    spy.mockRestore();
    const e = r.errors![0];
    expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e.extensions.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(r.body)).not.toMatch(/secret_table|stacktrace|\.ts:/);
  });

  it('refuses an unknown input field before it reaches a resolver', async () => {
    const r = await t.gql(
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
      { i: { code: '990000', name: 'x', level: 'PROVINCE', extra: 1 } },
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('lists every bad field of an input with its path and a Chinese message', async () => {
    const r = await t.gql(
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
      { i: { code: '12', name: '  ', level: 'PROVINCE' } },
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.code', message: '地区代码应为 6 位行政区划代码' },
        { path: 'input.name', message: '不能为空' },
      ],
    });
  });

  it('refuses a duplicate region code with CONFLICT', async () => {
    const r = await t.gql(
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
      { i: { code: w.province.code, name: '重复', level: 'PROVINCE' } },
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('refuses an invalid date with BAD_USER_INPUT', async () => {
    const r = await t.gql(
      `mutation($i: CreateLegalDocumentInput!) { createLegalDocument(input: $i) { id } }`,
      { i: { title: '某法', issuer: '某机关', level: 'LAW', promulgatedOn: '2026-02-30' } },
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('limits', () => {
  it('refuses a query deeper than the limit', async () => {
    let q = 'code';
    for (let i = 0; i < 14; i++) q = `parent { ${q} }`;
    const r = await t.gql(`{ regions { ${q} } }`, {}, w.tokens.admin);
    expect(r.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ');
    const r = await t.gql(`{ ${aliases} }`, {}, w.tokens.admin);
    expect(r.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a body over the size limit', async () => {
    const res = await request(t.app)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: `{ me { id } }`, pad: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.status).toBe(413);
  });

  it('prevents CSRF: a simple form request is refused', async () => {
    const res = await request(t.app).get('/graphql?query={__typename}');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/CSRF|csrf|preflight/);
  });

  it('turns introspection off in production', async () => {
    const { app, apollo } = await t.server({ production: true });
    const res = await postGraphql(app, { query: '{ __schema { types { name } } }' });
    expect(res.body.errors?.[0]?.message).toMatch(/introspection/i);
    await apollo.stop();
  });
});
