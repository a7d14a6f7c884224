// Each check of the HTTP API's request auth on its own: every request here is valid in every way but one and is
// signed after that one change, so only the check under test can refuse it (a tampered signature would hide which
// check fired). The server's clock stands still, so timestamps exactly at the tolerance are exact.
import { createHash } from "node:crypto";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningChannelsServer } from "@/lib/channels/index";
import { APP, cleanup, hmacHex, manualClock, startServer } from "./helpers";

afterEach(cleanup);

/** The server's "now" in whole seconds; its clock does not move during a test. */
const NOW_S = 1_700_000_000;
const TOLERANCE_S = 600;
const CHANNELS = `/apps/${APP.id}/channels`;
const EVENTS = `/apps/${APP.id}/events`;
const BODY = JSON.stringify({ name: "e", data: "{}", channels: ["c"] });

type Pair = [name: string, value: string];

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** The query params of a valid request (with body_md5 when there is a body), in pusher-http-node's order. */
function validParams(body?: string): Pair[] {
  const pairs: Pair[] = [
    ["auth_key", APP.key],
    ["auth_timestamp", String(NOW_S)],
    ["auth_version", "1.0"],
  ];
  if (body !== undefined) pairs.push(["body_md5", md5(body)]);
  return pairs;
}

/** Replaces (or with `undefined` removes) one param, keeping the others as they are. */
function withParam(pairs: Pair[], name: string, value: string | undefined): Pair[] {
  const others = pairs.filter(([key]) => key !== name);
  return value === undefined ? others : [...others, [name, value]];
}

/** The string pusher-http-node signs: method, path, and the params sorted by name as `name=value` joined by '&'. */
function stringToSign(method: string, path: string, pairs: Pair[]): string {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method}\n${path}\n${sorted.map(([key, value]) => `${key}=${value}`).join("&")}`;
}

/** `pairs` percent-encoded in the order given, then auth_signature over `signedPairs` (default: the same pairs). */
function signedQuery(method: string, path: string, pairs: Pair[], signedPairs: Pair[] = pairs): string {
  const signature = hmacHex(APP.secret, stringToSign(method, path, signedPairs));
  return [...pairs, ["auth_signature", signature] as Pair].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/** Sends a request with a raw query string; the status and body text the client sees. */
async function send(server: RunningChannelsServer, method: "GET" | "POST", path: string, query: string, body?: string) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}?${query}`, {
    method,
    body,
    headers: body === undefined ? {} : { "content-type": "application/json" },
  });
  return { status: response.status, text: await response.text() };
}

/** Sends only the request head over TCP (no body byte) and returns the status line's code and what came back. */
async function sendHeadOnly(server: RunningChannelsServer, head: string): Promise<{ status: number; text: string }> {
  const socket = connect(server.port, "127.0.0.1");
  try {
    let received = "";
    await new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
        // The whole (small) error answer: headers and a JSON or text body.
        if (/\r\n\r\n[\s\S]+/.test(received)) resolve();
      });
      socket.on("close", () => resolve());
      socket.write(head);
    });
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]), text: received };
  } finally {
    socket.destroy();
  }
}

const startFrozen = () => startServer({ clock: manualClock(NOW_S * 1000).now });

