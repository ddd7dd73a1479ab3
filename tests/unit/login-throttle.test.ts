import fc from 'fast-check';

import {
  accountKey,
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  delaySeconds,
  type ThrottlePolicy,
} from '../../src/modules/auth/login-throttle';

const policy = fc.record<ThrottlePolicy>({
  free: fc.integer({ min: 1, max: 50 }),
  windowSeconds: fc.integer({ min: 1, max: 86_400 }),
  maxDelaySeconds: fc.integer({ min: 1, max: 86_400 }),
});

describe('the delay after failed logins', () => {
  it('is none before the free attempts are used, then 1 s, 2 s, 4 s … up to 15 minutes', () => {
    expect([0, 4].map((n) => delaySeconds(n, ACCOUNT_POLICY))).toEqual([0, 0]);
    expect([5, 6, 7, 8, 14, 15, 100].map((n) => delaySeconds(n, ACCOUNT_POLICY))).toEqual([
      1, 2, 4, 8, 512, 900, 900,
    ]);
    expect(delaySeconds(19, ADDRESS_POLICY)).toBe(0);
    expect(delaySeconds(20, ADDRESS_POLICY)).toBe(1);
  });

  it('never shrinks as failures grow, and never passes the cap', () => {
    fc.assert(
      fc.property(policy, fc.nat(10_000), fc.nat(100), (p, n, more) => {
        const d = delaySeconds(n, p);
        expect(d).toBeLessThanOrEqual(p.maxDelaySeconds);
        expect(delaySeconds(n + more, p)).toBeGreaterThanOrEqual(d);
        expect(d > 0).toBe(n >= p.free);
      }),
    );
  });
});

describe("an account's throttle key", () => {
  it('is the same for any case of the username, and fits the table whatever was typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (name) => {
        expect(accountKey(name)).toBe(accountKey(name.toUpperCase().toLowerCase()));
        expect(accountKey(name).length).toBeLessThanOrEqual(200);
      }),
    );
    expect(accountKey('Admin')).toBe(accountKey('ADMIN'));
  });
});
