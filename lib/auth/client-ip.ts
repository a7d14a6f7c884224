// The client address a request came from, for per-IP throttling.
//
// Next sets X-Forwarded-For to the socket's address only when the request has none, so behind no proxy
// a client can name any address it likes there; a reverse proxy appends the address it saw last. The
// last entry is therefore the most trustworthy one in both setups (and the socket itself by default).

/** The last X-Forwarded-For entry (else X-Real-IP, else "unknown"). */
export function clientIp(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}
