// Channel attributes for `info=` (user_count, subscription_count, cache) in HTTP API replies.
import type { AppRuntime } from "../app-runtime";
import { channelKind } from "../channel-names";
import type { ChannelStats } from "../cluster/adapter";
import { err, httpError, ok, type HttpError, type Result } from "../errors";

/** Attributes a caller may ask for. */
export type InfoAttribute = "user_count" | "subscription_count" | "cache";

/** Parses `info=a,b`; 400 for unknown attributes. */
export function parseInfo(raw: string | null | undefined, allowed: readonly InfoAttribute[]): Result<InfoAttribute[], HttpError> {
  if (!raw) return ok([]);
  const attributes: InfoAttribute[] = [];
  for (const part of raw.split(",")) {
    const name = part.trim();
    if (name === "") continue;
    if (!(allowed as readonly string[]).includes(name)) {
      return err(httpError(400, `Unsupported info attribute '${name}' (supported: ${allowed.join(", ")})`));
    }
    attributes.push(name as InfoAttribute);
  }
  return ok(attributes);
}

/** The requested attributes of one channel (user_count only for presence channels), counted cluster-wide. */
export async function channelAttributes(runtime: AppRuntime, name: string, attributes: readonly InfoAttribute[]): Promise<Record<string, unknown>> {
  const counted = attributes.includes("user_count") || attributes.includes("subscription_count");
  const stats = counted ? await runtime.adapter.channelStats(name) : NO_STATS;
  return attributesOf(runtime, name, stats, attributes);
}

/** The requested attributes of one channel from counts already read. */
export function attributesOf(runtime: AppRuntime, name: string, stats: ChannelStats, attributes: readonly InfoAttribute[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attribute of attributes) {
    if (attribute === "user_count" && channelKind(name).presence) out.user_count = stats.userCount;
    if (attribute === "subscription_count") out.subscription_count = stats.subscriptionCount;
    if (attribute === "cache") {
      const now = runtime.settings.clock();
      const cached = runtime.cache.get(name, now);
      if (cached) out.cache = { event: cached.event, data: cached.data, ttl: Math.max(0, Math.round((cached.expiresAt - now) / 1000)) };
    }
  }
  return out;
}

const NO_STATS: ChannelStats = { subscriptionCount: 0, userCount: 0 };
