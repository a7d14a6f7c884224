// The Channels HTTP API at /apps/<id>/...: app lookup, the signed query (before any body byte is read),
// a capped and time-limited body read, body_md5, then a route table.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppRuntime } from "../app-runtime";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { channelInfo, channelUsers, listChannels } from "./channels";
import { parseJson, triggerBatch, triggerEvents } from "./events";
import type { BodyGate } from "./body-gate";
import { hasBody, readBody, refuseUnread } from "./read-body";
import { parseQuery, verifyBodyMd5, verifyQuery, type QueryParams } from "./request-auth";
import { sendError, sendJson } from "./respond";

interface RouteContext {
  runtime: AppRuntime;
  params: string[];
  query: QueryParams;
  body: Buffer;
}

interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handle: (context: RouteContext) => Result<unknown, HttpError> | Promise<Result<unknown, HttpError>>;
}

const withJson = (handle: (runtime: AppRuntime, json: unknown) => Promise<Result<unknown, HttpError>>) => (context: RouteContext) => {
  const json = parseJson(context.body);
  return json.ok ? handle(context.runtime, json.value) : json;
};

const routes: Route[] = [
  { method: "POST", pattern: /^events$/, handle: withJson(triggerEvents) },
  { method: "POST", pattern: /^batch_events$/, handle: withJson(triggerBatch) },
  { method: "GET", pattern: /^channels$/, handle: ({ runtime, query }) => listChannels(runtime, query) },
  { method: "GET", pattern: /^channels\/([^/]+)$/, handle: ({ runtime, params, query }) => channelInfo(runtime, params[0] ?? "", query) },
  { method: "GET", pattern: /^channels\/([^/]+)\/users$/, handle: ({ runtime, params }) => channelUsers(runtime, params[0] ?? "") },
  { method: "POST", pattern: /^users\/([^/]+)\/terminate_connections$/, handle: ({ runtime, params }) => terminate(runtime, params[0] ?? "") },
];

/** Looks up an app by its id. */
export type AppLookup = (appId: string) => AppRuntime | undefined;

/** How long a refused request's unread body may keep arriving before its connection is closed. */
const REFUSED_BODY_LINGER_MS = 1000;

/**
 * Handles one HTTP request; everything outside /apps/<id>/ is a 404. Who is asking (auth_key,
 * auth_version, auth_timestamp, auth_signature) is checked from the query before the body is read,
 * so an unsigned request costs no body buffer; bodies of signed requests are read at most
 * `bodies`' capacity at once (503 beyond) and within the app's httpBodyTimeoutMs (408).
 */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, findApp: AppLookup, bodies: BodyGate): Promise<void> {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const match = /^\/apps\/([^/]+)\/(.+)$/.exec(rawPath);
  const linger = REFUSED_BODY_LINGER_MS;
  if (!match) return refuseUnread(req, res, httpError(404, `Not found: ${rawPath.slice(0, 100)} (the API lives at /apps/<app_id>/...)`), linger);
  const runtime = findApp(match[1] ?? "");
  if (!runtime) return refuseUnread(req, res, httpError(404, `Unknown app id '${(match[1] ?? "").slice(0, 40)}'`), linger);
  const query = parseQuery(queryAt < 0 ? "" : url.slice(queryAt + 1));
  if (!query.ok) return refuseUnread(req, res, query.error, linger);
  const method = (req.method ?? "GET").toUpperCase();
  const decodedPath = safeDecode(rawPath);
  const paths = decodedPath && decodedPath !== rawPath ? [rawPath, decodedPath] : [rawPath];
  const { settings } = runtime;
  const withBody = hasBody(req);
  const request = { method, paths, query: query.value, hasBody: withBody };
  const denied = verifyQuery(runtime.app, request, settings.timestampToleranceSeconds, settings.clock() / 1000);
  if (denied) return refuseUnread(req, res, denied, linger);

  let body: Buffer = Buffer.alloc(0);
  if (withBody) {
    if (!bodies.tryEnter()) {
      return refuseUnread(req, res, httpError(503, `Busy: ${settings.httpMaxPendingBodies} request bodies are being read; retry shortly`), linger);
    }
    const read = await readBody(req, settings.maxEventBytes * settings.maxBatchSize + 100_000, settings.httpBodyTimeoutMs).finally(() => bodies.leave());
    if (!read.ok) {
      // A stalled body will not arrive: close its connection. A too-large one is discarded, then closed if it keeps coming.
      if (read.error.status === 413) return refuseUnread(req, res, read.error, linger);
      return sendError(res, read.error, true);
    }
    body = read.value;
  }
  const mismatch = verifyBodyMd5(query.value, body);
  if (mismatch) return sendError(res, mismatch);
  if (!runtime.enabled) return sendError(res, httpError(403, `App ${runtime.app.id} is disabled`));

  const result = await route(method, match[2] ?? "", { runtime, params: [], query: query.value, body });
  if (result.ok) sendJson(res, 200, result.value);
  else sendError(res, result.error);
}

function route(method: string, subPath: string, context: RouteContext): Result<unknown, HttpError> | Promise<Result<unknown, HttpError>> {
  let pathMatched = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(subPath);
    if (!found) continue;
    pathMatched = true;
    if (candidate.method !== method) continue;
    const params = found.slice(1).map((part) => safeDecode(part));
    if (params.some((part) => part === null)) return err(httpError(400, "Malformed percent-encoding in the path"));
    return candidate.handle({ ...context, params: params as string[] });
  }
  if (pathMatched) return err(httpError(405, `Method ${method} not allowed on /${subPath.slice(0, 100)}`));
  return err(httpError(404, `Unknown API path /${subPath.slice(0, 100)}`));
}

/** Closes the user's connections (4009) wherever they are connected: every node of a cluster. */
async function terminate(runtime: AppRuntime, userId: string): Promise<Result<unknown, HttpError>> {
  await runtime.adapter.terminateUser(userId);
  return ok({});
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
