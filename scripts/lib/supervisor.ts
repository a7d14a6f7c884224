// Stops the stack's children on Ctrl-C / SIGTERM: in order and gracefully on the first signal, at once
// (SIGKILL to every child's process group) on a second one. Children run detached in their own process
// groups, so nothing else stops them: a signal that killed this process outright would orphan them.
import { killRemaining, type Child } from "./processes.ts";

/** Options of createSupervisor. */
export interface SupervisorOptions {
  log: (message: string) => void;
  /** How long each child may take to stop after SIGTERM before its group is killed (default 10 s). */
  graceMs?: number;
  /** Order in which children stop; names not listed stop last. */
  stopOrder?: readonly string[];
}

/** Tracks children and shuts them down; `install()` wires it to this process's signals. */
export interface Supervisor {
  /** Every child tracked so far. */
  readonly children: ReadonlySet<Child>;
  /** True once a shutdown started (callers stop starting things). */
  isShuttingDown(): boolean;
  /**
   * Tracks `child` so a shutdown stops it. When a "critical" child exits on its own the rest is stopped
   * (exit code 1); an "optional" one is logged; a "task" (e.g. the build) is expected to end.
   */
  track(child: Child, role: "critical" | "optional" | "task"): void;
  /** Stops every child in order (SIGTERM, then the group after the grace period) and exits with `exitCode`. */
  shutdown(exitCode: number, reason: string): Promise<void>;
  /** Handles SIGINT/SIGTERM (first: graceful, second: kill now) and kills leftovers on exit. */
  install(): void;
}

/** Exit status after a forced stop: 128 + the signal number, as a shell reports it. */
const FORCED_EXIT_CODE: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** A supervisor that logs with `options.log` and exits the process when done. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const children = new Set<Child>();
  const order = options.stopOrder ?? ["app", "simulate", "build", "channels"];
  let shuttingDown = false;

  const running = () => [...children].filter((child) => !child.hasExited());
  const rank = (child: Child) => (order.includes(child.name) ? order.indexOf(child.name) : order.length);

  const shutdown = async (exitCode: number, reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    options.log(`${reason}: stopping ${running().map((child) => child.name).join(", ") || "nothing"} (Ctrl-C again to kill at once)`);
    for (const child of [...children].sort((a, b) => rank(a) - rank(b))) {
      if (child.hasExited()) continue;
      const info = await child.stop("SIGTERM", options.graceMs);
      options.log(`${child.name} stopped (${info.signal ?? `code ${info.code}`})`);
    }
    process.exit(exitCode);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!shuttingDown) {
      void shutdown(0, signal === "SIGINT" ? "Interrupted" : "Terminated");
      return;
    }
    const left = running();
    options.log(`${signal} again: killing ${left.map((child) => child.name).join(", ") || "nothing"} now`);
    killRemaining(left);
    process.exit(FORCED_EXIT_CODE[signal] ?? 1);
  };

  return {
    children,
    isShuttingDown: () => shuttingDown,
    track(child, role) {
      children.add(child);
      void child.exited.then((info) => {
        if (shuttingDown || role === "task") return;
        const how = info.signal ?? `code ${info.code}`;
        if (role === "critical") void shutdown(1, `${child.name} exited (${how})`);
        else options.log(`${child.name} exited (${how}); the rest keeps running`);
      });
    },
    shutdown,
    install() {
      // process.on, not once: a second Ctrl-C must reach onSignal instead of killing this process
      // with the default action, which would skip the exit handler and leave the children running.
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      process.on("exit", () => killRemaining(children));
    },
  };
}
