// Resource limits: slow consumers (backpressure), subscriptions per connection, inbound frame rate.
import { afterEach, describe, expect, it } from "vitest";
import { APP, cleanup, client, nextEvent, sdk, startServer, subscribed } from "./helpers";
import { TcpWebSocket } from "./tcp-client";

afterEach(cleanup);

describe("backpressure", () => {
  it("terminates a subscriber that never reads once its backlog passes maxBufferedBytes; readers keep receiving", async () => {
    const server = await startServer({ maxBufferedBytes: 256 * 1024 });
    const reader = client(server);
    const { channel } = await subscribed(reader, "firehose");
    const slow = await TcpWebSocket.open(server.port, `/app/${APP.key}?protocol=7`);
    try {
      await slow.waitFor("pusher:connection_established");
      slow.sendText(JSON.stringify({ event: "pusher:subscribe", data: { channel: "firehose" } }));
      await slow.waitFor("pusher_internal:subscription_succeeded");
      slow.pause();

      const api = sdk(server);
      const subscribers = async () => {
        const response = await api.get({ path: "/channels/firehose", params: { info: "subscription_count" } });
        return ((await response.json()) as { subscription_count: number }).subscription_count;
      };
      expect(await subscribers()).toBe(2);
      const data = "x".repeat(9 * 1024);
      const batch = Array.from({ length: 10 }, () => ({ channel: "firehose", name: "bulk", data }));
      // Far more than the kernel buffers of a loopback connection hold: unbounded buffering would never drop it.
      const cap = 40 * 1024 * 1024;
      let sent = 0;
      while (sent < cap && (await subscribers()) === 2) {
        await api.triggerBatch(batch);
        sent += batch.length * data.length;
      }
      expect(await subscribers()).toBe(1);
      expect(sent).toBeLessThan(cap);

      const marker = nextEvent(channel, "marker");
      await api.trigger("firehose", "marker", {});
      await marker;
      expect(reader.connection.state).toBe("connected");
    } finally {
      slow.destroy();
    }
  });
});
