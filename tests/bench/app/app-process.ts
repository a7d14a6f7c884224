// The app's own process in the bench's stack (scripts/app-server.ts runs Next in-process): found by the
// port it listens on, so its CPU time can be read from /proc around each run.
import { execFileSync } from "node:child_process";

/** The pid of the process listening on 127.0.0.1:`port` (from `ss -ltnp`), or null when not found. */
export function pidListeningOn(port: number): number | null {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const match = /pid=(\d+)/.exec(out);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
