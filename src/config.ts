import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/** Every setting of the service, read and checked once at start. */
export interface Config {
  port: number;
  /** the address to listen on; unset: every interface (node's default) */
  host: string | undefined;
  /** an external PostgreSQL, as the service's role; when absent, an embedded one under dataDir */
  databaseUrl: string | null;
  /** the owner of the schema on the external PostgreSQL, for migrations (README, "Database roles") */
  databaseOwnerUrl: string | null;
  dataDir: string;
  jwtSecret: string;
  /** how long a login token lives */
  jwtTtlSeconds: number;
  /** how long a signed-in user's row is reused (ms); logout and changePassword hold within it */
  authCacheMs: number;
  /** the password `admin` gets when first created; generated and printed when unset */
  adminPassword: string | null;
  /**
   * production-safe behaviour (no introspection, no suggestions, no stack): always, unless
   * NODE_ENV is `development` (`npm run dev`) or `test`
   */
  production: boolean;
  /** serve the GraphQL explorer at /explorer, with introspection; off in production unless set */
  explorer: boolean;
  logLevel: string;
  /** a request whose headers and body have not all arrived by then is cut (408) */
  requestTimeoutMs: number;
  /** operations executing at once; past it requests wait, then get 503 */
  maxConcurrentOperations: number;
  /** how long a request past the cap waits for a place */
  operationQueueMs: number;
  /**
   * express's `trust proxy` (TRUST_PROXY): false (X-Forwarded-For ignored), a number of proxy
   * hops, or the proxies' addresses/CIDRs; decides the client address of the login throttle and
   * the audit
   */
  trustProxy: TrustProxy;
}

/** false, a number of hops, or addresses/CIDRs (and express's names loopback etc.) */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of TRUST_PROXY's list: an address, an address/prefix, or one of express's names. */
function proxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [addr, prefix, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset or `false` trusts no proxy (the socket's address is the client's, whatever
 * X-Forwarded-For says); a positive integer trusts that many hops; otherwise a comma-separated
 * list of the proxies' addresses or CIDRs. `true` (trust anyone) is refused: every client could
 * then pick its own address and dodge the per-address throttle.
 */
export function trustProxySetting(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops === 0) return false;
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !proxyEntry(e));
  if (bad.length || value === 'true')
    throw new RangeError(
      `setting TRUST_PROXY must be false, a number of hops or a list of addresses/CIDRs, got "${raw}"`,
    );
  return entries;
}

function intSetting(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`setting ${name} must be a positive integer, got "${raw}"`);
  }
  return n;
}

/** Reads the JWT secret from the environment, or from DATA_DIR, making one there the first time. */
function jwtSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32)
      throw new RangeError('setting JWT_SECRET must be at least 32 characters');
    return env.JWT_SECRET;
  }
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function boolSetting(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new RangeError(`setting ${name} must be true or false, got "${raw}"`);
}

/** AUTH_CACHE_MS: at most 5000, so a revoked token is refused within 5 s on every replica. */
function authCacheSetting(raw: string | undefined): number {
  const ms = intSetting('AUTH_CACHE_MS', raw, 4000);
  if (ms > 5000)
    throw new RangeError(
      `setting AUTH_CACHE_MS must be at most 5000 (revocation within 5 s), got "${raw}"`,
    );
  return ms;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  // safe unless asked otherwise: `npm start` with no settings at all is production
  const production = env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test';
  return {
    port: intSetting('PORT', env.PORT, 4000),
    host: env.HOST || undefined,
    databaseUrl: env.DATABASE_URL || null,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || null,
    dataDir,
    jwtSecret: jwtSecret(env, dataDir),
    jwtTtlSeconds: intSetting('JWT_TTL_SECONDS', env.JWT_TTL_SECONDS, 12 * 3600),
    authCacheMs: authCacheSetting(env.AUTH_CACHE_MS),
    adminPassword: env.ADMIN_PASSWORD || null,
    production,
    explorer: boolSetting('EXPLORER', env.EXPLORER, !production),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    requestTimeoutMs: intSetting('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 30_000),
    maxConcurrentOperations: intSetting(
      'MAX_CONCURRENT_OPERATIONS',
      env.MAX_CONCURRENT_OPERATIONS,
      16,
    ),
    operationQueueMs: intSetting('OPERATION_QUEUE_MS', env.OPERATION_QUEUE_MS, 2000),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
  };
}
