import request from 'supertest';

import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * TRUST_PROXY (issue 10, item 4): behind a reverse proxy the login throttle and the audit use the
 * client's address from X-Forwarded-For; with no proxy trusted (the default) the header is
 * ignored, so forging it dodges nothing.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

const login = (t: TestApp, username: string, forwardedFor?: string) => {
  let req = request(t.app).post('/graphql').set('content-type', 'application/json');
  if (forwardedFor) req = req.set('x-forwarded-for', forwardedFor);
  return req.send({ query: LOGIN, variables: { u: username, p: 'wrong' } });
};

const codeOf = (res: request.Response) => res.body.errors?.[0]?.extensions?.code ?? 'OK';

const auditedAddress = async (t: TestApp, username: string): Promise<string[]> =>
  (
    await t.ds.query(
      `SELECT after->>'address' AS address FROM audit_entry
        WHERE operation = 'login' AND after->>'username' = $1 ORDER BY id`,
      [username],
    )
  ).map((r: { address: string }) => r.address);

describe('with TRUST_PROXY off (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('throttles per socket address however X-Forwarded-For is forged', async () => {
    for (let i = 0; i < 20; i++)
      expect(codeOf(await login(t, `forger${i}`, `198.51.100.${i + 1}`))).toBe('UNAUTHENTICATED');
    expect(codeOf(await login(t, 'forger-next', '198.51.100.200'))).toBe('TOO_MANY_REQUESTS');
  });

  it('audits the socket address, not the forged header', async () => {
    await t.ds.query(`DELETE FROM login_throttle`);
    await login(t, 'forged-audit', '203.0.113.9');
    const [address] = await auditedAddress(t, 'forged-audit');
    expect(address).toMatch(/127\.0\.0\.1|::1/);
    expect(address).not.toContain('203.0.113.9');
  });
});

describe('with TRUST_PROXY naming the proxy (loopback here)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: ['loopback'] });
  });
  afterAll(() => t.close());
  beforeEach(() => t.ds.query(`DELETE FROM login_throttle`));

  it('throttles each client address behind the proxy on its own', async () => {
    for (let i = 0; i < 20; i++)
      expect(codeOf(await login(t, `behind${i}`, '203.0.113.5'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await login(t, 'behind-next', '203.0.113.5'))).toBe('TOO_MANY_REQUESTS');
    // another client behind the same proxy is not held back by the first one's failures
    expect(codeOf(await login(t, 'behind-other', '203.0.113.6'))).toBe('UNAUTHENTICATED');
  });

  it("audits the client's address from X-Forwarded-For", async () => {
    await login(t, 'proxied-audit', '203.0.113.7');
    expect(await auditedAddress(t, 'proxied-audit')).toEqual(['203.0.113.7']);
  });

  it('takes the nearest untrusted address, so a client cannot prepend a forged one', async () => {
    await login(t, 'prepended', '10.9.8.7, 203.0.113.8');
    expect(await auditedAddress(t, 'prepended')).toEqual(['203.0.113.8']);
  });
});

describe('with TRUST_PROXY a number of hops', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: 1 });
  });
  afterAll(() => t.close());

  it('takes the address the one trusted hop saw', async () => {
    await login(t, 'one-hop', '10.9.8.7, 203.0.113.10');
    expect(await auditedAddress(t, 'one-hop')).toEqual(['203.0.113.10']);
  });
});
