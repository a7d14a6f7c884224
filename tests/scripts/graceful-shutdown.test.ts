// One Ctrl-C in a terminal stops `npm start` gracefully. The terminal sends SIGINT to the whole foreground
// process group (npm and our start script) and npm forwards its copy to the script too, so the script
// receives the one Ctrl-C twice; it must not take the copy for a second Ctrl-C and kill everything.
// Run like a terminal would: the stand-in stack (real supervisor, real Channels server, stand-in app)
// under a real `npm start` in its own process group, the signal sent to the group. A connected websocket
// is closed with 4200, the Channels server's last webhooks reach the app, a request in flight completes,
// and the exit code is 0. SIGTERM to the group (e.g. a service manager) likewise.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { gone, killGroups, startFixtureUnderNpm } from "./fixtures/fixture-process.ts";

const groups = new Set<number>();

afterEach(() => {
  killGroups(groups);
  groups.clear();
});

/** A protocol 7 websocket subscribed to `channel`; `closed` resolves with the close code it sees. */
async function subscribedSocket(port: number, key: string, channel: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/app/${key}?protocol=7&client=js&version=8.6.0`);
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.on("message", (data) => {
      const { event } = JSON.parse(String(data)) as { event: string };
      if (event === "pusher:connection_established") socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
      if (event === "pusher_internal:subscription_succeeded") resolve();
    });
    socket.once("error", reject);
  });
  return { closed };
}

describe("one Ctrl-C (SIGINT to the terminal's process group) stops `npm start` gracefully", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("%s to the group: sockets closed with 4200, webhooks delivered, in-flight request answered, exit 0", async (signal) => {
    const stack = startFixtureUnderNpm("restarting-stack.ts");
    groups.add(stack.parent.pid!);
    const ready = await stack.waitFor(/^ready /);
    const field = (name: string) => ready.match(new RegExp(`${name}=(\\S+)`))?.[1] ?? "";
    const pids = [Number(field("app")), Number(field("channels"))];
    for (const pid of pids) groups.add(pid);

    const channel = `graceful-${randomUUID()}`;
    const socket = await subscribedSocket(Number(field("channelsPort")), field("key"), channel);
    await stack.waitFor(new RegExp(`webhook channel_occupied ${channel}`));
    const inFlight = fetch(`http://127.0.0.1:${field("appPort")}/slow`).then(async (response) => ({ status: response.status, body: await response.text() }));
    await stack.waitFor(/slow request started/);

    process.kill(-stack.parent.pid!, signal);

    expect(await socket.closed).toBe(4200);
    expect(await inFlight).toEqual({ status: 200, body: "finished" });
    expect(await stack.exited).toBe(0);
    // The Channels server delivered the webhook its own shutdown caused, to an app still running.
    expect(stack.lines.some((line) => line.includes(`webhook channel_vacated ${channel}`))).toBe(true);
    expect(stack.lines.filter((line) => /again: killing/.test(line))).toEqual([]);
    await Promise.all(pids.map(gone));
  });
}, 60_000);
