// describeTriggerFailure on the errors the real `pusher` SDK throws: a refused connection names its code
// (ECONNREFUSED), an HTTP error its status and body, a timeout says so; the signed query string is left out.
import { createServer, type Server, type Socket } from "node:net";
import Pusher from "pusher";
import { afterEach, describe, expect, it } from "vitest";
import { startChannelsServer, type RunningChannelsServer } from "@/lib/channels/index";
import { describeTriggerFailure } from "@/lib/pusher/describe-trigger-failure";
import { freePort } from "@/scripts/lib/processes";

const APP = { id: "515151", key: "describe-test-key", secret: "describe-test-secret" };
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function sdk(port: number, options: { secret?: string; timeout?: number } = {}): Pusher {
  return new Pusher({ appId: APP.id, key: APP.key, secret: options.secret ?? APP.secret, host: "127.0.0.1", port: String(port), useTLS: false, timeout: options.timeout });
}

/** The error a trigger rejects with. */
async function triggerError(pusher: Pusher): Promise<unknown> {
  try {
    await pusher.trigger("price_channel", "update", { price: "1" });
  } catch (error) {
    return error;
  }
  throw new Error("the trigger succeeded");
}

describe("describeTriggerFailure", () => {
  it("names the network error code when nothing listens", async () => {
    const port = await freePort();
    const description = describeTriggerFailure(await triggerError(sdk(port)));
    expect(description).toBe(`network error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port} (http://127.0.0.1:${port}/apps/${APP.id}/events)`);
    expect(description).not.toContain("auth_signature");
  });

  it("gives the status and body of an HTTP error", async () => {
    const server: RunningChannelsServer = await startChannelsServer({ host: "127.0.0.1", port: 0, apps: [{ ...APP }] });
    cleanups.push(() => server.close());
    const description = describeTriggerFailure(await triggerError(sdk(server.port, { secret: "not-the-secret" })));
    expect(description).toMatch(new RegExp(`^HTTP 401 ".+" \\(http://127\\.0\\.0\\.1:${server.port}/apps/${APP.id}/events\\)$`));
  });

  it("says the request timed out when the server never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const description = describeTriggerFailure(await triggerError(sdk(port, { timeout: 200 })));
    expect(description).toBe(`network error timed out (request aborted) (http://127.0.0.1:${port}/apps/${APP.id}/events)`);
  });

  it("falls back to the message of other errors", () => {
    expect(describeTriggerFailure(new Error("boom"))).toBe("boom");
    expect(describeTriggerFailure("plain")).toBe("plain");
  });
});
