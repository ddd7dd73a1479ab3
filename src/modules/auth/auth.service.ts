import type { DataSource } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import {
  BadInputError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../../errors';
import { REGION_ROLES, UNIT_ROLES, type Scope } from '../access/scope';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import type { CreateUserInput } from './auth.input';
import { LoginThrottle, type Admitted, type ThrottlePolicy } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import type { TokenClaims, TokenService } from './token';
import { User } from './user.entity';

/**
 * How long an authenticated user's row (with their token epoch and revoked tokens) is reused by
 * default (setting AUTH_CACHE_MS); revocation must hold within 5 s on every replica.
 */
export const AUTH_CACHE_MS = 4000;
const AUTH_CACHE_USERS = 10_000;
/** at most this much of a username typed at login goes into the audit */
const AUDITED_USERNAME_CHARS = 128;

/** Who a token stands for, and the token itself (what logout revokes). */
export interface Authenticated {
  user: User;
  scope: Scope;
  token: { jti: string; expiresAt: number };
}

interface KnownUser {
  user: User;
  scope: Scope;
  /** the ids of this user's tokens revoked and not yet expired */
  revoked: Set<string>;
}

export interface AuthOptions {
  /** how long a user's row is reused between requests (ms); revocation holds within it */
  authCacheMs?: number;
  throttle?: { account?: ThrottlePolicy; address?: ThrottlePolicy };
}

/** Users, logins and the scope each user works in. */
export class AuthService {
  /** A hash to verify against when the user does not exist, so timing does not tell. */
  private dummyHash: Promise<string> | null = null;
  /** tokens checked recently, oldest first */
  private readonly verified = new Map<string, { at: number; claims: TokenClaims }>();
  /** users looked up recently, by id, oldest first */
  private readonly recent = new Map<string, { at: number; who: Promise<KnownUser> }>();
  private readonly cacheMs: number;
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    options: AuthOptions = {},
  ) {
    this.cacheMs = options.authCacheMs ?? AUTH_CACHE_MS;
    this.throttle = new LoginThrottle(ds, options.throttle);
  }

  /**
   * A token for a username (any case) and password. Failed logins are throttled per account and
   * per client address (TOO_MANY_REQUESTS with retryAfterSeconds while a delay runs; checked
   * before the password, so a throttled guess tells nothing); every attempt is audited, without
   * the password.
   */
  async login(
    username: string,
    password: string,
    attempt: { address: string; requestId: string | null } = { address: 'local', requestId: null },
  ): Promise<{ token: string; user: User }> {
    const audit = (outcome: 'SUCCEEDED' | 'FAILED' | 'THROTTLED', user: User | null) =>
      writeAudit(
        this.ds.manager,
        { userId: outcome === 'SUCCEEDED' ? user!.id : null, requestId: attempt.requestId },
        {
          operation: 'login',
          entityIds: user ? [user.id] : [],
          after: {
            username: username.slice(0, AUDITED_USERNAME_CHARS),
            outcome,
            address: attempt.address,
          },
        },
      );
    let admitted: Admitted;
    try {
      admitted = await this.throttle.admit(username, attempt.address);
    } catch (err) {
      if (err instanceof TooManyRequestsError)
        await audit('THROTTLED', await this.byName(username));
      throw err;
    }
    const user = await this.byName(username);
    let good: boolean;
    if (!user) {
      this.dummyHash ??= hashPassword('not-a-user-password');
      await verifyPassword(await this.dummyHash, password);
      good = false;
    } else good = await verifyPassword(user.passwordHash, password);
    if (!good || !user) {
      await this.throttle.failed(admitted);
      await audit('FAILED', user);
      throw new UnauthenticatedError('用户名或密码错误');
    }
    await this.throttle.succeeded(admitted);
    await audit('SUCCEEDED', user);
    return { token: await this.tokens.sign(user.id, user.tokenEpoch), user };
  }

  /** The user of a username, whatever its case (one account per lower-cased name). */
  private async byName(username: string, m = this.ds.manager): Promise<User | null> {
    if (username.length > 64) return null;
    return m
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  /** Revokes the token of this request (logout); it is refused from then on, on every replica within the auth cache. */
  async logout(who: Authenticated, actor: Actor): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO revoked_token (jti, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING`,
        [who.token.jti, who.user.id, new Date(who.token.expiresAt)],
      );
      // expired tokens fail on their own: their rows are not needed any more
      await m.query(`DELETE FROM revoked_token WHERE expires_at < now()`);
      await writeAudit(m, actor, { operation: 'logout', entityIds: [who.user.id] });
    });
    this.forget(who.user.id);
    this.verified.delete(who.token.jti);
  }

  /**
   * Sets a new password after checking the old one, and revokes every token of the user (its
   * token epoch moves on). The new password follows the policy of createUser.
   */
  async changePassword(
    who: Authenticated,
    oldPassword: string,
    newPassword: string,
    actor: Actor,
  ): Promise<void> {
    const current = await this.ds.getRepository(User).findOneBy({ id: who.user.id });
    if (!current) throw new UnauthenticatedError('账号不存在，请重新登录');
    if (!(await verifyPassword(current.passwordHash, oldPassword))) {
      throw new BadInputError('原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
    }
    if (oldPassword === newPassword) {
      throw new BadInputError('新密码不能与原密码相同', [
        { path: 'newPassword', message: '新密码不能与原密码相同' },
      ]);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.ds.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .update(User)
        .set({ passwordHash, tokenEpoch: () => 'token_epoch + 1' })
        .where('id = :id', { id: current.id })
        .execute();
      await writeAudit(m, actor, {
        operation: 'changePassword',
        entityIds: [current.id],
        after: { tokensRevoked: true },
      });
    });
    this.forget(current.id);
  }

  /**
   * The user behind a bearer token, with their scope; UNAUTHENTICATED when there is none. The
   * user's row is reused for AUTH_CACHE_MS between requests (one look-up per user per few seconds,
   * not one per request; concurrent requests share it), so a change to a user holds within that.
   */
  async authenticate(token: string): Promise<Authenticated> {
    const now = Date.now();
    const claims = await this.verify(token, now);
    const { user, scope, revoked } = await this.known(claims.userId, now);
    // changePassword moved the epoch on; logout listed the token
    if (claims.epoch !== user.tokenEpoch || revoked.has(claims.jti))
      throw new UnauthenticatedError('登录凭证已失效，请重新登录');
    return { user, scope, token: { jti: claims.jti, expiresAt: claims.expiresAt } };
  }

  private known(userId: string, now: number): Promise<KnownUser> {
    const hit = this.recent.get(userId);
    if (hit && now - hit.at < this.cacheMs) return hit.who;
    const who = this.lookUp(userId);
    this.recent.delete(userId);
    this.recent.set(userId, { at: now, who });
    if (this.recent.size > AUTH_CACHE_USERS) this.recent.delete(this.recent.keys().next().value!);
    who.catch(() => {
      if (this.recent.get(userId)?.who === who) this.recent.delete(userId);
    });
    return who;
  }

  /**
   * The user id a token was issued to. A token checked within AUTH_CACHE_MS is not checked again
   * (its signature cannot change), but one past its expiry goes back to the full check and fails.
   */
  private async verify(token: string, now: number): Promise<TokenClaims> {
    const hit = this.verified.get(token);
    if (hit && now - hit.at < this.cacheMs && now < hit.claims.expiresAt) return hit.claims;
    const claims = await this.tokens.check(token);
    this.verified.delete(token);
    this.verified.set(token, { at: now, claims });
    if (this.verified.size > AUTH_CACHE_USERS)
      this.verified.delete(this.verified.keys().next().value!);
    return claims;
  }

  /** Drops a user's cached row, so this process sees a change to them at once. */
  forget(userId: string): void {
    this.recent.delete(userId);
  }

  private async lookUp(userId: string): Promise<KnownUser> {
    // a query builder, not findOne: findOne with joins sends two statements (ids, then rows);
    // the user's revoked tokens come in the same statement
    const { entities, raw } = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.unit', 'unit')
      .leftJoinAndSelect('unit.region', 'unitRegion')
      .leftJoinAndSelect('u.region', 'region')
      .addSelect(
        `ARRAY(SELECT rt.jti FROM revoked_token rt WHERE rt.user_id = u.id AND rt.expires_at > now())`,
        'revoked_jtis',
      )
      .where('u.id = :userId', { userId })
      .getRawAndEntities<{ revoked_jtis: string[] }>();
    const user = entities[0];
    if (!user) throw new UnauthenticatedError('账号不存在，请重新登录');
    return { user, scope: scopeOf(user), revoked: new Set(raw[0]?.revoked_jtis ?? []) };
  }

  /** Creates a user (admin only); a unit role needs a unit, a region role a region. */
  async createUser(input: CreateUserInput, actor: Actor): Promise<User> {
    const fields = [];
    const isUnitRole = UNIT_ROLES.includes(input.role);
    const isRegionRole = REGION_ROLES.includes(input.role);
    if (isUnitRole && !input.unitId)
      fields.push({ path: 'input.unitId', message: '单位角色必须指定单位' });
    if (!isUnitRole && input.unitId)
      fields.push({ path: 'input.unitId', message: '该角色不属于单位' });
    if (isRegionRole && !input.regionId)
      fields.push({ path: 'input.regionId', message: '该角色必须指定地区' });
    if (!isRegionRole && input.regionId)
      fields.push({ path: 'input.regionId', message: '该角色不属于地区' });
    if (fields.length) throw new BadInputError('用户的角色与单位、地区不匹配', fields);

    const passwordHash = await hashPassword(input.password);
    return this.ds.transaction(async (m) => {
      if (input.unitId && !(await m.existsBy(Unit, { id: input.unitId }))) {
        throw new NotFoundError(`单位 ${input.unitId} 不存在`);
      }
      if (input.regionId && !(await m.existsBy(Region, { id: input.regionId }))) {
        throw new NotFoundError(`地区 ${input.regionId} 不存在`);
      }
      if (await this.byName(input.username, m)) {
        throw new ConflictError(`用户名 ${input.username} 已被使用`);
      }
      const user = m.create(User, {
        username: input.username,
        passwordHash,
        role: input.role,
        unitId: input.unitId ?? null,
        regionId: input.regionId ?? null,
      });
      await m.insert(User, user);
      await writeAudit(m, actor, {
        operation: 'createUser',
        entityIds: [user.id],
        after: {
          username: user.username,
          role: user.role,
          unitId: user.unitId,
          regionId: user.regionId,
        },
      });
      return user;
    });
  }

  /**
   * Makes sure the bootstrap `admin` exists. Returns the password when it was created with a
   * generated one (to print once), otherwise null.
   */
  async ensureAdmin(
    password: string | null,
  ): Promise<{ created: boolean; password: string | null }> {
    const repo = this.ds.getRepository(User);
    if (await this.byName('admin')) return { created: false, password: null };
    const { randomBytes } = await import('node:crypto');
    const chosen = password ?? randomBytes(12).toString('base64url');
    await repo.insert({
      username: 'admin',
      passwordHash: await hashPassword(chosen),
      role: 'ADMIN',
    });
    return { created: true, password: password ? null : chosen };
  }

  /**
   * Gives `admin` a new password (creating the user when missing): the way back in when it is
   * lost (`npm run admin:password`). A generated one when `password` is null; returns it.
   */
  async resetAdminPassword(password: string | null, actor: Actor): Promise<string> {
    if (password !== null && password.length < 8)
      throw new BadInputError('管理员密码至少 8 个字符', [
        { path: 'ADMIN_PASSWORD', message: '至少 8 个字符' },
      ]);
    const { randomBytes } = await import('node:crypto');
    const chosen = password ?? randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(chosen);
    await this.ds.transaction(async (m) => {
      let admin = await this.byName('admin', m);
      if (admin) await m.update(User, { id: admin.id }, { passwordHash });
      else {
        admin = m.create(User, { username: 'admin', passwordHash, role: 'ADMIN' });
        await m.insert(User, admin);
      }
      await writeAudit(m, actor, {
        operation: 'resetAdminPassword',
        entityIds: [admin.id],
        after: { username: 'admin' },
      });
    });
    return chosen;
  }
}

/** The scope a user works in, from their role and their unit or region. */
export function scopeOf(user: User): Scope {
  if (user.role === 'ADMIN') return { kind: 'all' };
  if (UNIT_ROLES.includes(user.role) && user.unit?.region) {
    return {
      kind: 'unit',
      unitId: user.unit.id,
      regionId: user.unit.regionId,
      path: user.unit.region.path,
    };
  }
  if (REGION_ROLES.includes(user.role) && user.region) {
    return { kind: 'region', regionId: user.region.id, path: user.region.path };
  }
  throw new UnauthenticatedError('账号缺少单位或地区，无法确定权限范围');
}
