// The server-wide cap on request bodies read at once (lib/channels/http-api/body-gate.ts), slot by slot.
import { describe, expect, it } from "vitest";
import { BodyGate } from "@/lib/channels/http-api/body-gate";

describe("BodyGate", () => {
  it("gives out `max` slots, refuses beyond, and takes back exactly one slot per leave", () => {
    const gate = new BodyGate(2);
    expect([gate.tryEnter(), gate.tryEnter(), gate.tryEnter()]).toEqual([true, true, false]);
    gate.leave();
    // One slot came back, not both.
    expect([gate.tryEnter(), gate.tryEnter()]).toEqual([true, false]);
    gate.leave();
    gate.leave();
    expect([gate.tryEnter(), gate.tryEnter(), gate.tryEnter()]).toEqual([true, true, false]);
  });

  it("does not hand out extra slots after more leaves than entries", () => {
    const gate = new BodyGate(1);
    gate.leave();
    gate.leave();
    expect([gate.tryEnter(), gate.tryEnter()]).toEqual([true, false]);
  });

  it("refuses everything with no slots", () => {
    expect(new BodyGate(0).tryEnter()).toBe(false);
  });
});
