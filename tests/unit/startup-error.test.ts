import { explainStartupFailure, StartupError } from '../../src/startup-error';

/** A start that cannot work says why in one line, in Chinese and English, with what to do. */
describe('the line a failed start prints', () => {
  const oneLine = (s: string) => expect(s.split('\n')).toHaveLength(1);

  it('says a StartupError as it is: why in both languages, then the fix', () => {
    const line = explainStartupFailure(
      new StartupError('数据库坏了', 'the database broke', 'fix it'),
    );
    expect(line).toBe(
      'power-catalog 无法启动 / cannot start: 数据库坏了 / the database broke — fix it',
    );
  });

  it.each([
    [
      Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 4000 }),
      '端口 4000 已被占用 / port 4000 is in use',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      '连不上数据库 / cannot reach the database',
    ],
    [
      Object.assign(new Error('password authentication failed'), { code: '28P01' }),
      '数据库拒绝登录 / the database refused the login',
    ],
    [
      new RangeError('setting PORT must be a positive integer, got "x"'),
      '设置有误 / a setting is wrong',
    ],
  ])('names the cause of %s', (err, says) => {
    const line = explainStartupFailure(err);
    oneLine(line);
    expect(line).toContain(says);
  });

  it('keeps only the first line of anything else, and says how to see more', () => {
    const err = new Error('something odd\n    at somewhere (file.ts:1:1)');
    const line = explainStartupFailure(err);
    oneLine(line);
    expect(line).toContain('something odd');
    expect(line).not.toContain('file.ts');
    expect(line).toContain('LOG_LEVEL=debug');
  });
});
