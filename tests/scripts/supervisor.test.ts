// Ctrl-C handling of the stack (scripts/lib/supervisor.ts) on real processes: the first SIGINT stops the
// children gracefully, in order; its duplicate copy changes nothing; a second, separate one kills their
// process groups at once, so nothing is left running.
import { afterEach, describe, expect, it } from "vitest";
import { gone, isRunning, killGroups, startFixtureProcess } from "./fixtures/fixture-process.ts";

const started: number[] = [];
/** The fixture's duplicate-signal window (fixtures/supervised-stack.ts). */
const DUPLICATE_SIGNAL_MS = 300;

/** Starts the fixture; resolves with it and its children's pids once they are up. */
async function startFixture(args: string[]) {
  const fixture = startFixtureProcess("supervised-stack.ts", args);
  const pids = (await fixture.waitFor(/^pids /)).split(" ").slice(1).map(Number);
  started.push(...pids);
  return { ...fixture, pids };
}

afterEach(() => {
  // Whatever a failed test left behind: the children's own process groups.
  killGroups(started.splice(0));
});

describe("stack supervisor", () => {
  it("one Ctrl-C stops every child gracefully and exits 0", async () => {
    const { parent, waitFor, exited, pids } = await startFixture([]);
    parent.kill("SIGINT");
    await waitFor(/Interrupted: stopping channels, app/);
    expect(await exited).toBe(0);
    await Promise.all(pids.map(gone));
  });

  it("the same Ctrl-C delivered twice at once is one; a second, separate Ctrl-C kills children that ignore SIGTERM at once", async () => {
    const { parent, waitFor, lines, exited, pids } = await startFixture(["--stubborn"]);
    const first = performance.now();
    parent.kill("SIGINT");
    parent.kill("SIGINT");
    await waitFor(/^\[channels\] ignoring SIGTERM$/);
    // The graceful stop is under way and the first child refuses it: both children still run, and the
    // duplicate did not force anything.
    expect(pids.map(isRunning)).toEqual([true, true]);
    expect(lines.filter((line) => /killing/.test(line))).toEqual([]);
    const wait = DUPLICATE_SIGNAL_MS + 100 - (performance.now() - first);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    parent.kill("SIGINT");
    await waitFor(/SIGINT again: killing channels, app now/);
    expect(await exited).toBe(130);
    await Promise.all(pids.map(gone));
  });
});
