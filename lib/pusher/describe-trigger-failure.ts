// One short log description of a failed `pusher.trigger` (shared by the public and private publishers).
// The SDK's RequestError (node_modules/pusher/lib/errors.js) says only "Request failed with an error" or
// "Unexpected status code N"; the cause is in `.status`/`.body` (HTTP errors) or `.error` (node-fetch's
// FetchError: `.code` such as ECONNREFUSED, `.type` "aborted" on the SDK's timeout). `.url` carries the
// signed query string, so only its origin and path are logged.

/** Longest slice of a response body that goes into a log line. */
const MAX_BODY_CHARS = 300;

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | null {
  return value !== null && typeof value === "object" ? (value as Fields) : null;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** "http://host:port/apps/1/events" from a URL with a signed query string (or undefined). */
function endpointOf(url: unknown): string | undefined {
  const raw = text(url);
  if (!raw) return undefined;
  try {
    const parsed = new URL(raw);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** The underlying network error: its code and the reason node-fetch gives (without the signed URL). */
function describeCause(cause: Fields): string {
  const code = text(cause.code) ?? text(cause.errno);
  const message = text(cause.message) ?? "";
  // node-fetch: "request to <url with signature> failed, reason: connect ECONNREFUSED 127.0.0.1:6001".
  const reason = message.includes("reason: ") ? message.slice(message.indexOf("reason: ") + "reason: ".length) : message;
  if (cause.type === "aborted" || cause.name === "AbortError") return "timed out (request aborted)";
  if (code && reason && !reason.startsWith(code)) return `${code}: ${reason}`;
  return reason || code || text(cause.name) || "unknown network error";
}

/**
 * A one-line description of a trigger failure, never a stack dump: "HTTP 401 <body> from <endpoint>" for
 * an HTTP error, "network error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6001 (<endpoint>)" for a
 * request that got no response, else the error's message.
 */
export function describeTriggerFailure(error: unknown): string {
  const err = fields(error);
  if (!err) return String(error);
  const endpoint = endpointOf(err.url);
  const where = endpoint ? ` (${endpoint})` : "";
  if (typeof err.status === "number") {
    const body = text(err.body);
    const shown = body && body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}…` : body;
    return `HTTP ${err.status}${shown ? ` ${JSON.stringify(shown)}` : " (empty body)"}${where}`;
  }
  const cause = fields(err.error);
  if (cause) return `network error ${describeCause(cause)}${where}`;
  const message = text(err.message);
  return message ? `${message}${where}` : String(error);
}
