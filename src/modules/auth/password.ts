import argon2 from 'argon2';

/**
 * Password hashing with argon2id (the OWASP first choice), through the maintained `argon2`
 * binding, which ships prebuilt binaries and so installs without a compiler.
 */
export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}
