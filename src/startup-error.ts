/**
 * A reason the service cannot start, said in one line in Chinese and English with what to do;
 * `main` prints it instead of a stack trace.
 */
export class StartupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly fix: string,
  ) {
    super(`${zh} / ${en} — ${fix}`);
    this.name = 'StartupError';
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}

/**
 * The one line `npm start` prints when it fails: a StartupError as it is, and the failures a
 * newcomer meets (port taken, database unreachable, wrong password, bad setting) said plainly.
 */
export function explainStartupFailure(err: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const prefix = 'power-catalog 无法启动 / cannot start: ';
  if (err instanceof StartupError) return prefix + err.message;
  const e = (err ?? {}) as { code?: string; message?: string; port?: number; address?: string };
  const message = firstLine(String(e.message ?? err));
  if (e.code === 'EADDRINUSE')
    return `${prefix}端口 ${e.port ?? env.PORT ?? 4000} 已被占用 / port ${e.port ?? env.PORT ?? 4000} is in use — 换一个端口 / set another PORT, e.g. PORT=4001 npm start`;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')
    return `${prefix}连不上数据库 / cannot reach the database (${message}) — 检查 DATABASE_URL，或不设它以使用内置数据库 / check DATABASE_URL, or unset it to use the embedded database`;
  if (e.code === '28P01' || e.code === '28000')
    return `${prefix}数据库拒绝登录 / the database refused the login (${message}) — 检查 DATABASE_URL 中的用户名和密码 / check the user and password in DATABASE_URL`;
  if (err instanceof RangeError)
    return `${prefix}设置有误 / a setting is wrong: ${message} — 见 README 的 Configuration / see Configuration in README.md`;
  return `${prefix}${message} — 用 LOG_LEVEL=debug 再试可看到详情 / run again with LOG_LEVEL=debug for details`;
}
