// Websocket close reasons: at most 123 UTF-8 bytes (RFC 6455), cut at a character boundary.

/** The largest close reason a websocket close frame can carry, in bytes. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** `text` cut to at most `maxBytes` UTF-8 bytes without splitting a character (ws throws on longer reasons). */
export function truncateUtf8(text: string, maxBytes: number = MAX_CLOSE_REASON_BYTES): string {
  // A string of n UTF-16 units encodes to at most 3n bytes: short strings need no Buffer.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString("utf8");
}
