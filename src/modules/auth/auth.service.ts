import type { DataSource } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { BadInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../../errors';
import { REGION_ROLES, UNIT_ROLES, type Scope } from '../access/scope';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

import type { CreateUserInput } from './auth.input';
import { hashPassword, verifyPassword } from './password';
import type { TokenService } from './token';
import { User } from './user.entity';

/** How long an authenticated user's row is reused; revocation must hold within 5 s. */
export const AUTH_CACHE_MS = 4000;
const AUTH_CACHE_USERS = 10_000;

/** Users, logins and the scope each user works in. */
export class AuthService {
  /** A hash to verify against when the user does not exist, so timing does not tell. */
  private dummyHash: Promise<string> | null = null;
  /** tokens checked recently, oldest first */
  private readonly verified = new Map<string, { at: number; userId: string; expiresAt: number }>();
  /** users looked up recently, by id, oldest first */
  private readonly recent = new Map<
    string,
    { at: number; who: Promise<{ user: User; scope: Scope }> }
  >();

  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; user: User }> {
    const user = await this.ds.getRepository(User).findOneBy({ username });
    if (!user) {
      this.dummyHash ??= hashPassword('not-a-user-password');
      await verifyPassword(await this.dummyHash, password);
      throw new UnauthenticatedError('用户名或密码错误');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new UnauthenticatedError('用户名或密码错误');
    }
    return { token: await this.tokens.sign(user.id), user };
  }

  /**
   * The user behind a bearer token, with their scope; UNAUTHENTICATED when there is none. The
   * user's row is reused for AUTH_CACHE_MS between requests (one look-up per user per few seconds,
   * not one per request; concurrent requests share it), so a change to a user holds within that.
   */
  async authenticate(token: string): Promise<{ user: User; scope: Scope }> {
    const now = Date.now();
    const userId = await this.verify(token, now);
    const hit = this.recent.get(userId);
    if (hit && now - hit.at < AUTH_CACHE_MS) return hit.who;
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
  private async verify(token: string, now: number): Promise<string> {
    const hit = this.verified.get(token);
    if (hit && now - hit.at < AUTH_CACHE_MS && now < hit.expiresAt) return hit.userId;
    const { userId, expiresAt } = await this.tokens.check(token);
    this.verified.delete(token);
    this.verified.set(token, { at: now, userId, expiresAt });
    if (this.verified.size > AUTH_CACHE_USERS)
      this.verified.delete(this.verified.keys().next().value!);
    return userId;
  }

  /** Drops a user's cached row, so this process sees a change to them at once. */
  forget(userId: string): void {
    this.recent.delete(userId);
  }

  private async lookUp(userId: string): Promise<{ user: User; scope: Scope }> {
    // a query builder, not findOne: findOne with joins sends two statements (ids, then rows)
    const user = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.unit', 'unit')
      .leftJoinAndSelect('unit.region', 'unitRegion')
      .leftJoinAndSelect('u.region', 'region')
      .where('u.id = :userId', { userId })
      .getOne();
    if (!user) throw new UnauthenticatedError('账号不存在，请重新登录');
    return { user, scope: scopeOf(user) };
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
      if (await m.existsBy(User, { username: input.username })) {
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
    if (await repo.existsBy({ username: 'admin' })) return { created: false, password: null };
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
      let admin = await m.findOneBy(User, { username: 'admin' });
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
