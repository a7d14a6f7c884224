// The channels panel's data through the Channels HTTP API (GET /channels?info=...), as the SDK signs it.
import type Pusher from "pusher";
import { z } from "zod";
import type { ChannelRow, ChannelsAnswer } from "@/lib/schemas/console";

const listSchema = z.object({
  channels: z.record(z.string(), z.object({ subscription_count: z.number().int().optional(), user_count: z.number().int().optional() })),
});

type Listing = z.infer<typeof listSchema>["channels"];

async function getChannels(pusher: Pick<Pusher, "get">, params: Record<string, string>): Promise<Listing> {
  const response = await pusher.get({ path: "/channels", params });
  return listSchema.parse(await response.json()).channels;
}

/**
 * Occupied channels with subscription counts, and user counts for presence channels (the API gives
 * user_count only with a presence- prefix). A service that refuses subscription counts (hosted Pusher
 * without subscription counting enabled) still gets its list, with a note saying why counts are missing.
 */
export async function listOccupiedChannels(pusher: Pick<Pusher, "get">): Promise<ChannelsAnswer> {
  let note: string | null = null;
  let all: Listing;
  try {
    all = await getChannels(pusher, { info: "subscription_count" });
  } catch {
    all = await getChannels(pusher, {});
    note = "Subscription counts are not available from this Channels service (enable subscription counting).";
  }
  const presence = await getChannels(pusher, { filter_by_prefix: "presence-", info: "user_count" }).catch(() => ({}) as Listing);
  const rows: ChannelRow[] = Object.entries(all).map(([name, info]) => ({
    name,
    subscriptionCount: info.subscription_count ?? null,
    userCount: presence[name]?.user_count ?? null,
  }));
  rows.sort((a, b) => (b.subscriptionCount ?? 0) - (a.subscriptionCount ?? 0) || a.name.localeCompare(b.name));
  return { channels: rows, note };
}