describe("HTTP API request auth: a valid request", () => {
  it("is accepted, GET without a body and POST with one", async () => {
    const server = await startFrozen();
    expect((await send(server, "GET", CHANNELS, signedQuery("GET", CHANNELS, validParams()))).status).toBe(200);
    const post = await send(server, "POST", EVENTS, signedQuery("POST", EVENTS, validParams(BODY)), BODY);
    expect(post).toEqual({ status: 200, text: "{}" });
  });

  it("is accepted with its params in any order: the server sorts them before checking the signature", async () => {
    const server = await startFrozen();
    const params: Pair[] = [...validParams(), ["info", "user_count"], ["filter_by_prefix", "presence-"]];
    for (const order of [params.toReversed(), [params[3], params[0], params[4], params[2], params[1]] as Pair[]]) {
      expect(order.map(([key]) => key)).not.toEqual(order.map(([key]) => key).toSorted());
      expect((await send(server, "GET", CHANNELS, signedQuery("GET", CHANNELS, order))).status).toBe(200);
    }
  });

  it("is accepted with empty '&' separators, which carry no parameter", async () => {
    const server = await startFrozen();
    const query = signedQuery("GET", CHANNELS, validParams());
    expect((await send(server, "GET", CHANNELS, `&${query.replaceAll("&", "&&")}&`)).status).toBe(200);
  });

  it("signs each parameter as sent: one without '=' as 'name=', one with an empty name as '=value'", async () => {
    const server = await startFrozen();
    const bare = signedQuery("GET", CHANNELS, validParams(), [...validParams(), ["info", ""]]);
    expect((await send(server, "GET", CHANNELS, `info&${bare}`)).status).toBe(200);
    const emptyName = signedQuery("GET", CHANNELS, validParams(), [...validParams(), ["", "x"]]);
    expect((await send(server, "GET", CHANNELS, `=x&${emptyName}`)).status).toBe(200);
  });

  it.each([
    ["exactly 600 s old", NOW_S - TOLERANCE_S],
    ["exactly 600 s ahead", NOW_S + TOLERANCE_S],
  ])("is accepted with a timestamp %s", async (_label, timestamp) => {
    const server = await startFrozen();
    const query = signedQuery("GET", CHANNELS, withParam(validParams(), "auth_timestamp", String(timestamp)));
    expect((await send(server, "GET", CHANNELS, query)).status).toBe(200);
  });

  it("with a body_md5 of the empty body is accepted without a body", async () => {
    const server = await startFrozen();
    const query = signedQuery("GET", CHANNELS, withParam(validParams(), "body_md5", md5("")));
    expect((await send(server, "GET", CHANNELS, query)).status).toBe(200);
  });
});

