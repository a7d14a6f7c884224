// The app process of `bench:market-data`: found by the port it listens on (its CPU time is read from
// /proc around each load), and profiled over the page rounds with --cpu-prof: SIGUSR1 opens the process's
// inspector (Node's documented signal, 127.0.0.1:9229) and the DevTools protocol starts and stops V8's
// profiler (the stack starts the app with fixed flags, and Node 20 refuses --cpu-prof in NODE_OPTIONS).
import { execFileSync } from "node:child_process";
import WebSocket from "ws";
import { sleep } from "../lib/clock.ts";

/** The pid of the process listening on 127.0.0.1:`port` (from `ss -ltnp`), or null when not found. */
export function pidOnPort(port: number): number | null {
  try {
    const match = /pid=(\d+)/.exec(execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }));
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Starts V8's CPU profiler in process `pid`; stop() resolves with the .cpuprofile JSON text. */
export async function profileProcess(pid: number): Promise<{ stop: () => Promise<string> }> {
  process.kill(pid, "SIGUSR1");
  let url: string | undefined;
  for (let attempt = 0; attempt < 50 && url === undefined; attempt += 1) {
    try {
      const targets = (await (await fetch("http://127.0.0.1:9229/json/list")).json()) as Array<{ webSocketDebuggerUrl?: string }>;
      url = targets[0]?.webSocketDebuggerUrl;
    } catch {
      await sleep(100);
    }
  }
  if (url === undefined) throw new Error("no inspector on 127.0.0.1:9229 after SIGUSR1");
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  const send = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = (nextId += 1);
      waiting.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  const reached = (await send("Runtime.evaluate", { expression: "process.pid" })) as { result: { value: unknown } };
  if (reached.result.value !== pid) {
    socket.close();
    throw new Error(`the inspector on 127.0.0.1:9229 belongs to pid ${String(reached.result.value)}, not ${pid}`);
  }
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 500 });
  await send("Profiler.start");
  return {
    stop: async () => {
      const { profile } = (await send("Profiler.stop")) as { profile: unknown };
      socket.close();
      return JSON.stringify(profile);
    },
  };
}
