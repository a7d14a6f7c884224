// Channel attributes for `info=` (user_count, subscription_count, cache) in HTTP API replies.
import type { AppRuntime } from "../app-runtime";
import { channelKind } from "../channel-names";
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

/** The requested attributes of one channel (user_count only for presence channels). */
export function channelAttributes(runtime: AppRuntime, name: string, attributes: readonly InfoAttribute[]): Record<string, unknown> {
  const channel = runtime.channels.get(name);
  const out: Record<string, unknown> = {};
  for (const attribute of attributes) {
    if (attribute === "user_count" && channelKind(name).presence) out.user_count = channel?.presence?.count ?? 0;
    if (attribute === "subscription_count") out.subscription_count = channel?.subscribers.size ?? 0;
    if (attribute === "cache") {
      const now = runtime.settings.clock();
      const cached = runtime.cache.get(name, now);
      if (cached) out.cache = { event: cached.event, data: cached.data, ttl: Math.max(0, Math.round((cached.expiresAt - now) / 1000)) };
    }
  }
  return out;
}
