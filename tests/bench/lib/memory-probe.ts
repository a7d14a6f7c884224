// Preloaded into a benchmarked server process (spawnNode's `preload`, with an IPC channel): answers
// {type: "memory"} with process.memoryUsage() taken right after a full GC when the process runs with
// --expose-gc, so a bench reads the server's heap as well as its RSS without touching the server's code.

/** What the probe answers. */
export interface MemoryReply {
  type: "memory";
  usage: NodeJS.MemoryUsage;
  /** Whether a full GC ran first (the process was started with --expose-gc). */
  collected: boolean;
}

process.on("message", (message: unknown) => {
  if (typeof message !== "object" || message === null || (message as { type?: unknown }).type !== "memory") return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const reply: MemoryReply = { type: "memory", usage: process.memoryUsage(), collected: gc !== undefined };
  process.send?.(reply);
});
// The IPC channel alone must not keep the process alive: the server decides when it exits.
process.channel?.unref();
