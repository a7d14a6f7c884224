// Trade times as the Prisma client stores DateTime in SQLite: ISO text with milliseconds and "+00:00"
// ("2026-12-03T17:35:26.253+00:00"), which sorts as the time does. Raw reads bound by time must use the
// same text.

/** A time (ms since the epoch) as stored text, for comparing with the Trade.createdAt column. */
export function storedTimeText(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "+00:00");
}

/** A stored time's ms since the epoch; throws on text that is not a date. */
export function storedTimeMs(text: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new TypeError(`Stored time is not a date: ${text}`);
  return ms;
}

const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** A stored time as an ISO string in UTC ("...253+00:00" -> "...253Z"), by text when it has the usual form. */
export function storedTimeIso(text: string): string {
  return STORED_UTC.test(text) ? `${text.slice(0, 23)}Z` : new Date(storedTimeMs(text)).toISOString();
}
