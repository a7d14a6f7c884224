// The "Watching" widget when presence-market is full. Issue 8: 100 throwaway accounts filled the channel
// (member cap 100) and the real user's widget vanished. Here 100 members join through real pusher-js
// clients (authorized with the app's own signature, as the auth route would), then a signed-in trader
// opens the market: the widget stays, says the list is full, and the rest of the page is live.
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { openSignedIn } from "./auth-helpers.ts";
import { expect, test, type TestStack } from "./fixtures.ts";

PusherJs.logToConsole = false;

const CHANNEL = "presence-market";
/** The Channels server's default member cap (CHANNELS_MAX_PRESENCE_MEMBERS). */
const MEMBER_CAP = 100;

/** A pusher-js client in Node that joins presence-market as `userId` (signed with the app secret). */
async function joinAs(stack: TestStack, signer: Pusher, userId: string): Promise<PusherJs> {
  const client = new PusherJs(stack.env.PUSHER_KEY ?? "", {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: stack.channelsPort,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      transport: "ajax",
      endpoint: "/unused",
      customHandler: ({ socketId, channelName }, callback) => {
        callback(null, signer.authorizeChannel(socketId, channelName, { user_id: userId, user_info: { name: `Filler ${userId}` } }));
      },
    },
  });
  const channel = client.subscribe(CHANNEL);
  await new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`filler ${userId}: ${JSON.stringify(error)}`)));
  });
  return client;
}

test("a full presence channel: the widget says so instead of vanishing, and the page stays live", async ({ browser, stack }) => {
  test.setTimeout(120_000);
  const signer = new Pusher({
    appId: stack.env.PUSHER_APP_ID ?? "",
    key: stack.env.PUSHER_KEY ?? "",
    secret: stack.env.PUSHER_SECRET ?? "",
    host: "127.0.0.1",
    port: String(stack.channelsPort),
    useTLS: false,
  });
  const fillers: PusherJs[] = [];
  try {
    for (let i = 0; i < MEMBER_CAP; i += 1) fillers.push(await joinAs(stack, signer, `filler-${i}`));

    const page = await openSignedIn(browser, stack, "alice@example.com", "/markets/btcusd");
    const widget = page.getByRole("region", { name: "Who is watching" });
    await expect(widget).toBeVisible();
    await expect(page.getByTestId("presence-count")).toHaveText("Watching: many (list full)");
    await expect(page.getByTestId("presence-count")).toHaveAttribute("data-state", "full");
    await expect(page.getByTestId("presence-member")).toHaveCount(0);
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
    await page.context().close();
  } finally {
    for (const client of fillers) client.disconnect();
  }
});
