// Supervises the stack's children: a critical child's death stops the rest; a supervised one (the Channels
// server, the app) is restarted with backoff while the rest keeps running, until its policy gives up;
// Ctrl-C / SIGTERM stops them all, in order and gracefully on the first signal, at once (SIGKILL to every
// child's process group) on a second, separate one. The same signal arriving twice together is one
// Ctrl-C: a terminal signals the whole foreground group (npm and us) and npm forwards its copy to us.
// Children run detached in their own process groups, so nothing else stops them: a signal that killed
// this process outright would orphan them.
import { killRemaining, signalPid, type Child, type ExitInfo } from "./processes.ts";
import { DEFAULT_RESTART_POLICY, formatSeconds, nextRestartDelay, type RestartPolicy } from "./restart-policy.ts";

/** Options of createSupervisor. */
export interface SupervisorOptions {
  log: (message: string) => void;
  /** How long each child may take to stop after SIGTERM before its group is killed (default 10 s). */
  graceMs?: number;
  /**
   * Order in which children stop; names not listed stop last. Default: simulate, build, channels, app:
   * the Channels server closes its sockets (4200) and delivers the webhooks that caused while the app can
   * still receive them; the app stops last, finishing the requests in flight.
   */
  stopOrder?: readonly string[];
  /**
   * A signal this soon (ms) after the first one is the same Ctrl-C delivered twice (the terminal's copy and
   * npm's forwarded one), not a second Ctrl-C (default 1000).
   */
  duplicateSignalMs?: number;
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
  /**
   * Starts a child with `start` and keeps it running: whenever it exits on its own (outside a shutdown)
   * what is left of its process group is killed and it is started again after a backoff delay (`policy`,
   * default 0.5 s doubling to 10 s, reset after 30 s up), logging each exit and restart; a failed restart
   * is retried the same way. After `policy.giveUpAfter` quick failures in a row it gives up: logs why,
   * with the child's last output, and stops the stack (exit 1). `start` must pass every child it spawns
   * to `onSpawn` at once (so a shutdown stops it). Resolves with the first child once it is ready;
   * rejects (nothing restarted) if that first start fails.
   */
  supervise(name: string, start: (onSpawn: (child: Child) => void) => Promise<Child>, policy?: RestartPolicy): Promise<Child>;
  /** Stops every child in order (SIGTERM, then the group after the grace period) and exits with `exitCode`. */
  shutdown(exitCode: number, reason: string): Promise<void>;
  /** Handles SIGINT/SIGTERM (first: graceful, a second separate one: kill now) and kills leftovers on exit. */
  install(): void;
}