describe("HTTP API request auth: each check alone refuses a request signed after the change", () => {
  it.each<[string, (pairs: Pair[]) => Pair[], string]>([
    ["no auth_key", (p) => withParam(p, "auth_key", undefined), "Missing auth_key query parameter"],
    ["no auth_timestamp", (p) => withParam(p, "auth_timestamp", undefined), "Missing auth_timestamp query parameter"],
    ["no auth_version", (p) => withParam(p, "auth_version", undefined), "Missing auth_version query parameter"],
    ["another app's auth_key", (p) => withParam(p, "auth_key", "other-key"), "Unknown auth_key for this app"],
    ["auth_version 2.0", (p) => withParam(p, "auth_version", "2.0"), "Unsupported auth_version '2.0' (expected 1.0)"],
    ["auth_version 1", (p) => withParam(p, "auth_version", "1"), "Unsupported auth_version '1' (expected 1.0)"],
    ["a fractional auth_timestamp", (p) => withParam(p, "auth_timestamp", `${NOW_S}.5`), "auth_timestamp must be an integer number of seconds"],
    ["a non-numeric auth_timestamp", (p) => withParam(p, "auth_timestamp", "now"), "auth_timestamp must be an integer number of seconds"],
    ["a timestamp 601 s old", (p) => withParam(p, "auth_timestamp", String(NOW_S - TOLERANCE_S - 1)), `Timestamp expired: auth_timestamp ${NOW_S - 601} is more than 600 s from server time ${NOW_S}`],
    ["a timestamp 601 s ahead", (p) => withParam(p, "auth_timestamp", String(NOW_S + TOLERANCE_S + 1)), "Timestamp expired"],
    ["a body_md5 but no body", (p) => withParam(p, "body_md5", md5("x")), "body_md5 does not match the MD5 of the request body"],
  ])("GET with %s: 401", async (_label, change, message) => {
    const server = await startFrozen();
    const response = await send(server, "GET", CHANNELS, signedQuery("GET", CHANNELS, change(validParams())));
    expect(response.status).toBe(401);
    expect(response.text).toContain(message);
  });

  it("refuses a request without auth_signature with 401", async () => {
    const server = await startFrozen();
    const query = validParams().map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
    const response = await send(server, "GET", CHANNELS, query);
    expect(response.status).toBe(401);
    expect(response.text).toContain("Missing auth_signature query parameter");
  });

  it("refuses a wrong signature with 401 and names the string it expected signed", async () => {
    const server = await startFrozen();
    const query = signedQuery("GET", CHANNELS, validParams(), withParam(validParams(), "auth_version", "1.1"));
    const response = await send(server, "GET", CHANNELS, query);
    expect(response.status).toBe(401);
    expect(response.text).toContain(`Invalid signature: expected HMAC-SHA256 hex, keyed with the app secret, of 'GET\\n${CHANNELS}\\nauth_key=${APP.key}&auth_timestamp=${NOW_S}&auth_version=1.0'`);
  });

  it("refuses a POST whose body does not match its signed body_md5 with 401", async () => {
    const server = await startFrozen();
    const other = JSON.stringify({ name: "e", data: "[]", channels: ["c"] });
    const response = await send(server, "POST", EVENTS, signedQuery("POST", EVENTS, withParam(validParams(BODY), "body_md5", md5(other))), BODY);
    expect(response.status).toBe(401);
    expect(response.text).toContain("body_md5 does not match the MD5 of the request body");
  });

  it("refuses a POST with a body but no body_md5 with 401", async () => {
    const server = await startFrozen();
    const response = await send(server, "POST", EVENTS, signedQuery("POST", EVENTS, validParams()), BODY);
    expect(response.status).toBe(401);
    expect(response.text).toContain("Missing body_md5 query parameter for a request with a body");
  });

  it("refuses a POST announcing a body but signed without body_md5 before reading it (401, not the body's 413)", async () => {
    const server = await startFrozen();
    // Over the body limit (10 events of 10 KB + 100 KB): were the body considered, this would be a 413.
    const head = `POST ${EVENTS}?${signedQuery("POST", EVENTS, validParams())} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 300000\r\n\r\n`;
    const response = await sendHeadOnly(server, head);
    expect(response.status).toBe(401);
    expect(response.text).toContain("Missing body_md5 query parameter for a request with a body");
  });

  it.each<[string, Pair[], Pair[]]>([
    ["filter_by_prefix", [...validParams(), ["filter_by_prefix", "a"], ["filter_by_prefix", "presence-"]], [...validParams(), ["filter_by_prefix", "presence-"]]],
    ["auth_timestamp", [...validParams(), ["auth_timestamp", String(NOW_S - 1)]], withParam(validParams(), "auth_timestamp", String(NOW_S - 1))],
  ])("refuses %s given twice with 400 (signed as if the last one counted)", async (name, sent, signed) => {
    const server = await startFrozen();
    const response = await send(server, "GET", CHANNELS, signedQuery("GET", CHANNELS, sent, signed));
    expect(response.status).toBe(400);
    expect(response.text).toContain(`Query parameter '${name}' given more than once`);
  });

  it.each([
    ["in a value", "filter_by_prefix=%E0%A4%A", "Malformed query parameter 'filter_by_prefix=%E0%A4%A'"],
    ["in a name", "%zz=1", "Malformed query parameter '%zz=1'"],
    ["in a parameter without '='", "info%", "Malformed query parameter 'info%'"],
    ["in a long parameter (quoted up to 60 characters)", `x=${"a".repeat(70)}%`, `Malformed query parameter 'x=${"a".repeat(58)}'`],
  ])("refuses a malformed percent-escape %s with 400", async (_label, bad, message) => {
    const server = await startFrozen();
    const response = await send(server, "GET", CHANNELS, `${signedQuery("GET", CHANNELS, validParams())}&${bad}`);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });
});
