import request from 'supertest';

import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { makeWorld, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Log lines never hold a request body, a password or a token; the audit's request id is the
 * server's own, the client's x-request-id is logged beside it.
 */
const SECRET = 'Sup3r-Secret-Passw0rd';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
let w: World;
let app: Awaited<ReturnType<typeof createServer>>;
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  app = await createServer({
    ds: t.serviceDs,
    services: t.services,
    log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
    production: true,
  });
});
afterAll(async () => {
  await app.apollo.stop();
  await t.close();
});
beforeEach(() => {
  lines.length = 0;
});

const post = (body: string | object, headers: Record<string, string> = {}) => {
  let req = request(app.app).post('/graphql').set('content-type', 'application/json');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.send(body);
};

describe('no body, password or token in any log line', () => {
  it('a malformed JSON login body is refused and not printed', async () => {
    const res = await post(
      `{"query":"mutation { login(username: \\"admin\\", password: \\"${SECRET}\\") { token } }"`,
    );
    expect(res.status).toBe(400);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).not.toContain('login(');
  });

  it('a login, failed or not, logs neither the password nor the token', async () => {
    await post({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: 'admin', p: SECRET },
    });
    expect(logged().some((l) => l.msg === 'mutation')).toBe(true);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('an internal error is logged with its request id, without the token or the variables', async () => {
    const spy = jest
      .spyOn(t.services.legalDocuments, 'search')
      .mockRejectedValueOnce(new Error('boom'));
    const res = await post(
      {
        query: 'query($q: String) { legalDocuments(search: $q) { id } }',
        variables: { q: SECRET },
      },
      { authorization: `Bearer ${w.tokens.admin}` },
    );
    spy.mockRestore();
    expect(res.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    const line = logged().find((l) => l.msg === 'internal error');
    expect(line?.requestId).toBe(res.headers['x-request-id']);
    expect(lines.join('')).not.toContain(w.tokens.admin);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('censors passwords, tokens, headers, bodies and SQL parameters wherever code logs them', () => {
    const out: string[] = [];
    const log = createLogger('info', { write: (l: string) => void out.push(l) });
    log.info({ password: SECRET, token: SECRET, variables: { p: SECRET } }, 'a');
    log.info({ req: { headers: { authorization: `Bearer ${SECRET}` }, body: SECRET } }, 'b');
    log.error({ err: Object.assign(new Error('failed'), { parameters: [SECRET] }) }, 'c');
    log.info({ input: { newPassword: SECRET, oldPassword: SECRET } }, 'd');
    expect(out).toHaveLength(4);
    expect(out.join('')).not.toContain(SECRET);
  });

  it('an HTTP route error goes through the same logger', async () => {
    const spy = jest
      .spyOn(t.services.assessment, 'scorecard')
      .mockRejectedValueOnce(new Error('route boom'));
    await request(app.app)
      .get('/export/scorecard.xlsx')
      .query({
        scheme: 'DISTRICT_SANHEYI',
        unitId: w.unit.id,
        from: '2026-01-01',
        to: '2026-12-31',
      })
      .set('authorization', `Bearer ${w.tokens.admin}`);
    spy.mockRestore();
    expect(logged().some((l) => (l.err as { message?: string })?.message === 'route boom')).toBe(
      true,
    );
    expect(lines.join('')).not.toContain(w.tokens.admin);
  });
});

describe('request ids', () => {
  it("the audit entry's request id is the server's; the client's is logged beside it", async () => {
    const res = await post(
      {
        query: 'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }',
        variables: { i: { code: '990100', name: '日志测试省', level: 'PROVINCE' } },
      },
      { authorization: `Bearer ${w.tokens.admin}`, 'x-request-id': 'client-id-1' },
    );
    expect(res.body.errors).toBeUndefined();
    const serverId = res.headers['x-request-id'];
    expect(serverId).toMatch(UUID);
    const [audit] = await t.ds.query(
      `SELECT request_id FROM audit_entry WHERE $1 = ANY(entity_ids)`,
      [res.body.data.createRegion.id],
    );
    expect(audit.request_id).toBe(serverId);
    const line = logged().find((l) => l.msg === 'mutation');
    expect(line).toMatchObject({ requestId: serverId, clientRequestId: 'client-id-1' });
  });

  it('a request without x-request-id still gets an id of its own', async () => {
    const a = await post({ query: '{ __typename }' });
    const b = await post({ query: '{ __typename }' });
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});
