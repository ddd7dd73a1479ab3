import { useEffect, useState, type FormEvent } from 'react';
import { Link, Redirect, Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';

import { gql, getToken, onUnauthenticated, setToken } from './api';
import { ErrorBox, Loading } from './components';
import { label, ROLE } from './labels';
import { AmendmentPage } from './pages/amendment';
import { AssessPage } from './pages/assess';
import { ObligationsPage } from './pages/obligations';
import { PowerPage } from './pages/power';
import { PowersPage } from './pages/powers';
import { RequestPage } from './pages/request';
import { RequestFormPage } from './pages/request-form';
import { RequestsPage } from './pages/requests';
import { LOGIN, ME } from './queries';
import { homeOf, SessionContext, type Me } from './session';

function LoginPage({ onLogin }: { onLogin: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { login } = await gql<{ login: { token: string; user: Me } }>(LOGIN, {
        u: username.trim(),
        p: password,
      });
      setToken(login.token);
      onLogin(login.user);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-label="登录">
        <h1>权力清单管理控制台</h1>
        <label>
          用户名
          <input
            name="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label>
          密码
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit" disabled={busy || !username || !password}>
          登录
        </button>
        <p className="muted">
          接口调试请用 <a href="/explorer">GraphQL 调试器</a>
        </p>
      </form>
    </main>
  );
}

function Shell({ me, logout }: { me: Me; logout: () => void }) {
  const reviewer = me.role === 'LEGAL_REVIEWER' || me.role === 'ADMIN';
  const assessor = me.role === 'ASSESSOR' || me.role === 'ADMIN';
  return (
    <SessionContext.Provider value={{ me, logout }}>
      <header className="top">
        <strong>权力清单管理</strong>
        <nav>
          <Link href="/powers">权力事项</Link>
          <Link href="/obligations">履职义务</Link>
          <Link href="/requests">变更申请</Link>
          {reviewer && <Link href="/review">待审队列</Link>}
          {reviewer && <Link href="/amendment">法律修订</Link>}
          {assessor && <Link href="/assess">考核评分</Link>}
          <a href="/explorer">GraphQL 调试器</a>
        </nav>
        <span className="who" data-testid="who">
          {me.username} · {label(ROLE, me.role)}
          {me.unit ? ` · ${me.unit.name}` : me.region ? ` · ${me.region.name}` : ''}
        </span>
        <button type="button" onClick={logout}>
          退出
        </button>
      </header>
      <main className="content">
        <Switch>
          <Route path="/powers" component={PowersPage} />
          <Route path="/powers/:id">{(p) => <PowerPage id={p.id} />}</Route>
          <Route path="/powers/:id/request">{(p) => <RequestFormPage powerId={p.id} />}</Route>
          <Route path="/obligations" component={ObligationsPage} />
          <Route path="/requests">{() => <RequestsPage queue={false} />}</Route>
          <Route path="/review">{() => <RequestsPage queue />}</Route>
          <Route path="/requests/:id">{(p) => <RequestPage id={p.id} />}</Route>
          <Route path="/amendment" component={AmendmentPage} />
          <Route path="/assess" component={AssessPage} />
          <Route>
            <Redirect to={homeOf(me.role)} />
          </Route>
        </Switch>
      </main>
    </SessionContext.Provider>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => Boolean(getToken()));
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => onUnauthenticated(() => setMe(null)), []);
  useEffect(() => {
    if (!getToken()) return;
    gql<{ me: Me }>(ME)
      .then((d) => setMe(d.me))
      .catch((e: Error) => {
        setToken(null);
        if ((e as { code?: string }).code !== 'UNAUTHENTICATED') setError(e);
      })
      .finally(() => setChecking(false));
  }, []);
  const logout = () => {
    setToken(null);
    setMe(null);
    window.location.hash = '';
  };
  if (checking) return <Loading />;
  return (
    <Router hook={useHashLocation}>
      <ErrorBox error={error} />
      {me ? (
        <Shell me={me} logout={logout} />
      ) : (
        <LoginPage
          onLogin={(u) => {
            setMe(u);
            window.location.hash = homeOf(u.role);
          }}
        />
      )}
    </Router>
  );
}
