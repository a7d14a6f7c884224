// The supervisor's restart backoff: 0.5 s, doubling on quick failures up to 10 s, back to 0.5 s after 30 s up.
import { describe, expect, it } from "vitest";
import { DEFAULT_RESTART_POLICY, formatSeconds, nextRestartDelay } from "@/scripts/lib/restart-policy";

describe("nextRestartDelay", () => {
  it("starts at 0.5 s and doubles while the child keeps dying quickly, up to 10 s", () => {
    const delays: number[] = [];
    let delay: number | null = null;
    for (let i = 0; i < 8; i += 1) {
      delay = nextRestartDelay(delay, 1_000);
      delays.push(delay);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it("goes back to 0.5 s once the child stayed up 30 s", () => {
    expect(nextRestartDelay(10_000, 29_999)).toBe(10_000);
    expect(nextRestartDelay(10_000, 30_000)).toBe(500);
    expect(nextRestartDelay(4_000, 0)).toBe(8_000);
  });

  it("follows a custom policy", () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, maxDelayMs: 300 };
    expect([nextRestartDelay(null, 0, policy), nextRestartDelay(100, 0, policy), nextRestartDelay(200, 0, policy)]).toEqual([100, 200, 300]);
  });

  it("formats delays for the log", () => {
    expect([formatSeconds(500), formatSeconds(10_000), formatSeconds(1_234)]).toEqual(["0.5 s", "10 s", "1.2 s"]);
  });
});
