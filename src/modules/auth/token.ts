import { createHash, randomUUID } from 'node:crypto';

import { SignJWT, jwtVerify, errors } from 'jose';

import { UnauthenticatedError } from '../../errors';

const ISSUER = 'power-catalog';
const ALG = 'HS256';

/** What a good token says: whose it is, until when, its id (jti) and the user's token epoch. */
export interface TokenClaims {
  userId: string;
  /** ms since the epoch */
  expiresAt: number;
  /** the token's id, what logout revokes (a hash of the token for one signed without it) */
  jti: string;
  /** the user's token epoch when it was signed; changePassword moves the user's on */
  epoch: number;
}

/**
 * Signs and checks login tokens (HS256 JWTs with expiry) with `jose`. Each carries an id (`jti`)
 * and its user's token epoch (`ep`), so one token or all of a user's can be revoked.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(userId: string, epoch = 0): Promise<string> {
    return new SignJWT({ ep: epoch })
      .setJti(randomUUID())
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

  /** The claims of a good token; UNAUTHENTICATED otherwise. */
  async check(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: [ALG] });
      if (!payload.sub) throw new UnauthenticatedError('登录凭证无效，请重新登录');
      const jti =
        typeof payload.jti === 'string' && payload.jti.length <= 64
          ? payload.jti
          : createHash('sha256').update(token).digest('base64url');
      const epoch = typeof payload.ep === 'number' && Number.isInteger(payload.ep) ? payload.ep : 0;
      return { userId: payload.sub, expiresAt: (payload.exp ?? 0) * 1000, jti, epoch };
    } catch (err) {
      if (err instanceof errors.JWTExpired)
        throw new UnauthenticatedError('登录已过期，请重新登录');
      if (err instanceof UnauthenticatedError) throw err;
      throw new UnauthenticatedError('登录凭证无效，请重新登录');
    }
  }
}
