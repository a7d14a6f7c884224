// A market's announcements leave through one outbox per process (publishExchangeUpdate): in commit
// order, at most 10 events a request, and updates committed while a request is in flight share the next
// requests. Real `pusher` SDK, our Channels server, a real pusher-js subscriber.
import type Pusher from "pusher";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { BATCH_SIZE, publishExchangeUpdate } from "@/lib/exchange/publish-exchange-update";
import { BOOK_EVENT, marketGlobalChannel } from "@/lib/pusher/channels";
import { cleanup, client, sdk, startServer, subscribed } from "../channels/helpers";

afterEach(cleanup);

const MARKET = "outboxusd";
const noPrivate = { privateChannel: (sn: string) => `private-user-${sn}` };

/** A committed command's update with `sequence`: its book and one fill's price (3 events). */
function updateAt(sequence: number): ExchangeUpdate {
  const price = { marketId: MARKET, tradeId: sequence, side: "buy" as const, price: `${100 + sequence}`, amount: "1", createdAt: new Date(1_700_000_000_000 + sequence).toISOString() };
  return { marketId: MARKET, sequence, book: { asks: [[`${101 + sequence}`, "1"]], bids: [["100", "1"]], sequence }, trades: [], prices: [price], members: [] };
}

/** The SDK with each batch request's size recorded. */
function countingSdk(pusher: Pusher): { pusher: Pusher; requests: number[] } {
  const requests: number[] = [];
  const triggerBatch = pusher.triggerBatch.bind(pusher);
  pusher.triggerBatch = (batch) => {
    requests.push(batch.length);
    return triggerBatch(batch);
  };
  return { pusher, requests };
}

describe("the market outbox", () => {
  it("delivers every update in order, 10 events a request at most, sharing requests while one is in flight", async () => {
    const server = await startServer();
    const subscriber = client(server);
    const { channel } = await subscribed(subscriber, marketGlobalChannel(MARKET));
    const books: number[] = [];
    channel.bind(BOOK_EVENT, (data: { sequence: number }) => books.push(data.sequence));
    const { pusher, requests } = countingSdk(sdk(server));

    const updates = Array.from({ length: 30 }, (_, i) => updateAt(i + 1));
    const delivered = await Promise.all(updates.map((update) => publishExchangeUpdate(pusher, update, noPrivate)));

    expect(delivered).toEqual(updates.map(() => true));
    await vi.waitFor(() => expect(books).toHaveLength(30));
    expect(books).toEqual(updates.map((update) => update.sequence));
    expect(requests.reduce((sum, size) => sum + size, 0)).toBe(90);
    expect(Math.max(...requests)).toBeLessThanOrEqual(BATCH_SIZE);
    // The first update leaves at once on its own; the 29 queued behind it fill whole requests.
    expect(requests).toEqual([3, 10, 10, 10, 10, 10, 10, 10, 10, 7]);
  });

  it("an update whose request fails resolves false and the outbox goes on with the next ones", async () => {
    const server = await startServer();
    const { pusher } = countingSdk(sdk(server));
    const closedPort = server.port;
    await server.close();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await publishExchangeUpdate(pusher, updateAt(1), noPrivate)).toBe(false);
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringContaining(`[publish-exchange] ${MARKET} sequence 1: 3 events not announced`)]);
    } finally {
      errors.mockRestore();
    }
    const again = await startServer({ port: closedPort });
    const subscriber = client(again);
    const { channel } = await subscribed(subscriber, marketGlobalChannel(MARKET));
    const books: number[] = [];
    channel.bind(BOOK_EVENT, (data: { sequence: number }) => books.push(data.sequence));
    expect(await publishExchangeUpdate(pusher, updateAt(2), noPrivate)).toBe(true);
    await vi.waitFor(() => expect(books).toEqual([2]));
  });
});
