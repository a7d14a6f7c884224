// A V8 CPU profile of the running app process for `bench:app --cpu-prof`, taken over the measured rounds
// only: SIGUSR1 opens the process's inspector (Node's documented signal, on 127.0.0.1:9229), the bench
// connects over the DevTools protocol, checks it reached that pid, and runs Profiler.start / stop.
// (Node 20 refuses --cpu-prof in NODE_OPTIONS, and the stack starts the app with fixed flags.)
import WebSocket from "ws";
import { sleep } from "../lib/clock.ts";

const INSPECTOR = "http://127.0.0.1:9229";

/** A profiling session on one process. */
export interface RemoteProfiler {
  /** Stops profiling; resolves with the .cpuprofile JSON text. */
  stop(): Promise<string>;
}

async function inspectorUrl(): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      const targets = (await (await fetch(`${INSPECTOR}/json/list`)).json()) as Array<{ webSocketDebuggerUrl?: string }>;
      const url = targets[0]?.webSocketDebuggerUrl;
      if (url) return url;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no inspector on ${INSPECTOR} after SIGUSR1 (is the port taken?)`);
}

/** Opens `pid`'s inspector and starts its CPU profiler. */
export async function startRemoteProfile(pid: number): Promise<RemoteProfiler> {
  process.kill(pid, "SIGUSR1");
  const socket = new WebSocket(await inspectorUrl());
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  const send = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = (nextId += 1);
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const reached = await send<{ result: { value: unknown } }>("Runtime.evaluate", { expression: "process.pid" });
  if (reached.result.value !== pid) {
    socket.close();
    throw new Error(`the inspector on ${INSPECTOR} belongs to pid ${String(reached.result.value)}, not the app's ${pid}`);
  }
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 500 });
  await send("Profiler.start");
  return {
    async stop() {
      const { profile } = await send<{ profile: unknown }>("Profiler.stop");
      socket.close();
      return JSON.stringify(profile);
    },
  };
}
