import type { AddressInfo } from 'node:net';

import request from 'supertest';

import { EXPENSIVE_BUDGET } from '../../src/common/expensive-fields';
import { createHttpServer } from '../../src/server';
import { makeWorld, type World } from '../helpers/factories';
import { postGraphql, trickle } from '../helpers/http';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

describe('a request that trickles in is cut after the request timeout', () => {
  let server: ReturnType<typeof createHttpServer>;
  let port: number;
  beforeAll(async () => {
    server = createHttpServer(t.app, 1000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a body sent a byte at a time', async () => {
    const body = JSON.stringify({ query: `{ ${'__typename '.repeat(20)}}` });
    const slow = trickle(
      port,
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      200,
    );
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/);
    // cut long before the body was complete (a byte every 200 ms, over a second)
    expect(slow.sent()).toBeLessThan(body.length);
  });

  it('headers sent a byte at a time', async () => {
    const slow = trickle(
      port,
      'GET /healthz HTTP/1.1\r\n',
      'X-Slow: ' + 'a'.repeat(200) + '\r\n\r\n',
      200,
    );
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408|^$/);
    expect(slow.sent()).toBeLessThan(200);
  });
});

describe('operations executing at once are capped', () => {
  const query = { query: '{ legalDocuments { id } }' };

  /** legalDocuments blocks until released: an operation that is executing. */
  function blockSearch() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    const original = t.services.legalDocuments.search.bind(t.services.legalDocuments);
    const spy = jest
      .spyOn(t.services.legalDocuments, 'search')
      .mockImplementationOnce(async (...args) => {
        entered();
        await gate;
        return original(...args);
      });
    return { release, started, spy };
  }

  it('past the cap a request waits briefly, then gets 503 SERVICE_UNAVAILABLE with Retry-After', async () => {
    const { app, apollo } = await t.server({
      production: true,
      gate: { maxConcurrent: 1, queueMs: 50 },
    });
    const block = blockSearch();
    const first = postGraphql(app, query, w.tokens.admin).then((r) => r);
    await block.started;
    const refused = await postGraphql(app, query, w.tokens.admin);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    // health is not gated
    await request(app).get('/healthz').expect(200);
    block.release();
    expect((await first).status).toBe(200);
    block.spy.mockRestore();
    // the place is free again
    const after = await postGraphql(app, query, w.tokens.admin);
    expect(after.status).toBe(200);
    await apollo.stop();
  });

  it('a request that waits less than the queue time is answered', async () => {
    const { app, apollo } = await t.server({
      production: true,
      gate: { maxConcurrent: 1, queueMs: 60_000 },
    });
    const block = blockSearch();
    const send = () => postGraphql(app, query, w.tokens.admin).then((r) => r);
    const first = send();
    await block.started;
    const second = send();
    // the second is queued behind the first; releasing the first lets it through
    await new Promise((r) => setImmediate(r));
    block.release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    block.spy.mockRestore();
    await apollo.stop();
  });
});

describe('expensive fields carry real costs', () => {
  const args = `scheme: "DISTRICT_SANHEYI", regionId: "${'00000000-0000-4000-8000-000000000000'}", from: "2026-01-01", to: "2026-12-31"`;

  it('20 aliases of ranking exceed the limit before anything runs', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `r${i}: ranking(${args}) { rank }`);
    const res = await postGraphql(t.app, { query: `{ ${aliases.join(' ')} }` }, w.tokens.admin);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(new RegExp(`上限 ${EXPENSIVE_BUDGET}`));
  });

  it('one ranking or two scorecards pass; more, or through fragments, do not', async () => {
    const passes = async (query: string) => {
      const r = await t.gql(query, {}, w.tokens.admin);
      return !(r.errors ?? []).some((e) => e.extensions.code === 'GRAPHQL_VALIDATION_FAILED');
    };
    expect(await passes(`{ ranking(${args}) { rank } }`)).toBe(true);
    expect(
      await passes(`{ a: scorecard(${args}) { score } b: scorecard(${args}) { score } }`),
    ).toBe(true);
    expect(await passes(`{ a: ranking(${args}) { rank } b: scorecard(${args}) { score } }`)).toBe(
      false,
    );
    expect(
      await passes(
        `query { ...R ...R } fragment R on Query { ranking(${args}) { rank } }`.replace(
          '...R ...R',
          'a: ranking(' + args + ') { rank } ...R',
        ),
      ),
    ).toBe(false);
  });
});
