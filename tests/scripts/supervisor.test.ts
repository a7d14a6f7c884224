// Ctrl-C handling of the stack (scripts/lib/supervisor.ts) on real processes: the first SIGINT stops the
// children gracefully; a second one kills their process groups at once, so nothing is left running.
import { afterEach, describe, expect, it } from "vitest";
import { gone, isRunning, killGroups, startFixtureProcess } from "./fixtures/fixture-process.ts";

const started: number[] = [];

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
    await waitFor(/Interrupted: stopping app, channels/);
    expect(await exited).toBe(0);
    await Promise.all(pids.map(gone));
  });

  it("a second Ctrl-C kills children that ignore SIGTERM at once, instead of leaving them running", async () => {
    const { parent, waitFor, exited, pids } = await startFixture(["--stubborn"]);
    parent.kill("SIGINT");
    await waitFor(/^\[app\] ignoring SIGTERM$/);
    // The graceful stop is under way and the app refuses it: both children still run.
    expect(pids.map(isRunning)).toEqual([true, true]);
    parent.kill("SIGINT");
    await waitFor(/SIGINT again: killing app, channels now/);
    expect(await exited).toBe(130);
    await Promise.all(pids.map(gone));
  });
});
