import { createHash } from 'node:crypto';

import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

import { TooManyRequestsError } from '../../errors';

/** How one kind of key (an account, a client address) is throttled. */
export interface ThrottlePolicy {
  /** failed logins allowed before the first delay */
  free: number;
  /** how long failures are remembered (from the first one; a success clears an account's) */
  windowSeconds: number;
  /** the longest delay between two attempts */
  maxDelaySeconds: number;
}

/** Per account: five tries, then 1 s, 2 s, 4 s … up to 15 minutes between attempts. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  free: 5,
  windowSeconds: 24 * 3600,
  maxDelaySeconds: 15 * 60,
};
/**
 * Per client address: more room (an office behind one NAT address shares it), then the same
 * growing delays; forgotten an hour after the first failure.
 */
export const ADDRESS_POLICY: ThrottlePolicy = {
  free: 20,
  windowSeconds: 3600,
  maxDelaySeconds: 15 * 60,
};

/**
 * The wait after the `failures`-th failed login: none before `free` failures, then doubling from
 * 1 s, never more than `maxDelaySeconds`.
 */
export function delaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.free) return 0;
  const exponent = Math.min(failures - policy.free, 30);
  return Math.min(2 ** exponent, policy.maxDelaySeconds);
}

/** The counters' key of an account: its username as login matches it (any case). */
export function accountKey(username: string): string {
  const lower = username.toLowerCase();
  // a key fits the table's varchar(255) whatever was typed
  return lower.length <= 64 ? lower : `#${createHash('sha256').update(lower).digest('base64url')}`;
}

interface Limiters {
  policy: ThrottlePolicy;
  /** failed logins within the window (never refuses: its points are only read) */
  failures: RateLimiterPostgres;
  /** one point; blocked for the current delay after a failure past `free` */
  gate: RateLimiterPostgres;
}

/** The table the migration creates (the service's role may not create tables). */
export const THROTTLE_TABLE = 'login_throttle';
/** How long an admitted attempt holds the gate, so concurrent guesses cannot slip in together. */
const ADMISSION_SECONDS = 1;

/** An attempt let through: what it counted for the account and the address. */
export interface Admitted {
  username: string;
  address: string;
  /** the attempt's number among the recent ones of the account and of the address */
  accountCount: number;
  addressCount: number;
}

/**
 * Failed-login throttling per account and per client address with growing delays, counted in
 * PostgreSQL (rate-limiter-flexible's RateLimiterPostgres) so every replica sees the same
 * counters. `admit` before checking a password (TOO_MANY_REQUESTS while a delay runs), then
 * `failed` or `succeeded`.
 *
 * Every attempt is counted when it comes in (one atomic upsert), so attempts sent in parallel
 * each get their own number: past the free ones, an attempt also needs the gate (one point, also
 * atomic), which one attempt at a time holds, and which a failure closes for the delay. A refused
 * attempt is taken off the count again, so waiting out a delay is never made longer by retries.
 */
export class LoginThrottle {
  private readonly account: Limiters;
  private readonly address: Limiters;

  constructor(
    ds: DataSource,
    policies: { account?: ThrottlePolicy; address?: ThrottlePolicy } = {},
  ) {
    const limiters = (name: string, policy: ThrottlePolicy): Limiters => {
      const common = {
        storeClient: ds,
        storeType: 'typeorm',
        tableName: THROTTLE_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
        inMemoryBlockOnConsumed: 0,
      };
      return {
        policy,
        failures: new RateLimiterPostgres({
          ...common,
          keyPrefix: `${name}-failures`,
          points: 2 ** 30,
          duration: policy.windowSeconds,
        }),
        gate: new RateLimiterPostgres({
          ...common,
          keyPrefix: `${name}-gate`,
          points: 1,
          duration: ADMISSION_SECONDS,
        }),
      };
    };
    this.account = limiters('account', policies.account ?? ACCOUNT_POLICY);
    this.address = limiters('address', policies.address ?? ADDRESS_POLICY);
  }

  /**
   * Lets an attempt through, or throws TOO_MANY_REQUESTS with the seconds until the next one may
   * come.
   */
  async admit(username: string, address: string): Promise<Admitted> {
    const accountKeyOf = accountKey(username);
    const [accountCount, addressCount] = await Promise.all([
      this.count(this.account, accountKeyOf),
      this.count(this.address, address),
    ]);
    const waits = await Promise.all([
      this.wait(this.account, accountKeyOf, accountCount),
      this.wait(this.address, address, addressCount),
    ]);
    const ms = Math.max(...waits);
    if (ms > 0) {
      // not an attempt after all: the password was not looked at
      await Promise.all([
        this.account.failures.reward(accountKeyOf, 1),
        this.address.failures.reward(address, 1),
      ]);
      throw new TooManyRequestsError(Math.max(1, Math.ceil(ms / 1000)));
    }
    return { username, address, accountCount, addressCount };
  }

  /** A failed login: the account's and the address's delays start (once past the free ones). */
  async failed(a: Admitted): Promise<void> {
    await Promise.all([
      this.close(this.account, accountKey(a.username), a.accountCount),
      this.close(this.address, a.address, a.addressCount),
    ]);
  }

  /**
   * A good password clears the account's failures; for the address it was no failure (a delay
   * running for the address stays).
   */
  async succeeded(a: Admitted): Promise<void> {
    const key = accountKey(a.username);
    await Promise.all([
      this.account.failures.delete(key),
      this.account.gate.delete(key),
      this.address.failures.reward(a.address, 1),
    ]);
  }

  private async count(l: Limiters, key: string): Promise<number> {
    return (await l.failures.consume(key, 1)).consumedPoints;
  }

  /** ms this attempt must wait (0: go ahead); past the free attempts it takes the gate. */
  private async wait(l: Limiters, key: string, count: number): Promise<number> {
    if (count <= l.policy.free) return 0;
    try {
      await l.gate.consume(key, 1);
      return 0;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.max(err.msBeforeNext, 1);
      throw err;
    }
  }

  private async close(l: Limiters, key: string, count: number): Promise<void> {
    const delay = delaySeconds(count, l.policy);
    if (delay > 0) await l.gate.block(key, delay);
  }
}
