// The gate in front of argon2: never more than N tasks at once, a bounded queue, fail-fast beyond it.
import { describe, expect, it } from "vitest";
import { ConcurrencyGate, GateBusyError } from "@/lib/auth/concurrency-gate";

/** A task that runs until released, recording how many ran at once. */
function controllable(stats: { running: number; peak: number }) {
  let release: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    stats.running += 1;
    stats.peak = Math.max(stats.peak, stats.running);
    await done;
    stats.running -= 1;
    return "ok";
  };
  return { task, release: () => release() };
}

describe("ConcurrencyGate", () => {
  it("runs at most maxActive tasks at once and the queued ones after them, in order", async () => {
    const gate = new ConcurrencyGate(2, 10);
    const stats = { running: 0, peak: 0 };
    const tasks = Array.from({ length: 5 }, () => controllable(stats));
    const order: number[] = [];
    const results = tasks.map((t, index) => gate.run(t.task).then((value) => (order.push(index), value)));
    await Promise.resolve();
    expect(gate.load).toEqual({ active: 2, queued: 3 });
    for (const t of tasks) t.release();
    expect(await Promise.all(results)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(stats.peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load).toEqual({ active: 0, queued: 0 });
  });

  it("refuses at once, without running the task, when the queue is full", async () => {
    const gate = new ConcurrencyGate(1, 1);
    const stats = { running: 0, peak: 0 };
    const first = controllable(stats);
    const second = controllable(stats);
    const running = gate.run(first.task);
    const queued = gate.run(second.task);
    let ran = false;
    await expect(gate.run(async () => (ran = true))).rejects.toBeInstanceOf(GateBusyError);
    expect(ran).toBe(false);
    first.release();
    second.release();
    await Promise.all([running, queued]);
    expect(await gate.run(async () => "free again")).toBe("free again");
  });

  it("frees the slot when a task throws", async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(gate.load).toEqual({ active: 0, queued: 0 });
    expect(await gate.run(async () => 1)).toBe(1);
  });
});
