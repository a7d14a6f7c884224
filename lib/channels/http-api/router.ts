// The Channels HTTP API at /apps/<id>/...: app lookup, body limit, signature, then a route table.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppRuntime } from "../app-runtime";
import { Codes, err, httpError, ok, protocolError, type HttpError, type Result } from "../errors";
import { channelInfo, channelUsers, listChannels } from "./channels";
import { parseJson, triggerBatch, triggerEvents } from "./events";
import { readBody } from "./read-body";
import { parseQuery, verifyRequest, type QueryParams } from "./request-auth";
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
  handle: (context: RouteContext) => Result<unknown, HttpError>;
}

const withJson = (handle: (runtime: AppRuntime, json: unknown) => Result<unknown, HttpError>) => (context: RouteContext) => {
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

/** Handles one HTTP request; everything outside /apps/<id>/ is a 404. */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, findApp: AppLookup): Promise<void> {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const match = /^\/apps\/([^/]+)\/(.+)$/.exec(rawPath);
  if (!match) {
    req.resume();
    return sendError(res, httpError(404, `Not found: ${rawPath.slice(0, 100)} (the API lives at /apps/<app_id>/...)`));
  }
  const runtime = findApp(match[1] ?? "");
  if (!runtime) {
    req.resume();
    return sendError(res, httpError(404, `Unknown app id '${(match[1] ?? "").slice(0, 40)}'`));
  }
  const { maxEventBytes, maxBatchSize } = runtime.settings;
  const body = await readBody(req, maxEventBytes * maxBatchSize + 100_000);
  if (!body.ok) return sendError(res, body.error);
  const query = parseQuery(queryAt < 0 ? "" : url.slice(queryAt + 1));
  if (!query.ok) return sendError(res, query.error);
  const method = (req.method ?? "GET").toUpperCase();
  const decodedPath = safeDecode(rawPath);
  const paths = decodedPath && decodedPath !== rawPath ? [rawPath, decodedPath] : [rawPath];
  const denied = verifyRequest(runtime.app, { method, paths, query: query.value, body: body.value }, runtime.settings.timestampToleranceSeconds);
  if (denied) return sendError(res, denied);
  if (!runtime.enabled) return sendError(res, httpError(403, `App ${runtime.app.id} is disabled`));

  const result = route(method, match[2] ?? "", { runtime, params: [], query: query.value, body: body.value });
  if (result.ok) sendJson(res, 200, result.value);
  else sendError(res, result.error);
}

function route(method: string, subPath: string, context: RouteContext): Result<unknown, HttpError> {
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

function terminate(runtime: AppRuntime, userId: string): Result<unknown, HttpError> {
  const error = protocolError(Codes.unauthorized, "Connection terminated by the app", true);
  for (const connection of [...runtime.users.connectionsOf(userId)]) connection.fail(error);
  return ok({});
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
