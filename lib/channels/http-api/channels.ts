// GET channels, GET channels/<name>, GET channels/<name>/users.
import type { AppRuntime } from "../app-runtime";
import { channelKind, channelNameProblem } from "../channel-names";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { channelAttributes, parseInfo } from "./channel-info";
import type { QueryParams } from "./request-auth";

/** GET /apps/<id>/channels -> {channels: {C: {...}}} for occupied channels. */
export function listChannels(runtime: AppRuntime, query: QueryParams): Result<unknown, HttpError> {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = parseInfo(query.get("info"), ["user_count", "subscription_count"]);
  if (!info.ok) return info;
  if (info.value.includes("user_count") && !prefix.startsWith("presence-")) {
    return err(httpError(400, "info=user_count needs filter_by_prefix=presence- (user counts exist only for presence channels)"));
  }
  const channels: Record<string, unknown> = {};
  for (const channel of runtime.channels.list(prefix)) {
    if (channel.name.startsWith("#")) continue;
    channels[channel.name] = channelAttributes(runtime, channel.name, info.value);
  }
  return ok({ channels });
}

/** GET /apps/<id>/channels/<name> -> {occupied, user_count?, subscription_count?, cache?}. */
export function channelInfo(runtime: AppRuntime, name: string, query: QueryParams): Result<unknown, HttpError> {
  const problem = channelNameProblem(name);
  if (problem) return err(httpError(400, problem));
  const info = parseInfo(query.get("info"), ["user_count", "subscription_count", "cache"]);
  if (!info.ok) return info;
  if (info.value.includes("user_count") && !channelKind(name).presence) {
    return err(httpError(400, `info=user_count is only for presence channels, not '${name}'`));
  }
  const occupied = (runtime.channels.get(name)?.subscribers.size ?? 0) > 0;
  return ok({ occupied, ...channelAttributes(runtime, name, info.value) });
}

/** GET /apps/<id>/channels/<name>/users -> {users: [{id}]}; 400 for non-presence channels. */
export function channelUsers(runtime: AppRuntime, name: string): Result<unknown, HttpError> {
  const problem = channelNameProblem(name);
  if (problem) return err(httpError(400, problem));
  if (!channelKind(name).presence) return err(httpError(400, `Channel '${name}' is not a presence channel: it has no users`));
  const ids = runtime.channels.get(name)?.presence?.ids() ?? [];
  return ok({ users: ids.map((id) => ({ id })) });
}
