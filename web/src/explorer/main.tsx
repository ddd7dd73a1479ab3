import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';

import { GraphiQL } from 'graphiql';
import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';

import { TOKEN_KEY } from '../api';

const DEFAULT_QUERY = `# 权力清单 GraphQL 调试器：在上方登录后，请求会带上登录令牌
{
  me { username role unit { name } region { name } }
  powers(first: 5) { totalCount edges { node { code status current { name } } } }
}
`;

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

function Explorer() {
  const [token, setToken] = useState(() => localStorage.getItem(TOKEN_KEY) ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState('');

  const fetcher = async (params: FetcherParams, opts?: { headers?: Record<string, unknown> }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    for (const [k, v] of Object.entries(opts?.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
    return res.json();
  };

  const login = async (e: FormEvent) => {
    e.preventDefault();
    setMessage('');
    const body = await fetcher({
      query:
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username role } } }',
      variables: { u: username, p: password },
    });
    const payload = body?.data?.login;
    if (!payload) {
      setMessage(body?.errors?.[0]?.message ?? '登录失败');
      return;
    }
    localStorage.setItem(TOKEN_KEY, payload.token);
    setToken(payload.token);
    setPassword('');
    setMessage(`已登录：${payload.user.username}`);
  };
  const logout = () => {
    localStorage.removeItem(TOKEN_KEY);
    setToken('');
    setMessage('已退出');
  };

  return (
    <div className="explorer-page">
      <form className="explorer-login" onSubmit={login} aria-label="登录">
        <a href="/">← 返回控制台</a>
        <strong>GraphQL 调试器</strong>
        {token ? (
          <>
            <span data-testid="explorer-status">已带令牌{message ? `（${message}）` : ''}</span>
            <button type="button" onClick={logout}>
              退出
            </button>
          </>
        ) : (
          <>
            <input
              aria-label="用户名"
              placeholder="用户名"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
            <input
              aria-label="密码"
              placeholder="密码"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit">登录</button>
            <span data-testid="explorer-status">{message || '未登录：只能调用 login'}</span>
          </>
        )}
      </form>
      <div className="explorer-graphiql">
        <GraphiQL key={token} fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
