// Waiting for one IPC message from a bench child process, with a deadline and the child's exit as failure.
import type { ChildProcess } from "node:child_process";

/** Options of {@link waitForMessage}. */
export interface WaitForMessageOptions<M extends { type: string }> {
  /** Names the child in errors, e.g. "order worker" or "pid 123". */
  label: string;
  /** The child's recent output, appended to errors. */
  tail?: () => string;
  /** Sent to the child once listening, e.g. the request whose answer is awaited. */
  send?: object;
  /** Further condition on a message of the awaited type (default: any). */
  match?: (message: M) => boolean;
  /** An error to reject with for a message that reports a failure (default: none do). */
  failure?: (message: M) => Error | undefined;
}

/** Resolves with the child's next message of `type`; rejects on a failure message, the child's exit or the deadline. */
export function waitForMessage<M extends { type: string }, T extends M = M>(
  child: ChildProcess,
  type: T["type"],
  timeoutMs: number,
  options: WaitForMessageOptions<M>,
): Promise<T> {
  const tail = () => (options.tail ? `\n${options.tail()}` : "");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${options.label}: no '${type}' within ${timeoutMs} ms${tail()}`));
    }, timeoutMs);
    const onMessage = (message: M) => {
      const failed = options.failure?.(message);
      if (failed) {
        cleanup();
        reject(failed);
        return;
      }
      if (message.type !== type || (options.match && !options.match(message))) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${options.label} exited (${code}) while waiting for '${type}'${tail()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (options.send) child.send(options.send);
  });
}
