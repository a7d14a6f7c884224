// The stack heals itself (scripts/lib/supervisor.ts supervise(), wired as run-stack.ts wires it), on real
// processes: the real Channels server is killed and restarted with backoff while a stand-in app keeps
// answering HTTP 200; websockets connect again; Ctrl-C during a restart delay restarts nothing. A killed
// app is restarted the same way while the Channels server keeps running; only an app that keeps crashing
// right after it starts makes the stack give up (exit 1, with the app's last output).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { gone, isRunning, killGroups, startFixtureProcess, type FixtureProcess } from "./fixtures/fixture-process.ts";

const started = new Set<number>();
const tempDirs: string[] = [];

interface Stack extends FixtureProcess {
  appPid: number;
  channelsPid: number;
  appPort: number;
  channelsPort: number;
  key: string;
}

/** Starts the fixture and resolves once the app and the Channels server are up. */
async function startStack(args: string[] = []): Promise<Stack> {
  const fixture = startFixtureProcess("restarting-stack.ts", args);
  const ready = await fixture.waitFor(/^ready /);
  const field = (name: string) => ready.match(new RegExp(`${name}=(\\S+)`))?.[1] ?? "";
  const stack = { ...fixture, appPid: Number(field("app")), channelsPid: Number(field("channels")), appPort: Number(field("appPort")), channelsPort: Number(field("channelsPort")), key: field("key") };
  started.add(stack.appPid).add(stack.channelsPid);
  return stack;
}

/** The status of GET / on the stand-in app. */
async function appStatus(stack: Stack): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${stack.appPort}/`);
  await response.body?.cancel();
  return response.status;
}

/** Connects a Pusher protocol 7 websocket and resolves with the server's first event name. */
function firstPusherEvent(stack: Stack): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${stack.channelsPort}/app/${stack.key}?protocol=7&client=js&version=8.6.0`);
    socket.once("message", (data) => {
      socket.close();
      resolve((JSON.parse(String(data)) as { event: string }).event);
    });
    socket.once("error", reject);
  });
}

/** Whether something accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Kills the current Channels server like a crash would, and resolves with the pid of its replacement. */
async function crashChannels(stack: Stack, pid: number, expectedDelay: string): Promise<number> {
  const restartsBefore = stack.lines.filter((line) => /channels restarted/.test(line)).length;
  process.kill(-pid, "SIGKILL");
  await stack.waitFor(new RegExp(`channels exited \\(SIGKILL\\) after [\\d.]+ s; restarting it in ${expectedDelay.replace(".", "\\.")}, the rest keeps running`));
  // The app does not notice: it answers while the Channels server is down or coming back.
  expect(await appStatus(stack)).toBe(200);
  const line = await stack.waitFor(new RegExp(`channels restarted \\(restart ${restartsBefore + 1}, pid \\d+\\)`));
  const next = Number(line.match(/pid (\d+)/)?.[1]);
  started.add(next);
  return next;
}

afterEach(() => {
  killGroups(started);
  started.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("stack supervisor: the Channels server is restarted, the app is not stopped", () => {
  it("restarts a killed Channels server with growing delays; the app keeps answering and websockets connect again", async () => {
    const stack = await startStack();
    expect(await appStatus(stack)).toBe(200);
    expect(await firstPusherEvent(stack)).toBe("pusher:connection_established");

    const second = await crashChannels(stack, stack.channelsPid, "0.5 s");
    expect(second).not.toBe(stack.channelsPid);
    expect(await firstPusherEvent(stack)).toBe("pusher:connection_established");
    expect(await appStatus(stack)).toBe(200);

    // Dying again soon after: the delay doubles.
    const third = await crashChannels(stack, second, "1 s");
    expect(await firstPusherEvent(stack)).toBe("pusher:connection_established");
    expect(isRunning(stack.appPid)).toBe(true);

    stack.parent.kill("SIGINT");
    await stack.waitFor(/Interrupted: stopping channels, app/);
    expect(await stack.exited).toBe(0);
    await Promise.all([stack.appPid, third].map(gone));
    // The Channels server stopped by the shutdown is not restarted.
    const afterInterrupt = stack.lines.slice(stack.lines.findIndex((line) => /Interrupted: stopping/.test(line)));
    expect(afterInterrupt.filter((line) => /restart/.test(line))).toEqual([]);
    expect(await listening(stack.channelsPort)).toBe(false);
  });

  it("Ctrl-C during a restart delay stops everything and restarts nothing", async () => {
    const stack = await startStack();
    process.kill(-stack.channelsPid, "SIGKILL");
    await stack.waitFor(/channels exited \(SIGKILL\) after [\d.]+ s; restarting it in 0\.5 s/);
    stack.parent.kill("SIGINT");
    expect(await stack.exited).toBe(0);
    await gone(stack.appPid);
    expect(stack.lines.filter((line) => /channels restarted/.test(line))).toEqual([]);
    expect(await listening(stack.channelsPort)).toBe(false);
  });

  it("restarts a killed app with backoff while the Channels server keeps running; the app answers again", async () => {
    const stack = await startStack();
    process.kill(-stack.appPid, "SIGKILL");
    await stack.waitFor(/app exited \(SIGKILL\) after [\d.]+ s; restarting it in 0\.5 s, the rest keeps running/);
    const line = await stack.waitFor(/app restarted \(restart 1, pid \d+\)/);
    const next = Number(line.match(/pid (\d+)/)?.[1]);
    started.add(next);
    expect(next).not.toBe(stack.appPid);
    expect(await appStatus(stack)).toBe(200);
    // The Channels server was never touched: same process, still accepting websockets.
    expect(isRunning(stack.channelsPid)).toBe(true);
    expect(stack.lines.filter((line) => /channels (exited|restarted)/.test(line))).toEqual([]);
    expect(await firstPusherEvent(stack)).toBe("pusher:connection_established");

    stack.parent.kill("SIGINT");
    expect(await stack.exited).toBe(0);
    await Promise.all([next, stack.channelsPid].map(gone));
  });

  it("gives up on an app that keeps crashing at start, with a clear message and its output, and stops the stack (exit 1)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "crash-marker-"));
    tempDirs.push(dir);
    const marker = path.join(dir, "crash");
    const stack = await startStack(["--crash-marker=" + marker]);
    writeFileSync(marker, "");
    process.kill(-stack.appPid, "SIGKILL");
    const giveUp = await stack.waitFor(/app crashed \d+ times in a row/);
    expect(giveUp).toMatch(/app crashed 5 times in a row, each within 30 s of starting: giving up/);
    // Its own last words are shown, so the user sees why.
    await stack.waitFor(/app refuses to start: boom/);
    expect(await stack.exited).toBe(1);
    await gone(stack.channelsPid);
    expect(await listening(stack.channelsPort)).toBe(false);
    expect(await listening(stack.appPort)).toBe(false);
  });
}, 60_000);
