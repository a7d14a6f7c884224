// The console's log channel: who may subscribe, that nobody can publish or send to it but the server,
// what the batches carry, that an unwatched server publishes nothing, and the rate bound.
import { afterEach, describe, expect, it } from "vitest";
import { CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT } from "@/lib/channels/console-log/log-channel";
import type { ConsoleLogRow } from "@/lib/channels/console-log/log-rows";
import type { ChannelsConfig } from "@/lib/channels/index";
import { APP, cleanup, client, hmacHex, rawClient, sdk, startServer, subscribed, roundTrip } from "./helpers";
import { scrapeMetrics, metricValue } from "./metrics-helpers";

afterEach(cleanup);

/** A pusher-js log subscriber (authorized by the real SDK with the app secret) that keeps every row. */
async function watchLog(server: Parameters<typeof client>[0]) {
  const pusher = client(server);
  const batches: { rows: ConsoleLogRow[]; dropped: number }[] = [];
  const waiters: { match: (row: ConsoleLogRow) => boolean; resolve: (row: ConsoleLogRow) => void }[] = [];
  const { channel } = await subscribed(pusher, CONSOLE_LOG_CHANNEL);
  const rows = () => batches.flatMap((batch) => batch.rows);
  channel.bind(CONSOLE_LOG_EVENT, (data: { rows: ConsoleLogRow[]; dropped: number }) => {
    batches.push(data);
    for (const waiter of [...waiters]) {
      const found = data.rows.find(waiter.match);
      if (found) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  });
  const waitFor = (match: (row: ConsoleLogRow) => boolean): Promise<ConsoleLogRow> => {
    const seen = rows().find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return { pusher, batches, rows, waitFor };
}

const fast: Partial<ChannelsConfig> = { consoleLog: { batchMs: 20 } };

describe("who may watch the log", () => {
  it("refuses a subscription signed with another secret, and one without any signature", async () => {
    const server = await startServer(fast);
    const forger = client(server, { wrongSecret: true });
    await expect(subscribed(forger, CONSOLE_LOG_CHANNEL)).rejects.toMatchObject({ data: { type: "AuthError", status: 401 } });

    const raw = await rawClient(server);
    await raw.socketId();
    raw.send({ event: "pusher:subscribe", data: { channel: CONSOLE_LOG_CHANNEL } });
    const refused = await raw.next("pusher:subscription_error");
    expect(refused.data).toMatchObject({ type: "AuthError", status: 401 });

    // Neither became a subscriber: the channel is not occupied, and no batch is ever published.
    const info = await sdk(server).get({ path: `/channels/${CONSOLE_LOG_CHANNEL}`, params: { info: "subscription_count" } });
    expect(await info.json()).toEqual({ occupied: false, subscription_count: 0 });
    await sdk(server).trigger("prices", "update", { price: "1" });
    expect(metricValue(await scrapeMetrics(server), "channels_console_log_batches_total", { app_id: APP.id })).toBe(0);
    expect(raw.frames.filter((frame) => frame.event === CONSOLE_LOG_EVENT)).toEqual([]);
  });

  it("takes no client events, even with client events enabled: 4301, and the other watcher gets nothing", async () => {
    const server = await startServer({ ...fast, apps: [{ ...APP, clientEvents: true }] });
    const watcher = await watchLog(server);
    const raw = await rawClient(server);
    const socketId = await raw.socketId();
    raw.send({
      event: "pusher:subscribe",
      data: { channel: CONSOLE_LOG_CHANNEL, auth: `${APP.key}:${hmacHex(APP.secret, `${socketId}:${CONSOLE_LOG_CHANNEL}`)}` },
    });
    await raw.next("pusher_internal:subscription_succeeded");
    raw.send({ event: "client-forged", channel: CONSOLE_LOG_CHANNEL, data: { rows: [{ type: "api_message" }] } });
    const error = await raw.next("pusher:error");
    expect(error.data).toMatchObject({ code: 4301 });
    expect(String((error.data as { message: string }).message)).toContain("reserved");

    // The refusal itself is logged; no watcher ever sees the forged event.
    const logged = await watcher.waitFor((row) => row.type === "error" && row.event === "client-forged");
    expect(logged.details).toMatchObject({ code: 4301 });
    await roundTrip(watcher.pusher);
    expect(watcher.batches.every((batch) => Array.isArray(batch.rows))).toBe(true);
    expect(raw.frames.some((frame) => frame.event === "client-forged")).toBe(false);
  });

  it("refuses HTTP API triggers to the reserved prefix with 403, single and batched", async () => {
    const server = await startServer(fast);
    const api = sdk(server);
    await expect(api.trigger(CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT, { rows: [] })).rejects.toMatchObject({ status: 403 });
    await expect(api.trigger(["prices", `${CONSOLE_LOG_CHANNEL}-extra`], "update", {})).rejects.toMatchObject({ status: 403 });
    await expect(api.triggerBatch([{ channel: CONSOLE_LOG_CHANNEL, name: CONSOLE_LOG_EVENT, data: "{}" }])).rejects.toMatchObject({ status: 403 });
  });
});

describe("what the log carries", () => {
  it("shows connections, subscriptions, API messages (data verbatim, excluded socket), occupancy, members and disconnections", async () => {
    const server = await startServer(fast);
    const watcher = await watchLog(server);
    const trader = client(server, { presence: { user_id: "u-7", user_info: { name: "Seven" } } });
    const { channel } = await subscribed(trader, "prices");
    await subscribed(trader, "presence-room");
    const socketId = trader.connection.socket_id;

    await sdk(server).trigger(["prices", "other"], "update", { price: "12.5", note: "<b>x</b>" }, { socket_id: socketId });
    const message = await watcher.waitFor((row) => row.type === "api_message");
    expect(message).toMatchObject({ channels: ["prices", "other"], event: "update", data: '{"price":"12.5","note":"<b>x</b>"}' });
    expect(message.details).toEqual({ excludedSocket: socketId });

    expect(await watcher.waitFor((row) => row.type === "connection" && row.socketId === socketId)).toMatchObject({ type: "connection" });
    expect(await watcher.waitFor((row) => row.type === "subscribed" && row.channel === "prices")).toMatchObject({ socketId });
    expect(await watcher.waitFor((row) => row.type === "occupied" && row.channel === "presence-room")).toBeTruthy();
    expect(await watcher.waitFor((row) => row.type === "member_added")).toMatchObject({ channel: "presence-room", details: { userId: "u-7" } });

    channel.unbind_all();
    trader.unsubscribe("prices");
    expect(await watcher.waitFor((row) => row.type === "unsubscribed" && row.channel === "prices")).toMatchObject({ socketId });
    expect(await watcher.waitFor((row) => row.type === "vacated" && row.channel === "prices")).toBeTruthy();
    trader.disconnect();
    const gone = await watcher.waitFor((row) => row.type === "disconnection" && row.socketId === socketId);
    expect(gone.details).toMatchObject({ closeCode: expect.any(Number), lifetimeMs: expect.any(Number), channels: 1 });
    expect(await watcher.waitFor((row) => row.type === "member_removed")).toMatchObject({ channel: "presence-room" });
  });

  it("marks encrypted payloads, cuts long data with its size, and logs refused subscriptions and API errors", async () => {
    const server = await startServer({ consoleLog: { batchMs: 20, maxDataChars: 50 } });
    const watcher = await watchLog(server);
    await sdk(server).trigger("private-encrypted-secrets", "update", { secret: "never in clear" });
    const encrypted = await watcher.waitFor((row) => row.type === "api_message" && row.channel === "private-encrypted-secrets");
    expect(encrypted.encrypted).toBe(true);
    expect(encrypted.data).toMatch(/^\{"nonce":"/);
    expect(encrypted.data).not.toContain("never in clear");

    const long = "y".repeat(500);
    await sdk(server).trigger("prices", "big", long);
    const cut = await watcher.waitFor((row) => row.event === "big");
    expect(cut.data).toHaveLength(50);
    expect(cut.dataBytes).toBe(500);

    const forger = client(server, { wrongSecret: true });
    await expect(subscribed(forger, "private-orders")).rejects.toBeTruthy();
    const refused = await watcher.waitFor((row) => row.type === "error" && row.channel === "private-orders");
    expect(refused.details).toMatchObject({ what: "subscription refused", type: "AuthError", status: 401 });

    await expect(sdk(server, { ...APP, secret: "wrong" }).trigger("prices", "update", {})).rejects.toMatchObject({ status: 401 });
    const apiError = await watcher.waitFor((row) => row.type === "error" && row.details?.what === "HTTP API");
    expect(apiError.details).toMatchObject({ method: "POST", path: "/events", status: 401 });
  });
});

describe("cost bounds", () => {
  it("publishes nothing while nobody watches, keeps no backlog, and stops again once the watcher leaves", async () => {
    const server = await startServer(fast);
    const api = sdk(server);
    const trader = client(server);
    await subscribed(trader, "prices");
    for (let i = 0; i < 5; i += 1) await api.trigger("prices", "update", { price: String(i) });
    const batches = async () => metricValue(await scrapeMetrics(server), "channels_console_log_batches_total", { app_id: APP.id });
    expect(await batches()).toBe(0);

    const watcher = await watchLog(server);
    await api.trigger("prices", "update", { price: "after" });
    await watcher.waitFor((row) => row.type === "api_message");
    // Row ids count every row built: the first two are the watcher's own subscription, so nothing was built before.
    expect(watcher.rows().slice(0, 2)).toMatchObject([
      { id: 1, type: "occupied", channel: CONSOLE_LOG_CHANNEL },
      { id: 2, type: "subscribed", channel: CONSOLE_LOG_CHANNEL },
    ]);
    expect(watcher.rows().filter((row) => row.type === "api_message").map((row) => row.data)).toEqual(['{"price":"after"}']);

    await new Promise<void>((resolve) => {
      watcher.pusher.connection.bind("state_change", ({ current }: { current: string }) => current === "disconnected" && resolve());
      watcher.pusher.disconnect();
    });
    await expect.poll(async () => (await api.get({ path: `/channels/${CONSOLE_LOG_CHANNEL}` })).json()).toEqual({ occupied: false });
    await new Promise((resolve) => setTimeout(resolve, 60));
    const published = await batches();
    for (let i = 0; i < 5; i += 1) await api.trigger("prices", "update", { price: String(i) });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await batches()).toBe(published);
  });

  it("bounds each batch to maxRowsPerBatch and says how many rows it dropped", async () => {
    const server = await startServer({ consoleLog: { batchMs: 200, maxRowsPerBatch: 5 } });
    const watcher = await watchLog(server);
    await roundTrip(watcher.pusher);
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel: "prices", name: "update", data: String(i) }));
    await sdk(server).triggerBatch(batch);
    await sdk(server).triggerBatch(batch);
    await expect.poll(() => watcher.batches.reduce((sum, b) => sum + b.dropped, 0)).toBeGreaterThan(0);
    expect(Math.max(...watcher.batches.map((b) => b.rows.length))).toBeLessThanOrEqual(5);
    const shown = watcher.rows().length;
    const dropped = watcher.batches.reduce((sum, b) => sum + b.dropped, 0);
    // Every row built or dropped is accounted for: 20 API messages plus the watcher's own occupied + subscribed.
    expect(shown + dropped).toBe(22);
    expect(metricValue(await scrapeMetrics(server), "channels_console_log_rows_dropped_total", { app_id: APP.id })).toBe(dropped);
  });
});
