import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

import pino from 'pino';
import request from 'supertest';

import { createDataSource } from '../../ormconfig';
import { CountingLogger } from '../../src/db/query-counter';
import { createServer } from '../../src/server';
import { createServices } from '../../src/services';
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

const post = (body: object, token?: string) => postGraphql(t.app, body, token);

describe('a malformed id is BAD_USER_INPUT naming the argument', () => {
  const operations: [string, string][] = [
    ['power', `{ power(id: "abc") { id } }`],
    ['unit', `{ unit(id: "abc") { id } }`],
    ['region', `{ region(id: "abc") { id } }`],
    ['changeRequest', `{ changeRequest(id: "abc") { id } }`],
    ['legalDocument', `{ legalDocument(id: "abc") { id } }`],
    [
      'scorecard',
      `{ scorecard(scheme: "x", from: "2026-01-01", to: "2026-12-31", unitId: "abc") { total } }`,
    ],
    ['approveChangeRequest', `mutation { approveChangeRequest(id: "abc") { id } }`],
  ];
  it.each(operations)('as a literal: %s', async (_name, query) => {
    const res = await post({ query }, w.tokens.admin);
    expect(res.status).toBe(400);
    const e = res.body.errors[0];
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields).toEqual([
      { path: expect.stringMatching(/Id$|^id$/), message: expect.any(String) },
    ]);
    expect(e.message).toMatch(/id|Id/);
  });

  it('as a variable, naming the variable', async () => {
    const counted = t.counter.count;
    const res = await post(
      { query: `query($id: ID!) { unit(id: $id) { id } }`, variables: { id: 'abc' } },
      w.tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'id' }],
    });
    // refused before any SQL but the token's (cached) look-up
    expect(t.counter.count - counted).toBeLessThanOrEqual(1);
  });

  it('nested in an input, as a literal and as a variable, with its path', async () => {
    const literal = await post(
      {
        query: `mutation { createUnit(input: { code: "X1", name: "某局", regionId: "r-1" }) { id } }`,
      },
      w.tokens.admin,
    );
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].extensions.fields).toEqual([
      { path: 'input.regionId', message: expect.any(String) },
    ]);
    const variable = await post(
      {
        query: `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
        variables: {
          i: [
            {
              unitId: w.unit.id,
              draft: { subject: { unitId: 'x', coImplementerIds: [w.unit.id, 'nope'] } },
            },
          ],
        },
      },
      w.tokens.admin,
    );
    expect(variable.status).toBe(400);
    expect(variable.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'i[0].draft.subject.unitId', message: expect.any(String) },
        { path: 'i[0].draft.subject.coImplementerIds[1]', message: expect.any(String) },
      ],
    });
  });

  it('accepts a well-formed id that names nothing: NOT_FOUND or null, never an error of the server', async () => {
    const r = await t.gql(
      `{ unit(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      {},
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions.code ?? 'none').not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('text a person did not type is BAD_USER_INPUT before any database call', () => {
  const bad: [string, string][] = [
    ['a NUL byte', 'a\u0000b'],
    ['a bell', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
  ];
  it.each(bad)('%s in a variable', async (_name, text) => {
    const counted = t.counter.count;
    const res = await post(
      { query: `query($c: String) { power(code: $c) { id } }`, variables: { c: text } },
      w.tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'c' }],
    });
    expect(t.counter.count - counted).toBeLessThanOrEqual(1);
  });

  it.each(bad)('%s in a literal, without a token (login)', async (name, text) => {
    const counted = t.counter.count;
    const res = await post({
      query: `mutation { login(username: ${JSON.stringify(text)}, password: "x") { token } }`,
    });
    expect(res.status).toBe(400);
    // GraphQL's lexer refuses a lone surrogate itself, as a syntax error
    expect(res.body.errors[0].extensions).toMatchObject(
      name.includes('surrogate')
        ? { code: 'GRAPHQL_PARSE_FAILED' }
        : { code: 'BAD_USER_INPUT', fields: [{ path: 'username' }] },
    );
    expect(t.counter.count).toBe(counted);
  });

  it('nested in an input variable, with its path', async () => {
    const res = await post(
      {
        query: `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`,
        variables: { i: { code: 'X1', name: '某\u0000局', regionId: w.county.id } },
      },
      w.tokens.admin,
    );
    expect(res.body.errors[0].extensions.fields).toEqual([
      { path: 'i.name', message: expect.any(String) },
    ]);
  });

  it('lets tab, newline, carriage return and paired surrogates through', async () => {
    const r = await t.gql(
      `query($c: String) { power(code: $c) { id } }`,
      { c: 'a\tb\nc\r😀' },
      w.tokens.admin,
    );
    expect(r.errors?.[0]?.extensions.code).not.toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('a garbage cursor is BAD_USER_INPUT', () => {
  it.each(['zzzz', '!!!', 'AA', 'AAAA', Buffer.from('a\u0001b').toString('base64url'), ''])(
    'after: %j',
    async (after) => {
      const r = await t.gql(
        `query($a: String) { powers(first: 5, after: $a) { edges { cursor } } }`,
        { a: after },
        w.tokens.admin,
      );
      if (after === '') expect(r.errors).toBeUndefined();
      else expect(r.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    },
  );
});

describe('a request that is not valid GraphQL is HTTP 400', () => {
  it('a syntax error', async () => {
    const res = await post({ query: `{ power(` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('more tokens than the limit', async () => {
    const res = await post({ query: `{ ${Array.from({ length: 6000 }, () => 'a').join(' ')} }` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/token/i);
  });

  it('an unknown field, too deep, too many aliases, too costly', async () => {
    let deep = 'code';
    for (let i = 0; i < 14; i++) deep = `parent { ${deep} }`;
    const queries = [
      `{ nothing }`,
      `{ regions { ${deep} } }`,
      `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: powers(first: 100) { edges { node { id code name current { content { name } } } } }`).join(' ')} }`,
    ];
    for (const query of queries) {
      const res = await post({ query }, w.tokens.admin);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('a variable of the wrong type', async () => {
    const res = await post({
      query: `query($f: Int) { powers(first: $f) { totalCount } }`,
      variables: { f: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('body-parser refusals answer the contract JSON shape, never HTML', () => {
  for (const production of [false, true]) {
    describe(production ? 'in production' : 'in development', () => {
      let app: TestApp['app'];
      let stop: () => Promise<void>;
      beforeAll(async () => {
        const s = await t.server({ production });
        app = s.app as TestApp['app'];
        stop = () => s.apollo.stop();
      });
      afterAll(() => stop());

      const expectJson = (res: request.Response, status: number) => {
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body).toEqual({
          errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT' } }],
        });
        expect(res.text).not.toMatch(/<html|node_modules|at \w+ \(/i);
      };

      it('bad JSON', async () => {
        const res = await request(app)
          .post('/graphql')
          .set('content-type', 'application/json')
          .send('{"query": "mutation { login(username: \\"a\\", password: \\"s3cret\\") }" bad');
        expectJson(res, 400);
        expect(res.text).not.toMatch(/s3cret/);
      });

      it('a body over the limit', async () => {
        const res = await request(app)
          .post('/graphql')
          .set('content-type', 'application/json')
          .send({ query: '{ me { id } }', pad: 'x'.repeat(3 * 1024 * 1024) });
        expectJson(res, 413);
      });

      it('an encoding or charset it cannot read', async () => {
        expectJson(
          await request(app)
            .post('/graphql')
            .set('content-type', 'application/json; charset=latin9')
            .send('{"query":"{ me { id } }"}'),
          415,
        );
        expectJson(
          await request(app)
            .post('/graphql')
            .set('content-type', 'application/json')
            .set('content-encoding', 'x-unknown')
            .send('{"query":"{ me { id } }"}'),
          415,
        );
      });

      it('an unknown path is a JSON 404', async () => {
        const res = await request(app).post('/nothing-here').send('x');
        expect(res.status).toBe(404);
        expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
      });
    });
  }
});

/** A TCP proxy to PostgreSQL that can be cut, as an outage looks from the service. */
async function cuttableProxy(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((client) => {
    const upstream = new (require('node:net').Socket)() as Socket;
    upstream.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(target.href);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

describe('a database outage', () => {
  it('is HTTP 503 SERVICE_UNAVAILABLE with Retry-After, for GraphQL and for a token', async () => {
    const proxy = await cuttableProxy(new URL(t.serviceUrl));
    const ds = createDataSource(proxy.url, new CountingLogger());
    await ds.initialize();
    const services = createServices(ds, {
      jwtSecret: 'test-secret-test-secret-test-secret!',
      jwtTtlSeconds: 3600,
    });
    const { app, apollo } = await createServer({
      ds,
      services,
      log: pino({ level: 'silent' }),
      production: true,
    });
    const token = await services.tokens.sign(w.userIds.admin);
    try {
      const before = await postGraphql(app, { query: '{ legalDocuments { id } }' }, token);
      expect(before.status).toBe(200);
      await proxy.cut();
      const asked = [
        { query: 'mutation { login(username: "someone", password: "password1") { token } }' },
        { query: 'query($id: ID!) { unit(id: $id) { id } }', variables: { id: w.unit.id } },
      ];
      // a token whose user is not in the auth cache: the look-up itself meets the outage
      const uncached = await services.tokens.sign(w.userIds.countyReviewer);
      asked.push(asked[1]);
      for (const [i, auth] of [undefined, token, uncached].entries()) {
        const res = await postGraphql(app, asked[i], auth);
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
        expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
        expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      }
    } finally {
      await apollo.stop();
      await ds.destroy().catch(() => undefined);
    }
  });
});
