// The unguessable per-user token that names a private channel (peatio's member sn).
import { randomBytes } from "node:crypto";

/** Bytes of randomness in an sn: 128 bits, far beyond guessing. */
export const SN_BYTES = 16;

/** A fresh sn: 16 random bytes as 32 lowercase hex characters. */
export function generateSn(): string {
  return randomBytes(SN_BYTES).toString("hex");
}

/** True for a string shaped like an sn this app issues. */
export function isSn(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}
