// TLS end to end (issue 13), the test's `npm start -- --tls`: on the worker's database and build, a
// self-signed certificate made as `npm start -- --tls` makes it, our Channels server over wss and the app
// over https, started by the stack's own code with the environment --tls gives them. Chromium (told to
// ignore the self-signed certificate) keeps the market page open while the market maker places crossing
// orders through the exchange code and announces the fill through the app's pusher SDK over https
// (PUSHER_USE_TLS, PUSHER_CA_FILE): the trade reaches the page over wss without a reload, and the
// Channels server's webhooks reach the https app.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, runToCompletion, type Child } from "../../scripts/lib/processes.ts";
import { appEnvironment, channelsEnvironment, httpUrl, REPO_ROOT, startChannelsServer, startNextApp, tsxCommand } from "../../scripts/lib/stack.ts";
import { resolveStackTls, tlsAppEnvironment, tlsChannelsEnvironment } from "../../scripts/lib/stack-tls.ts";
import { expect, test } from "./fixtures.ts";
import { readStackDb } from "./support/stack-db.ts";

const echo = process.env.E2E_ECHO === "1";

test("over https and wss: a trade from the market maker reaches an open market page without a reload", async ({ browser, stack }) => {
  const dir = mkdtempSync(path.join(tmpdir(), "peatio-e2e-tls-"));
  const children: Child[] = [];
  try {
    const tls = await resolveStackTls({}, "127.0.0.1", dir);
    const [channelsPort, appPort] = [await freePort(), await freePort()];
    const appUrl = `https://localhost:${appPort}`;
    const env = appEnvironment({ ...stack.env, NEXTAUTH_URL: appUrl }, appUrl, channelsPort);
    Object.assign(env, tlsAppEnvironment(env, tls));
    const channelsEnv = channelsEnvironment({ ...stack.env, CHANNELS_WEBHOOK_URL: "" }, httpUrl("127.0.0.1", appPort, "https"));
    Object.assign(channelsEnv, tlsChannelsEnvironment(channelsEnv, tls));
    const channels = await startChannelsServer({ env: channelsEnv, port: channelsPort, echo });
    children.push(channels);
    const app = (await startNextApp({ mode: "start", env, port: appPort, host: "127.0.0.1", echo, tls })).child;
    children.push(app);
    expect(channels.recentOutput().join("\n")).toContain(`listening on wss://127.0.0.1:${channelsPort}`);

    // Plain http on the app's TLS port: a clear 400, not a hang or a bare reset.
    const plain = await fetch(`http://127.0.0.1:${appPort}/`);
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain("This port speaks TLS");

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    if (echo) page.on("console", (message) => console.log(`[page] ${message.text()}`));
    const response = await page.goto(`${appUrl}/markets/btcusd`);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "live");
    expect(sockets.some((url) => url.startsWith(`wss://localhost:${channelsPort}/app/`))).toBe(true);
    await page.evaluate(() => document.documentElement.setAttribute("data-e2e-loaded-once", "yes"));
    // The subscription's webhook went to the app over https (its certificate trusted via NODE_EXTRA_CA_CERTS).
    await app.waitForLine(/\[pusher-webhook\] channel_occupied /, 15_000);

    const lastTradeId = () => readStackDb(stack, (db) => (db.prepare("SELECT MAX(id) AS id FROM Trade").get() as { id: number }).id);
    const before = lastTradeId();
    const { command, args } = tsxCommand("scripts/simulate.ts", ["--market", "btcusd", "--count", "1", "--rate", "20", "--seed", "13"]);
    await runToCompletion({ name: "simulate", command, args, cwd: REPO_ROOT, env, echo });
    const tradeId = lastTradeId();
    expect(tradeId).toBeGreaterThan(before);

    await expect(page.locator(`[data-testid="trade-row"][data-trade-id="${tradeId}"]`)).toHaveCount(1);
    await expect(page.locator("html")).toHaveAttribute("data-e2e-loaded-once", "yes");
    await context.close();
  } finally {
    // The Channels server first, so its last webhooks still find the app.
    for (const child of children) await child.stop("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
});
