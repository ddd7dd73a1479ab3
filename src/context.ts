import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { createLoaders, type Loaders } from './common/loaders';
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { Scope } from './modules/access/scope';
import type { User } from './modules/auth/user.entity';
import type { Services } from './services';

/** What every resolver gets: who asks, what they may see, the loaders of this request. */
export interface Context {
  requestId: string;
  ds: DataSource;
  log: Logger;
  services: Services;
  loaders: Loaders;
  user: User | null;
  scope: Scope | null;
  /** why a token presented was refused; raised when an operation needs a user */
  authError?: Error;
  /** the token this request came with (what logout revokes) */
  token?: { jti: string; expiresAt: number };
  /** the client's address (failed logins are throttled per address) */
  clientAddress?: string;
}

export function createContext(base: Omit<Context, 'loaders'>): Context {
  return { ...base, loaders: createLoaders(base.ds) };
}

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(ctx: Context): { user: User; scope: Scope } {
  if (!ctx.user || !ctx.scope) throw new UnauthenticatedError();
  return { user: ctx.user, scope: ctx.scope };
}

/** The signed-in user's scope, or FORBIDDEN for a role that is not listed. */
export function requireRole(
  ctx: Context,
  roles: readonly User['role'][],
): { user: User; scope: Scope } {
  const who = requireUser(ctx);
  if (!roles.includes(who.user.role)) throw new ForbiddenError('您的角色无权执行此操作');
  return who;
}

/** The actor of a mutation, for the audit log. */
export function actorOf(ctx: Context): { userId: string | null; requestId: string } {
  return { userId: ctx.user?.id ?? null, requestId: ctx.requestId };
}
