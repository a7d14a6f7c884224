// Password hashing with argon2id (OWASP parameters); verification never throws on a malformed hash.
// Every hash and verification passes one process-wide gate: at most HASH_CONCURRENCY at once.
import argon2 from "argon2";
import { ConcurrencyGate } from "@/lib/auth/concurrency-gate";

export { GateBusyError as PasswordHashingBusyError } from "@/lib/auth/concurrency-gate";

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2 computations allowed at once (each holds 19 MiB); more wait in a queue of HASH_QUEUE_LIMIT. */
export const HASH_CONCURRENCY = 2;
/** Password checks allowed to wait for a slot; beyond that they fail fast with PasswordHashingBusyError. */
export const HASH_QUEUE_LIMIT = 32;

// On globalThis: Next bundles route handlers and server actions separately, and they must share one gate.
const globalForGate = globalThis as typeof globalThis & { __peatioHashGate?: ConcurrencyGate };
const gate = (globalForGate.__peatioHashGate ??= new ConcurrencyGate(HASH_CONCURRENCY, HASH_QUEUE_LIMIT));

/** Hashes a password into a self-describing argon2id PHC string (salt and parameters included). */
export async function hashPassword(password: string): Promise<string> {
  return gate.run(() => argon2.hash(password, HASH_OPTIONS));
}

/**
 * True when `password` matches `hash`; false for a wrong password or an unreadable hash. Throws
 * PasswordHashingBusyError when too many checks are already waiting.
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return gate.run(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real verification, so unknown emails cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("dummy password for timing equalisation").catch((error: unknown) => {
    dummyHash = undefined; // a busy gate must not leave a rejected promise here for good
    throw error;
  });
  await verifyPassword(await dummyHash, password);
  return false;
}
