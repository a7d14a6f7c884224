// GET channels, GET channels/<name>, GET channels/<name>/users.
import type { AppRuntime } from "../app-runtime";
import { channelKind, channelNameProblem } from "../channel-names";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { attributesOf, parseInfo } from "./channel-info";
import type { QueryParams } from "./request-auth";

/** GET /apps/<id>/channels -> {channels: {C: {...}}} for occupied channels. */
export async function listChannels(runtime: AppRuntime, query: QueryParams): Promise<Result<unknown, HttpError>> {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = parseInfo(query.get("info"), ["user_count", "subscription_count"]);
  if (!info.ok) return info;
  if (info.value.includes("user_count") && !prefix.startsWith("presence-")) {
    return err(httpError(400, "info=user_count needs filter_by_prefix=presence- (user counts exist only for presence channels)"));
  }
  const channels: Record<string, unknown> = {};
  for (const [name, stats] of await runtime.adapter.listChannels(prefix)) {
    if (name.startsWith("#")) continue;
    channels[name] = attributesOf(runtime, name, stats, info.value);
  }
  return ok({ channels });
}

/** GET /apps/<id>/channels/<name> -> {occupied, user_count?, subscription_count?, cache?}. */
export async function channelInfo(runtime: AppRuntime, name: string, query: QueryParams): Promise<Result<unknown, HttpError>> {
  const problem = channelNameProblem(name);
  if (problem) return err(httpError(400, problem));
  const info = parseInfo(query.get("info"), ["user_count", "subscription_count", "cache"]);
  if (!info.ok) return info;
  if (info.value.includes("user_count") && !channelKind(name).presence) {
    return err(httpError(400, `info=user_count is only for presence channels, not '${name}'`));
  }
  const stats = await runtime.adapter.channelStats(name);
  return ok({ occupied: stats.subscriptionCount > 0, ...attributesOf(runtime, name, stats, info.value) });
}

/** GET /apps/<id>/channels/<name>/users -> {users: [{id}]}; 400 for non-presence channels. */
export async function channelUsers(runtime: AppRuntime, name: string): Promise<Result<unknown, HttpError>> {
  const problem = channelNameProblem(name);
  if (problem) return err(httpError(400, problem));
  if (!channelKind(name).presence) return err(httpError(400, `Channel '${name}' is not a presence channel: it has no users`));
  const ids = await runtime.adapter.channelUserIds(name);
  return ok({ users: ids.map((id) => ({ id })) });
}
