// HTTP API request signing, checked exactly as pusher-http-node signs (lib/requests.js).
import type { AppConfig } from "../config";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { md5Hex, safeEqual, signHex } from "../signatures";

/** Query parameters, decoded, in the order received. */
export type QueryParams = Map<string, string>;

/** Splits a raw query string; 400 for bad escapes or repeated keys. */
export function parseQuery(raw: string): Result<QueryParams, HttpError> {
  const params: QueryParams = new Map();
  if (raw === "") return ok(params);
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      return err(httpError(400, `Malformed query parameter '${pair.slice(0, 60)}'`));
    }
    if (params.has(key)) return err(httpError(400, `Query parameter '${key}' given more than once`));
    params.set(key, value);
  }
  return ok(params);
}

/** What is signed about a request, all known before its body is read. */
export interface SignedRequest {
  method: string;
  /** Path candidates as received and percent-decoded (the SDK signs the unescaped path). */
  paths: string[];
  query: QueryParams;
  /** Whether the request announces a body (then body_md5 must be signed too). */
  hasBody: boolean;
}

/**
 * Verifies auth_key, auth_version, auth_timestamp and auth_signature from the query alone, before any
 * body byte is read: the signature covers body_md5, so only {@link verifyBodyMd5} needs the body. `nowSeconds` is the
 * server's clock (config `clock`). Null when valid.
 */
export function verifyQuery(app: AppConfig, request: SignedRequest, toleranceSeconds: number, nowSeconds: number): HttpError | null {
  const { query } = request;
  for (const name of ["auth_key", "auth_timestamp", "auth_version", "auth_signature"]) {
    if (!query.has(name)) return httpError(401, `Missing ${name} query parameter: sign requests as the Pusher HTTP API expects`);
  }
  if (!safeEqual(app.key, query.get("auth_key") ?? "")) return httpError(401, "Unknown auth_key for this app");
  if (query.get("auth_version") !== "1.0") return httpError(401, `Unsupported auth_version '${query.get("auth_version")}' (expected 1.0)`);
  const timestamp = Number(query.get("auth_timestamp"));
  if (!Number.isInteger(timestamp)) return httpError(401, "auth_timestamp must be an integer number of seconds");
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return httpError(
      401,
      `Timestamp expired: auth_timestamp ${timestamp} is more than ${toleranceSeconds} s from server time ${Math.floor(nowSeconds)}`,
    );
  }
  if (request.hasBody && !query.has("body_md5")) return httpError(401, "Missing body_md5 query parameter for a request with a body");
  const signature = query.get("auth_signature") ?? "";
  const sorted = [...query.entries()]
    .filter(([key]) => key !== "auth_signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  let valid = false;
  for (const path of request.paths) {
    if (safeEqual(signHex(app.secret, `${request.method}\n${path}\n${sorted}`), signature)) valid = true;
  }
  if (valid) return null;
  const first = request.paths[0] ?? "";
  return httpError(401, `Invalid signature: expected HMAC-SHA256 hex, keyed with the app secret, of '${request.method}\\n${first}\\n${sorted}'`);
}

/** Checks the body against the signed body_md5 (required once there is a body); null when it matches. */
export function verifyBodyMd5(query: QueryParams, body: Buffer): HttpError | null {
  const givenMd5 = query.get("body_md5");
  if (body.length === 0 && givenMd5 === undefined) return null;
  if (givenMd5 === undefined) return httpError(401, "Missing body_md5 query parameter for a request with a body");
  if (!safeEqual(md5Hex(body), givenMd5)) return httpError(401, "body_md5 does not match the MD5 of the request body");
  return null;
}
