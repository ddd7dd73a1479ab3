import { connect, type AddressInfo } from 'node:net';

import fc from 'fast-check';
import type { Pool } from 'pg';
import pino from 'pino';
import request from 'supertest';

import { createHttpServer, createServer } from '../../src/server';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The compiled read path (src/graphql/fast-path.ts) answers the hot reads with one statement.
// Two servers over one database, one with it and one without, must answer every caller the same
// body, so every role still sees only its scope, and everything it does not compile (errors,
// refusals, limits) is still Apollo's.

let t: TestApp;
let w: World;
let fast: Awaited<ReturnType<typeof createServer>>;
let slow: Awaited<ReturnType<typeof createServer>>;

const ROLES = [
  'admin',
  'cityReviewer',
  'countyReviewer',
  'otherReviewer',
  'assessor',
  'unitLegal',
  'unitOperator',
  'otherUnitLegal',
] as const;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  const input = [];
  for (const unit of [w.unit, w.otherUnit, w.cityUnit]) {
    for (let i = 1; i <= 4; i++) {
      input.push({
        unitId: unit.id,
        draft: penaltyDraft(unit, i % 2 ? w.law.id : w.repealedLaw.id, i),
      });
    }
  }
  await t.ok(
    `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
    { i: input },
    w.tokens.admin,
  );
  await t.ok(
    `mutation($i: RecordAmendmentInput!) { recordAmendment(input: $i) { id } }`,
    { i: { documentId: w.law.id, amendedOn: '2026-09-01', note: '修改' } },
    w.tokens.admin,
  );
  for (const [token, unit] of [
    [w.tokens.unitLegal, w.unit],
    [w.tokens.otherUnitLegal, w.otherUnit],
  ] as const) {
    const p = await t.ok(`{ power(code: "${unit.code}-CF-0001") { id } }`, {}, token);
    await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      { i: { kind: 'MODIFY', powerId: p.power.id, reason: '调整', draft: { name: '新名称' } } },
      token,
    );
    await t.ok(
      `mutation($i: CreateChangeRequestInput!) { createChangeRequest(input: $i) { id } }`,
      {
        i: { kind: 'ADD', unitId: unit.id, reason: '新增', draft: penaltyDraft(unit, w.law.id, 9) },
      },
      token,
    );
  }
  const log = pino({ level: 'silent' });
  const base = { ds: t.serviceDs, services: t.services, log, production: false };
  fast = await createServer(base);
  slow = await createServer({ ...base, fastPath: false });
}, 90_000);
afterAll(async () => {
  await fast.apollo.stop();
  await slow.apollo.stop();
  await t.close();
});

async function post(app: typeof fast.app, query: string, variables: unknown, token?: string) {
  let req = request(app)
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('x-request-id', 'fast-path-test');
  if (token) req = req.set('authorization', `Bearer ${token}`);
  return req.send({ query, variables });
}

/** Both servers' answers; whether the compiled path answered the first. */
async function both(query: string, variables: unknown = {}, token?: string) {
  const before = fast.fastPath!.answered;
  const a = await post(fast.app, query, variables, token);
  const answered = fast.fastPath!.answered > before;
  const b = await post(slow.app, query, variables, token);
  return { a, b, answered };
}

const PAGE = `{ powers(first: 50) { edges { node { code status unit { name } current { name category legalBases { articles document { title } } } } } } }`;
const SHAPES: Record<string, string> = {
  page: PAGE,
  pageWithEverything: `query($after: String) { powers(first: 2, after: $after) { __typename totalCount
    pageInfo { hasNextPage endCursor __typename }
    edges { cursor __typename node { __typename id code status isKey
      unit { id code name }
      current { id versionNo name category legalTimeLimitDays promisedTimeLimitDays validFrom validTo
        legalBases { articles excerpt document { id title issuer level promulgatedOn effectiveOn repealedOn } } } } } } }`,
  changeRequests: `{ changeRequests(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
    id kind status reason triggeredOn dueOn late submittedAt decidedAt decisionNote createdAt
    power { code current { name } } unit { name } } } } }`,
  changeRequestsDue: `{ changeRequests(first: 1, orderBy: DUE_SOONEST) { pageInfo { hasNextPage endCursor } edges { node { id dueOn } } } }`,
  obligations: `{ obligations(first: 20) { totalCount pageInfo { hasNextPage } edges { cursor node {
    id cause triggeredOn dueOn metOn power { code status current { name } } } } } }`,
  obligationsDue: `{ obligations(first: 3, orderBy: DUE_SOONEST) { edges { node { id dueOn } } } }`,
  fragmentsAndAliases: `query Q { __typename list: powers(first: 3) { ...conn } }
    fragment conn on PowerConnection { edges { node { c: code ... on Power { code unit { n: name } } current { name } current { category } } } }`,
};

describe('the compiled read path', () => {
  it('answers every hot shape for every role exactly as the resolvers do', async () => {
    for (const role of ROLES) {
      for (const [name, query] of Object.entries(SHAPES)) {
        const { a, b, answered } = await both(query, {}, w.tokens[role]);
        expect({ name, role, status: a.status, body: a.body }).toEqual({
          name,
          role,
          status: b.status,
          body: b.body,
        });
        expect(a.body.errors).toBeUndefined();
        expect({ name, role, answered }).toEqual({ name, role, answered: true });
      }
    }
  });

  it('shows each scope its own rows: a unit user its unit, a county reviewer its county', async () => {
    const codes = async (role: (typeof ROLES)[number]) =>
      (await post(fast.app, PAGE, {}, w.tokens[role])).body.data.powers.edges.map(
        (e: any) => e.node.code as string,
      );
    const ofUnit = (u: { code: string }) => [1, 2, 3, 4].map((i) => `${u.code}-CF-000${i}`);
    expect(await codes('unitLegal')).toEqual(ofUnit(w.unit));
    expect(await codes('unitOperator')).toEqual(ofUnit(w.unit));
    expect(await codes('countyReviewer')).toEqual(ofUnit(w.unit));
    expect(await codes('otherReviewer')).toEqual(ofUnit(w.otherUnit));
    expect(await codes('otherUnitLegal')).toEqual(ofUnit(w.otherUnit));
    expect((await codes('cityReviewer')).length).toBe(12);
    expect((await codes('assessor')).length).toBe(12);
    const cr = await post(
      fast.app,
      `{ changeRequests { edges { node { unit { name } } } } }`,
      {},
      w.tokens.unitLegal,
    );
    expect(cr.body.data.changeRequests.edges.map((e: any) => e.node.unit.name)).toEqual([
      '市场监督管理局',
      '市场监督管理局',
    ]);
  });

  it('pages with the same cursors, and a power by id or code, as the resolvers', async () => {
    const first = await post(fast.app, SHAPES.pageWithEverything, {}, w.tokens.cityReviewer);
    const after = first.body.data.powers.pageInfo.endCursor;
    const { a, b, answered } = await both(
      SHAPES.pageWithEverything,
      { after },
      w.tokens.cityReviewer,
    );
    expect(a.body).toEqual(b.body);
    expect(answered).toBe(true);
    expect(a.body.data.powers.edges[0].node.code).not.toBe(
      first.body.data.powers.edges[0].node.code,
    );
    const id = first.body.data.powers.edges[0].node.id;
    for (const q of [
      `{ power(id: "${id}") { id code current { name } } }`,
      `{ power(code: "${w.unit.code}-CF-0001") { code unit { name } } }`,
    ]) {
      const r = await both(q, {}, w.tokens.cityReviewer);
      expect(r.a.body).toEqual(r.b.body);
      expect(r.answered).toBe(true);
    }
  });

  it('sends the headers the resolvers send', async () => {
    const { a, b } = await both(PAGE, {}, w.tokens.unitLegal);
    const pick = (h: Record<string, string>) => ({
      'content-type': h['content-type'],
      'cache-control': h['cache-control'],
      // the server's own id on both paths, never the client's
      requestId:
        /^[0-9a-f-]{36}$/.test(h['x-request-id']) && h['x-request-id'] !== 'fast-path-test',
      vary: h.vary,
    });
    expect(pick(a.headers)).toEqual(pick(b.headers));
  });

  it('leaves other media types to Apollo', async () => {
    for (const accept of [
      'application/graphql-response+json',
      'text/html',
      'application/json;q=0',
    ]) {
      const before = fast.fastPath!.answered;
      const a = await request(fast.app)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('accept', accept)
        .set('authorization', `Bearer ${w.tokens.admin}`)
        .send({ query: PAGE });
      const b = await request(slow.app)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('accept', accept)
        .set('authorization', `Bearer ${w.tokens.admin}`)
        .send({ query: PAGE });
      expect({ accept, answered: fast.fastPath!.answered > before }).toEqual({
        accept,
        answered: false,
      });
      expect([a.status, a.headers['content-type'], a.body]).toEqual([
        b.status,
        b.headers['content-type'],
        b.body,
      ]);
    }
  });

  it('leaves refusals, bad input and limits to Apollo, with the same errors', async () => {
    const cases: [string, unknown, string | undefined][] = [
      [PAGE, {}, undefined],
      [PAGE, {}, 'not-a-token'],
      [`{ power(code: "${w.otherUnit.code}-CF-0001") { code } }`, {}, w.tokens.unitLegal],
      [`{ power(code: "${w.otherUnit.code}-CF-0001") { code } }`, {}, w.tokens.countyReviewer],
      [`{ power(code: "no-such-code") { code } }`, {}, w.tokens.admin],
      [`{ power(id: "not-a-uuid") { code } }`, {}, w.tokens.admin],
      [`{ power { code } }`, {}, w.tokens.admin],
      [`{ powers(first: 500) { edges { node { code } } } }`, {}, w.tokens.admin],
      [`{ powers(after: "!!") { edges { node { code } } } }`, {}, w.tokens.admin],
      [`{ changeRequests(after: "bm90LWEtdXVpZA") { edges { node { id } } } }`, {}, w.tokens.admin],
      [
        `query($f: Int) { powers(first: $f) { edges { node { code } } } }`,
        { f: 'x' },
        w.tokens.admin,
      ],
      [`{ powers { edges { node { code nope } } } }`, {}, w.tokens.admin],
      [
        `{ powers { ${Array.from({ length: 25 }, (_, i) => `a${i}: totalCount`).join(' ')} } }`,
        {},
        w.tokens.admin,
      ],
      [
        `{ powers(filter: { unitId: "${w.otherUnit.id}" }) { edges { node { code } } } }`,
        {},
        w.tokens.unitLegal,
      ],
    ];
    for (const [query, variables, token] of cases) {
      const { a, b, answered } = await both(query, variables, token);
      expect({ query, answered }).toEqual({ query, answered: false });
      expect({ query, status: a.status, errors: a.body.errors }).toEqual({
        query,
        status: b.status,
        errors: b.body.errors,
      });
      expect(a.body.errors?.length).toBeGreaterThan(0);
    }
  });

  it('answers any selection of the compiled fields, aliased or not, as the resolvers do', async () => {
    const pick = (fields: string[]) =>
      fc
        .subarray(fields, { minLength: 1 })
        .chain((fs) =>
          fc.tuple(
            ...fs.map((f) =>
              fc.boolean().map((aliased) => (aliased ? `x_${f.replace(/\W.*/, '')}: ${f}` : f)),
            ),
          ),
        )
        .map((fs) => fs.join(' '));
    const version = pick([
      'id',
      'versionNo',
      'name',
      'category',
      'validFrom',
      'validTo',
      'legalBases { articles excerpt document { title level promulgatedOn } }',
    ]);
    const powerSel = fc
      .tuple(pick(['id', 'code', 'status', 'isKey', 'unit { code name }', '__typename']), version)
      .map(([p, v]) => `${p} current { ${v} }`);
    const shape = fc.oneof(
      powerSel.map(
        (p) => `{ powers(first: 7) { edges { node { ${p} } } pageInfo { hasNextPage } } }`,
      ),
      powerSel.map(
        (p) => `{ obligations(first: 5) { edges { node { id dueOn power { ${p} } } } } }`,
      ),
      powerSel.map(
        (p) => `{ changeRequests(first: 3) { edges { node { kind createdAt power { ${p} } } } } }`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(shape, fc.constantFrom(...ROLES), async (query, role) => {
        const { a, b, answered } = await both(query, {}, w.tokens[role]);
        expect(answered).toBe(true);
        expect(a.body).toEqual(b.body);
      }),
      { numRuns: 40 },
    );
  });

  it('prepares its statement once per connection and plans it once, instead of on every request', async () => {
    const pool = (t.serviceDs.driver as unknown as { master: Pool }).master;
    /** every connection's prepared statements of the page in the city reviewer's scope */
    const preparedPages = async () => {
      const clients = await Promise.all(
        Array.from({ length: pool.totalCount }, () => pool.connect()),
      );
      try {
        const all = await Promise.all(
          clients.map(
            async (c) =>
              (
                await c.query<{
                  name: string;
                  statement: string;
                  generic_plans: string;
                  custom_plans: string;
                }>(
                  `SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements`,
                )
              ).rows,
          ),
        );
        return all.map((rows) =>
          rows
            .filter((r) => r.statement.includes('LIMIT 51') && r.statement.includes(w.city.id))
            .map((r) => {
              // a region scope's page has no parameter: its one plan serves every execution
              expect(Number(r.custom_plans)).toBe(0);
              expect(Number(r.generic_plans)).toBeGreaterThan(0);
              return r.name;
            }),
        );
      } finally {
        for (const c of clients) c.release();
      }
    };
    const run = (n: number) =>
      Promise.all(Array.from({ length: n }, () => post(fast.app, PAGE, {}, w.tokens.cityReviewer)));
    await run(12);
    const before = await preparedPages();
    expect(before.flat().length).toBeGreaterThan(0);
    for (const names of before) {
      expect(names.length).toBeLessThanOrEqual(1);
      for (const name of names) expect(name).toMatch(/^pc_fast_/);
    }
    // the same text again: the same prepared statement, none added
    await run(12);
    const after = await preparedPages();
    expect(new Set(after.flat())).toEqual(new Set(before.flat()));
  });

  it('costs one statement for the bench page, one more with totalCount', async () => {
    await post(fast.app, PAGE, {}, w.tokens.cityReviewer);
    let before = t.counter.count;
    await post(fast.app, PAGE, {}, w.tokens.cityReviewer);
    expect(t.counter.count - before).toBe(1);
    before = t.counter.count;
    await post(
      fast.app,
      PAGE.replace('powers(first: 50) {', 'powers(first: 50) { totalCount'),
      {},
      w.tokens.cityReviewer,
    );
    expect(t.counter.count - before).toBe(2);
  });
});

// The bare front (src/graphql/front.ts): the http listener in front of express that answers what
// the compiled path can. Every request sent to it must get exactly what express alone (with the
// compiled path as its middleware) answers: status, headers, body.
describe('the bare front', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  interface Raw {
    method?: 'GET' | 'POST';
    url?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  async function send(app: Parameters<typeof request>[0], raw: Raw) {
    const method = raw.method ?? 'POST';
    let req =
      method === 'GET'
        ? request(app).get(raw.url ?? '/graphql')
        : request(app).post(raw.url ?? '/graphql');
    req = req.set('x-request-id', 'client-chosen-id');
    for (const [k, v] of Object.entries(raw.headers ?? {})) req = req.set(k, v);
    const res = await (raw.body !== undefined ? req.send(raw.body) : req);
    const { date: _date, 'x-request-id': id, ...headers } = res.headers as Record<string, string>;
    return { status: res.status, id, headers, text: res.text };
  }

  /** The front's answer and express's, and whether the front answered itself. */
  async function viaBoth(raw: Raw) {
    const before = fast.front!.answered;
    const a = await send(fast.app, raw);
    const byFront = fast.front!.answered > before;
    const b = await send(fast.express, raw);
    // the server's own id on both, never the client's
    expect(a.id).toMatch(UUID);
    expect(b.id).toMatch(UUID);
    return {
      a: { status: a.status, headers: a.headers, text: a.text },
      b: { status: b.status, headers: b.headers, text: b.text },
      byFront,
    };
  }

  const json = (token?: string, type = 'application/json') => ({
    'content-type': type,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  const point = () => `{ power(code: "${w.unit.code}-CF-0001") { code current { name } } }`;

  it('answers the compiled shapes itself, with the same status, headers and body as express', async () => {
    const limit = 2 * 1024 * 1024;
    const exactly = (text: string) => text + ' '.repeat(limit - Buffer.byteLength(text));
    const cases: [string, Raw][] = [
      ['the page', { headers: json(w.tokens.cityReviewer), body: JSON.stringify({ query: PAGE }) }],
      [
        'a point look-up',
        { headers: json(w.tokens.unitLegal), body: JSON.stringify({ query: point() }) },
      ],
      [
        'a UTF-8 charset',
        {
          headers: json(w.tokens.admin, 'application/json; charset=utf-8'),
          body: JSON.stringify({ query: PAGE }),
        },
      ],
      [
        'a leading BOM',
        { headers: json(w.tokens.admin), body: '\ufeff' + JSON.stringify({ query: point() }) },
      ],
      [
        'a body of exactly the limit',
        { headers: json(w.tokens.admin), body: exactly(JSON.stringify({ query: point() })) },
      ],
      [
        'variables and an operation name',
        {
          headers: json(w.tokens.countyReviewer),
          body: JSON.stringify({
            query: `query Q($c: String!) { power(code: $c) { code } } query R { __typename }`,
            operationName: 'Q',
            variables: { c: `${w.unit.code}-CF-0002` },
          }),
        },
      ],
    ];
    for (const [name, raw] of cases) {
      const { a, b, byFront } = await viaBoth(raw);
      expect({ name, byFront }).toEqual({ name, byFront: true });
      expect({ name, ...a }).toEqual({ name, ...b });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text).errors).toBeUndefined();
    }
  });

  it('passes everything else to express, which answers it exactly as without the front', async () => {
    const limit = 2 * 1024 * 1024;
    const cases: [string, Raw][] = [
      ['bad JSON', { headers: json(w.tokens.admin), body: '{"query": "{ me { id } }" bad' }],
      [
        'JSON that is not an object or a list',
        { headers: json(w.tokens.admin), body: ' "a string"' },
      ],
      ['an empty body', { headers: json(w.tokens.admin), body: '' }],
      [
        'a batch',
        { headers: json(w.tokens.admin), body: JSON.stringify([{ query: PAGE }, { query: PAGE }]) },
      ],
      [
        'a body over the limit',
        {
          headers: json(w.tokens.admin),
          body: JSON.stringify({ query: PAGE }) + ' '.repeat(limit),
        },
      ],
      [
        'text/plain',
        { headers: json(w.tokens.admin, 'text/plain'), body: JSON.stringify({ query: PAGE }) },
      ],
      [
        'another charset',
        {
          headers: json(w.tokens.admin, 'application/json; charset=latin9'),
          body: JSON.stringify({ query: PAGE }),
        },
      ],
      [
        'a content encoding',
        {
          headers: { ...json(w.tokens.admin), 'content-encoding': 'x-unknown' },
          body: JSON.stringify({ query: PAGE }),
        },
      ],
      [
        'GET',
        {
          method: 'GET',
          url: `/graphql?query=${encodeURIComponent(PAGE)}`,
          headers: {
            authorization: `Bearer ${w.tokens.admin}`,
            'apollo-require-preflight': 'true',
          },
        },
      ],
      ['no token', { headers: json(), body: JSON.stringify({ query: PAGE }) }],
      ['a refused token', { headers: json('not-a-token'), body: JSON.stringify({ query: PAGE }) }],
      [
        'a query string',
        {
          url: '/graphql?x=1',
          headers: json(w.tokens.admin),
          body: JSON.stringify({ query: PAGE }),
        },
      ],
      [
        'another media type',
        {
          headers: { ...json(w.tokens.admin), accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: PAGE }),
        },
      ],
      [
        'a mutation',
        {
          headers: json(w.tokens.unitLegal),
          body: JSON.stringify({ query: 'mutation { nope }' }),
        },
      ],
      [
        'a field the path does not compile',
        { headers: json(w.tokens.admin), body: JSON.stringify({ query: '{ me { username } }' }) },
      ],
      [
        'a syntax error',
        { headers: json(w.tokens.admin), body: JSON.stringify({ query: '{ powers(' }) },
      ],
      [
        'a bad variable',
        {
          headers: json(w.tokens.admin),
          body: JSON.stringify({
            query: 'query($f: Int) { powers(first: $f) { edges { node { code } } } }',
            variables: { f: 'x' },
          }),
        },
      ],
      [
        'a power out of scope',
        {
          headers: json(w.tokens.unitLegal),
          body: JSON.stringify({
            query: `{ power(code: "${w.otherUnit.code}-CF-0001") { code } }`,
          }),
        },
      ],
      ['an unknown path', { url: '/graphqlx', headers: json(w.tokens.admin), body: '{}' }],
    ];
    for (const [name, raw] of cases) {
      const { a, b, byFront } = await viaBoth(raw);
      expect({ name, byFront }).toEqual({ name, byFront: false });
      expect({ name, ...a }).toEqual({ name, ...b });
    }
  });

  it('a client that goes away mid-body leaves no place at the operation gate held', async () => {
    const one = await createServer({
      ds: t.serviceDs,
      services: t.services,
      log: pino({ level: 'silent' }),
      production: false,
      gate: { maxConcurrent: 1, queueMs: 50 },
    });
    const server = createHttpServer(one.app, 10_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (let i = 0; i < 3; i++) {
        // the headers and half the body, then the socket is gone
        const body = JSON.stringify({ query: PAGE });
        await new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(
              `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
                `Authorization: Bearer ${w.tokens.admin}\r\nContent-Length: ${body.length}\r\n\r\n` +
                body.slice(0, 20),
              () => setTimeout(() => socket.destroy(), 50),
            );
          });
          socket.on('close', () => resolve());
        });
      }
      // once the server has seen them go, the one place is free: a request is answered, not 503
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        const r = await request(server)
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', `Bearer ${w.tokens.admin}`)
          .send({ query: PAGE });
        status = r.status;
        if (status !== 200) await new Promise((r2) => setTimeout(r2, 50));
      }
      expect(status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await one.apollo.stop();
    }
  });

  it('answers with the headers Apollo sends for the same request', async () => {
    for (const query of [PAGE, point()]) {
      const a = await send(fast.app, {
        headers: json(w.tokens.unitLegal),
        body: JSON.stringify({ query }),
      });
      const b = await send(slow.app, {
        headers: json(w.tokens.unitLegal),
        body: JSON.stringify({ query }),
      });
      const pick = (h: Record<string, string>) => ({
        'content-type': h['content-type'],
        'cache-control': h['cache-control'],
        vary: h.vary,
        'x-powered-by': h['x-powered-by'],
      });
      expect([a.status, pick(a.headers), JSON.parse(a.text)]).toEqual([
        b.status,
        pick(b.headers),
        JSON.parse(b.text),
      ]);
    }
  });
});
