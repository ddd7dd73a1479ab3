/** The console's only way to the service: POST /graphql with the login token. */
export const TOKEN_KEY = 'power-catalog.token';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

type Listener = () => void;
const unauthenticated = new Set<Listener>();
/** Called when the service says the token is missing or expired. */
export function onUnauthenticated(l: Listener): () => void {
  unauthenticated.add(l);
  return () => unauthenticated.delete(l);
}

export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('无法连接服务，请检查网络', 'NETWORK');
  }
  const body = (await res.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; fields?: FieldError[] } }[];
  } | null;
  const err = body?.errors?.[0];
  if (err) {
    const code = err.extensions?.code ?? 'ERROR';
    if (code === 'UNAUTHENTICATED') unauthenticated.forEach((l) => l());
    throw new ApiError(err.message, code, err.extensions?.fields ?? []);
  }
  if (!body?.data) throw new ApiError(`服务返回异常（HTTP ${res.status}）`, 'HTTP');
  return body.data;
}

/** Downloads a file the service makes (the workbook), with the token, as the browser's download. */
export async function download(url: string, filename: string): Promise<void> {
  const token = getToken();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const text = await res.text();
    let message = `下载失败（HTTP ${res.status}）`;
    try {
      message =
        (JSON.parse(text) as { errors?: { message?: string }[] }).errors?.[0]?.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(message, 'HTTP');
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
