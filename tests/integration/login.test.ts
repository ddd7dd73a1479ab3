import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { MIGRATIONS } from '../../migrations';
import { LoginTrust1764720000000 } from '../../migrations/1764720000000-login-trust';
import { createDataSource } from '../../ormconfig';
import { withDatabase } from '../../src/db/database';
import { createServer } from '../../src/server';
import { createServices } from '../../src/services';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Login like a trusted system (issue 10, item 4): failed logins throttled per account and per
 * address with growing delays, counters in PostgreSQL shared by replicas, every attempt audited
 * without the password, usernames unique whatever their case, logout and changePassword revoking
 * tokens on every replica within 5 s.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id username } } }`;
const ME = `{ me { id username } }`;
const SYSTEM = { userId: null, requestId: 'test' };
const PASSWORD = 'right-password-1';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ authCacheMs: 300 });
});
afterAll(() => t.close());
// every test starts with no failed logins counted (all of them come from 127.0.0.1)
beforeEach(() => t.ds.query(`DELETE FROM login_throttle`));

let seq = 0;
async function user(name = `login${++seq}`): Promise<{ id: string; username: string }> {
  const u = await t.services.auth.createUser(
    { username: name, password: PASSWORD, role: 'ADMIN', unitId: null, regionId: null },
    SYSTEM,
  );
  return { id: u.id, username: u.username };
}

const login = (username: string, password: string, app = t.app) =>
  request(app)
    .post('/graphql')
    .set('content-type', 'application/json')
    .send({ query: LOGIN, variables: { u: username, p: password } });

const codeOf = (res: request.Response) => res.body.errors?.[0]?.extensions?.code ?? 'OK';

/** the delay running for a key ends now: what waiting it out would do, without the wait */
const endDelays = () => t.ds.query(`DELETE FROM login_throttle WHERE key LIKE '%-gate:%'`);

describe('failed logins', () => {
  it('are throttled per account after five, with growing delays: 1 s, 2 s, 4 s, 8 s', async () => {
    const u = await user();
    for (let i = 0; i < 5; i++)
      expect(codeOf(await login(u.username, 'wrong'))).toBe('UNAUTHENTICATED');
    const first = await login(u.username, 'wrong');
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.body.errors[0].extensions).toEqual({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 1,
    });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await endDelays();
      expect(codeOf(await login(u.username, 'wrong'))).toBe('UNAUTHENTICATED');
      const r = await login(u.username, 'wrong');
      expect(codeOf(r)).toBe('TOO_MANY_REQUESTS');
      waits.push(r.body.errors[0].extensions.retryAfterSeconds);
    }
    expect(waits).toEqual([2, 4, 8]);
  });

  it('keep a throttled account out even with the right password; a good login after the delay clears the count', async () => {
    const u = await user();
    for (let i = 0; i < 5; i++) await login(u.username, 'wrong');
    expect(codeOf(await login(u.username, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    await endDelays();
    expect(codeOf(await login(u.username, PASSWORD))).toBe('OK');
    // counted from zero again: five more wrong ones before the next delay
    for (let i = 0; i < 4; i++)
      expect(codeOf(await login(u.username, 'wrong'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await login(u.username, PASSWORD))).toBe('OK');
  });

  it('count for a username that does not exist, so throttling tells nothing about accounts', async () => {
    for (let i = 0; i < 5; i++)
      expect(codeOf(await login('nobody-here', 'wrong'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await login('NOBODY-here', 'wrong'))).toBe('TOO_MANY_REQUESTS');
  });

  it('are throttled per client address across accounts after twenty', async () => {
    for (let i = 0; i < 20; i++)
      expect(codeOf(await login(`spray${i}`, 'wrong'))).toBe('UNAUTHENTICATED');
    const r = await login('spray-next', 'wrong');
    expect(codeOf(r)).toBe('TOO_MANY_REQUESTS');
    expect(r.body.errors[0].extensions.retryAfterSeconds).toBe(1);
  });

  it('are throttled even when sent in parallel: past the free ones, one guess per delay', async () => {
    const u = await user();
    for (let i = 0; i < 5; i++) await login(u.username, 'wrong');
    await endDelays();
    const answers = await Promise.all(Array.from({ length: 8 }, () => login(u.username, 'wrong')));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(1);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(7);
  });
});

describe('the login audit', () => {
  it('records every failed, throttled and successful login, never the password', async () => {
    const u = await user();
    const secret = 'Wr0ng-Secret-Guess';
    for (let i = 0; i < 5; i++) await login(u.username, secret);
    await login(u.username, secret); // throttled
    await endDelays();
    await login(u.username.toUpperCase(), PASSWORD);
    const rows: { user_id: string | null; entity_ids: string[]; after: any; request_id: string }[] =
      await t.ds.query(
        `SELECT user_id, entity_ids, after, request_id FROM audit_entry WHERE operation = 'login' AND $1 = ANY(entity_ids) ORDER BY id`,
        [u.id],
      );
    expect(rows.map((r) => r.after.outcome)).toEqual([
      ...Array(5).fill('FAILED'),
      'THROTTLED',
      'SUCCEEDED',
    ]);
    expect(rows.at(-1)!.user_id).toBe(u.id);
    expect(rows[0].user_id).toBeNull();
    for (const r of rows) {
      expect(r.request_id).toBeTruthy();
      expect(r.after.address).toMatch(/127\.0\.0\.1|::1/);
    }
    const all = JSON.stringify(await t.ds.query(`SELECT * FROM audit_entry`));
    expect(all).not.toContain(secret);
    expect(all).not.toContain(PASSWORD);
  });

  it('records a failed login for a username that does not exist', async () => {
    await login('ghost-user', 'whatever-pw');
    const [row] = await t.ds.query(
      `SELECT after FROM audit_entry WHERE operation = 'login' AND after->>'username' = 'ghost-user'`,
    );
    expect(row.after.outcome).toBe('FAILED');
  });
});

describe('usernames', () => {
  it("are one account regardless of case: 'Admin' cannot be created beside 'admin', and logs in as it", async () => {
    const admin = await user('CaseUser');
    const token = (await login('CaseUser', PASSWORD)).body.data.login.token;
    const r = await t.gql(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username: 'caseuser', password: PASSWORD, role: 'ADMIN' } },
      token,
    );
    expect(r.errors?.[0].extensions.code).toBe('CONFLICT');
    const lower = await login('caseuser', PASSWORD);
    expect(lower.body.data.login.user).toEqual({ id: admin.id, username: 'CaseUser' });
    expect(codeOf(await login('CASEUSER', PASSWORD))).toBe('OK');
  });

  it('are unique in the database whatever the case (the index on lower(username))', async () => {
    await user('IndexUser');
    await expect(
      t.ds.query(
        `INSERT INTO app_user (username, password_hash, role) VALUES ('indexuser', 'x', 'ADMIN')`,
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('the migration to case-insensitive usernames', () => {
  it("keeps the oldest of 'Admin' and 'admin' and renames the other, audited", async () => {
    const server = process.env.PC_TEST_SERVER_URL!;
    const name = `m_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const options = createDataSource(withDatabase(server, name)).options;
    const before = new DataSource({
      ...options,
      migrations: MIGRATIONS.filter((m) => m !== LoginTrust1764720000000),
    });
    try {
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.query(
        `INSERT INTO app_user (username, password_hash, role, created_at) VALUES ('Admin', 'x', 'ADMIN', now() - interval '1 day'), ('admin', 'y', 'ADMIN', now())`,
      );
      await before.destroy();
      const after = new DataSource({ ...options, migrations: MIGRATIONS });
      await after.initialize();
      await after.runMigrations({ transaction: 'each' });
      const users = await after.query(
        `SELECT username, password_hash FROM app_user ORDER BY created_at`,
      );
      expect(users).toEqual([
        { username: 'Admin', password_hash: 'x' },
        { username: 'admin-2', password_hash: 'y' },
      ]);
      const [audit] = await after.query(
        `SELECT before, after FROM audit_entry WHERE operation = 'renameDuplicateUsername'`,
      );
      expect(audit).toEqual({ before: { username: 'admin' }, after: { username: 'admin-2' } });
      await after.destroy();
    } finally {
      if (before.isInitialized) await before.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('logout', () => {
  it('revokes the token it is called with, and no other', async () => {
    const u = await user();
    const one = (await login(u.username, PASSWORD)).body.data.login.token;
    const two = (await login(u.username, PASSWORD)).body.data.login.token;
    expect((await t.ok(ME, {}, one)).me.id).toBe(u.id);
    expect(await t.ok(`mutation { logout }`, {}, one)).toEqual({ logout: true });
    expect((await t.fails(ME, {}, one)).extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.ok(ME, {}, two)).me.id).toBe(u.id);
    const [row] = await t.ds.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'logout' AND $1 = ANY(entity_ids)`,
      [u.id],
    );
    expect(row.n).toBe(1);
  });

  it('needs a token', async () => {
    expect((await t.fails(`mutation { logout }`)).extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('changePassword', () => {
  const CHANGE = `mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }`;

  it('refuses a wrong old password and a new one against the policy, changing nothing', async () => {
    const u = await user();
    const token = (await login(u.username, PASSWORD)).body.data.login.token;
    const wrong = await t.fails(CHANGE, { o: 'not-it-at-all', n: 'another-pass-1' }, token);
    expect(wrong.extensions.code).toBe('BAD_USER_INPUT');
    expect(wrong.extensions.fields).toEqual([{ path: 'oldPassword', message: '原密码不正确' }]);
    const short = await t.fails(CHANGE, { o: PASSWORD, n: 'short' }, token);
    expect(short.extensions.code).toBe('BAD_USER_INPUT');
    expect(short.extensions.fields?.[0].path).toBe('newPassword');
    const same = await t.fails(CHANGE, { o: PASSWORD, n: PASSWORD }, token);
    expect(same.extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.ok(ME, {}, token)).me.id).toBe(u.id);
    expect(codeOf(await login(u.username, PASSWORD))).toBe('OK');
  });

  it('sets the new password and revokes every token of the user', async () => {
    const u = await user();
    const one = (await login(u.username, PASSWORD)).body.data.login.token;
    const two = (await login(u.username, PASSWORD)).body.data.login.token;
    expect(await t.ok(CHANGE, { o: PASSWORD, n: 'brand-new-pass-2' }, one)).toEqual({
      changePassword: true,
    });
    expect((await t.fails(ME, {}, one)).extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.fails(ME, {}, two)).extensions.code).toBe('UNAUTHENTICATED');
    expect(codeOf(await login(u.username, PASSWORD))).toBe('UNAUTHENTICATED');
    const fresh = (await login(u.username, 'brand-new-pass-2')).body.data.login.token;
    expect((await t.ok(ME, {}, fresh)).me.id).toBe(u.id);
    const audit = JSON.stringify(
      await t.ds.query(`SELECT * FROM audit_entry WHERE operation = 'changePassword'`),
    );
    expect(audit).toContain(u.id);
    expect(audit).not.toContain('brand-new-pass-2');
  });
});

describe('two replicas on one database', () => {
  let otherDs: DataSource;
  let other: Awaited<ReturnType<typeof createServer>>;

  beforeAll(async () => {
    otherDs = createDataSource(t.serviceUrl);
    await otherDs.initialize();
    const services = createServices(otherDs, {
      jwtSecret: 'test-secret-test-secret-test-secret!',
      jwtTtlSeconds: 3600,
      authCacheMs: 300,
    });
    other = await createServer({
      ds: otherDs,
      services,
      log: pino({ level: 'silent' }),
      production: false,
    });
  });
  afterAll(async () => {
    await other.apollo.stop();
    await otherDs.destroy();
  });

  const meOn = (app: typeof t.app, token: string) =>
    request(app)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send({ query: ME });

  /** ms until the other replica refuses the token (it was using it, so it had it cached) */
  async function refusedOnOtherWithin(token: string): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 10_000) {
      if (codeOf(await meOn(other.app, token)) === 'UNAUTHENTICATED') return Date.now() - start;
      await new Promise((r) => setTimeout(r, 50));
    }
    return Infinity;
  }

  it('a token logged out on one is refused on the other within 5 s', async () => {
    const u = await user();
    const token = (await login(u.username, PASSWORD)).body.data.login.token;
    expect(codeOf(await meOn(other.app, token))).toBe('OK');
    await t.ok(`mutation { logout }`, {}, token);
    expect(await refusedOnOtherWithin(token)).toBeLessThan(5000);
  });

  it('tokens revoked by changePassword on one are refused on the other within 5 s', async () => {
    const u = await user();
    const token = (await login(u.username, PASSWORD, other.app)).body.data.login.token;
    expect(codeOf(await meOn(other.app, token))).toBe('OK');
    await t.ok(
      `mutation { changePassword(oldPassword: "${PASSWORD}", newPassword: "replica-pass-3") }`,
      {},
      token,
    );
    expect(await refusedOnOtherWithin(token)).toBeLessThan(5000);
  });

  it('share the failed-login counters: failures on one throttle the other', async () => {
    const u = await user();
    for (let i = 0; i < 5; i++) await login(u.username, 'wrong', i % 2 ? t.app : other.app);
    expect(codeOf(await login(u.username, PASSWORD, other.app))).toBe('TOO_MANY_REQUESTS');
    expect(codeOf(await login(u.username, PASSWORD, t.app))).toBe('TOO_MANY_REQUESTS');
  });
});