/** Exit status after a forced stop: 128 + the signal number, as a shell reports it. */
const FORCED_EXIT_CODE: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** A supervisor that logs with `options.log` and exits the process when done. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const children = new Set<Child>();
  const order = options.stopOrder ?? ["simulate", "build", "channels", "app"];
  const duplicateSignalMs = options.duplicateSignalMs ?? 1_000;
  let shuttingDown = false;
  /** performance.now() of the signal that started the shutdown, if a signal did. */
  let firstSignalAt: number | undefined;

  // Wakes supervised children's pending restart delays when a shutdown starts (no restart then).
  const wakeOnShutdown = new Set<() => void>();

  const running = () => [...children].filter((child) => !child.hasExited());
  const how = (info: ExitInfo) => info.signal ?? `code ${info.code}`;

  /** Resolves true after `ms`, or false as soon as a shutdown starts. */
  const pause = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (shuttingDown) return resolve(false);
      const wake = () => {
        clearTimeout(timer);
        wakeOnShutdown.delete(wake);
        resolve(!shuttingDown);
      };
      const timer = setTimeout(wake, ms);
      wakeOnShutdown.add(wake);
    });

  /** Registers a child the moment it is spawned; one spawned during a shutdown is stopped right away. */
  const adopt = (child: Child) => {
    children.add(child);
    if (shuttingDown) void child.stop("SIGTERM", options.graceMs);
  };

  /** Kills what a dead child left in its process group (e.g. a worker still holding its port). */
  const killLeftovers = (child: Child) => signalPid(child.process.pid === undefined ? undefined : -child.process.pid, "SIGKILL");

  /** Restarts `first` (and its successors) whenever it exits outside a shutdown, with backoff, until `policy` gives up. */
  const keepRunning = async (name: string, first: Child, start: (onSpawn: (child: Child) => void) => Promise<Child>, policy: RestartPolicy) => {
    let child = first;
    let latest = first;
    const adoptLatest = (spawned: Child) => {
      latest = spawned;
      adopt(spawned);
    };
    let upSince = Date.now();
    let delay: number | null = null;
    let restarts = 0;
    let quickFailures = 0;
    /** Stops the stack once `quickFailures` reached the policy's limit; true when it did. */
    const gaveUp = () => {
      if (policy.giveUpAfter === undefined || quickFailures < policy.giveUpAfter) return false;
      const lastWords = latest.recentOutput().slice(-15).map((line) => `\n  | ${line}`).join("");
      options.log(`${name} crashed ${quickFailures} times in a row, each within ${formatSeconds(policy.resetAfterMs)} of starting: giving up. Its last output:${lastWords || " (none)"}`);
      void shutdown(1, `${name} keeps crashing`);
      return true;
    };
    for (;;) {
      const info = await child.exited;
      if (shuttingDown) return;
      killLeftovers(child);
      const uptime = Date.now() - upSince;
      quickFailures = uptime < policy.resetAfterMs ? quickFailures + 1 : 0;
      if (gaveUp()) return;
      delay = nextRestartDelay(delay, uptime, policy);
      options.log(`${name} exited (${how(info)}) after ${formatSeconds(uptime)}; restarting it in ${formatSeconds(delay)}, the rest keeps running`);
      for (;;) {
        if (!(await pause(delay))) return;
        restarts += 1;
        try {
          child = await start(adoptLatest);
        } catch (error) {
          if (shuttingDown) return;
          killLeftovers(latest);
          quickFailures += 1;
          if (gaveUp()) return;
          delay = nextRestartDelay(delay, 0, policy);
          const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
          options.log(`${name} restart ${restarts} failed (${reason}); retrying in ${formatSeconds(delay)}`);
          continue;
        }
        if (shuttingDown) return; // adopted, so the shutdown stops it
        upSince = Date.now();
        options.log(`${name} restarted (restart ${restarts}, pid ${child.process.pid})`);
        break;
      }
    }
  };
  const rank = (child: Child) => (order.includes(child.name) ? order.indexOf(child.name) : order.length);
  const inStopOrder = (list: Child[]) => [...list].sort((a, b) => rank(a) - rank(b));

  const shutdown = async (exitCode: number, reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const wake of [...wakeOnShutdown]) wake();
    options.log(`${reason}: stopping ${inStopOrder(running()).map((child) => child.name).join(", ") || "nothing"} (Ctrl-C again to kill at once)`);
    for (const child of inStopOrder([...children])) {
      if (child.hasExited()) continue;
      const info = await child.stop("SIGTERM", options.graceMs);
      options.log(`${child.name} stopped (${info.signal ?? `code ${info.code}`})`);
    }
    process.exit(exitCode);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    const now = performance.now();
    if (!shuttingDown) {
      firstSignalAt = now;
      void shutdown(0, signal === "SIGINT" ? "Interrupted" : "Terminated");
      return;
    }
    // The first Ctrl-C's second copy: the terminal signalled npm's whole process group and npm forwarded
    // the signal it got to us as well. Not a request to hurry.
    if (firstSignalAt !== undefined && now - firstSignalAt < duplicateSignalMs) return;
    const left = inStopOrder(running());
    options.log(`${signal}${firstSignalAt === undefined ? " during shutdown" : " again"}: killing ${left.map((child) => child.name).join(", ") || "nothing"} now`);
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
        if (role === "critical") void shutdown(1, `${child.name} exited (${how(info)})`);
        else options.log(`${child.name} exited (${how(info)}); the rest keeps running`);
      });
    },
    async supervise(name, start, policy = DEFAULT_RESTART_POLICY) {
      const first = await start(adopt);
      void keepRunning(name, first, start, policy);
      return first;
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
