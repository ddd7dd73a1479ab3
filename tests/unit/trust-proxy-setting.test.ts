import { loadConfig, trustProxySetting } from '../../src/config';

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset, empty, false or 0', () => {
    for (const raw of [undefined, '', 'false', '0']) expect(trustProxySetting(raw)).toBe(false);
    expect(
      loadConfig({ JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent-unused' }).trustProxy,
    ).toBe(false);
  });

  it('reads a number of hops', () => {
    expect(trustProxySetting('2')).toBe(2);
  });

  it('reads a list of addresses, CIDRs and express names', () => {
    expect(trustProxySetting('10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses true (anyone could pick its address) and anything not an address', () => {
    for (const raw of [
      'true',
      'proxy.example',
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.1/8/1',
      '-1',
      '1.5',
    ])
      expect(() => trustProxySetting(raw)).toThrow(/TRUST_PROXY/);
  });
});
