import { argon2id, hash, needsRehash, verify } from "argon2";

/**
 * Password hashing: argon2id with OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane), about a
 * tenth of a second per hash on a small server. The parameters travel inside each hash, so raising them
 * later keeps old hashes verifiable.
 */
export const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A hash of a random password nobody knows, made with ARGON2_OPTIONS: verifying against it when the
 * email is unknown costs the same as a real check, so response time does not reveal which emails exist.
 */
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,p=1,t=2$8tscif9TJUko6nrH1gzuSg$MISZTgInaCoJlOd8X0CP/nmXnZjAeSt/Gp3BLapJYNw";

/** An object (not loose functions) so tests can observe the calls. */
export const passwords = {
  hash(plain: string): Promise<string> {
    return hash(plain, ARGON2_OPTIONS);
  },
  /** False for a wrong password and for a malformed hash alike. */
  async verify(passwordHash: string, plain: string): Promise<boolean> {
    try {
      return await verify(passwordHash, plain);
    } catch {
      return false;
    }
  },
  needsRehash(passwordHash: string): boolean {
    try {
      return needsRehash(passwordHash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  },
};
