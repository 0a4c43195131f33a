import { hash, verify } from "@node-rs/argon2";

/**
 * Password hashing: argon2id with OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane), a few tens
 * of milliseconds per hash on a small server. The parameters travel inside each hash, so raising them
 * later keeps old hashes verifiable. (@node-rs/argon2 ships a prebuilt binary per platform; no compiler.)
 */
export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * A hash of a random password nobody knows, made with ARGON2_OPTIONS: verifying against it when the
 * email is unknown costs the same as a real check, so response time does not reveal which emails exist.
 */
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$f7fWQ54gd3ATnOg+h71RCQ$Ip5Vkxt8CLiRcTVkylX5Bwz85Vncj+kOi6eb3Xd+Ryc";

/** The m, t and p a PHC-format argon2id hash was made with, or null when it is not one. */
function parameters(passwordHash: string): { m: number; t: number; p: number } | null {
  const match = /^\$argon2id\$v=19\$([^$]+)\$[^$]+\$[^$]+$/.exec(passwordHash);
  if (!match?.[1]) return null;
  const values = Object.fromEntries(match[1].split(",").map((pair) => pair.split("=") as [string, string]));
  const [m, t, p] = [Number(values.m), Number(values.t), Number(values.p)];
  return Number.isInteger(m) && Number.isInteger(t) && Number.isInteger(p) ? { m, t, p } : null;
}

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
  /** True when the hash was made with other (older) parameters than ARGON2_OPTIONS. */
  needsRehash(passwordHash: string): boolean {
    const used = parameters(passwordHash);
    return (
      !used ||
      used.m !== ARGON2_OPTIONS.memoryCost ||
      used.t !== ARGON2_OPTIONS.timeCost ||
      used.p !== ARGON2_OPTIONS.parallelism
    );
  },
};
