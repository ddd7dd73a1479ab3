import { SignJWT, jwtVerify, errors } from 'jose';

import { UnauthenticatedError } from '../../errors';

const ISSUER = 'power-catalog';
const ALG = 'HS256';

/** Signs and checks login tokens (HS256 JWTs with expiry) with `jose`. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(userId: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ALG })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The user id the token was issued to; UNAUTHENTICATED when it is bad or expired. */
  async verify(token: string): Promise<string> {
    return (await this.check(token)).userId;
  }

  /** The user id and the expiry (ms since the epoch) of a good token; UNAUTHENTICATED otherwise. */
  async check(token: string): Promise<{ userId: string; expiresAt: number }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: [ALG] });
      if (!payload.sub) throw new UnauthenticatedError('登录凭证无效，请重新登录');
      return { userId: payload.sub, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      if (err instanceof errors.JWTExpired)
        throw new UnauthenticatedError('登录已过期，请重新登录');
      if (err instanceof UnauthenticatedError) throw err;
      throw new UnauthenticatedError('登录凭证无效，请重新登录');
    }
  }
}
