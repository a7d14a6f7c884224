// Makes an order submission's key in the browser: a random (version 4) UUID, as clientKeySchema expects.

/** The bytes of a random UUID v4 as its canonical lowercase text. */
function uuidFromBytes(bytes: Uint8Array): string {
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A new submission key. crypto.randomUUID exists only in secure contexts (https, localhost); a page
 * opened over plain http on the network (HOST=0.0.0.0) falls back to crypto.getRandomValues, which
 * every browser has everywhere.
 */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}
