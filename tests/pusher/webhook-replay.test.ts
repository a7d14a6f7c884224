// The webhook route's freshness and replay check: a signed delivery is accepted once, within the window.
import { describe, expect, it } from "vitest";
import { WEBHOOK_MAX_AGE_MS, WebhookReplayGuard } from "@/lib/pusher/webhook-replay";

const signature = "ab".repeat(32);
const start = 1_700_000_000_000;

function guardAt(time: { now: number }, options: { maxEntries?: number } = {}) {
  return new WebhookReplayGuard({ clock: () => time.now, ...options });
}

describe("WebhookReplayGuard", () => {
  it("accepts a fresh delivery once and refuses the same signed body again with 409", () => {
    const time = { now: start };
    const guard = guardAt(time);
    expect(guard.admit(signature, start - 1000)).toEqual({ ok: true });
    expect(guard.admit(signature, start - 1000)).toMatchObject({ ok: false, status: 409 });
    expect(guard.admit(signature.toUpperCase(), start - 1000)).toMatchObject({ ok: false, status: 409 });
    expect(guard.admit("cd".repeat(32), start - 1000)).toEqual({ ok: true });
  });

  it("refuses a delivery stamped outside the window, either way, with 401", () => {
    const time = { now: start };
    const guard = guardAt(time);
    expect(guard.admit(signature, start - WEBHOOK_MAX_AGE_MS - 1)).toMatchObject({ ok: false, status: 401 });
    expect(guard.admit(signature, start + WEBHOOK_MAX_AGE_MS + 1)).toMatchObject({ ok: false, status: 401 });
    // A retry 5 minutes after the first attempt (Pusher's retry limit) is still fresh.
    expect(guard.admit(signature, start - 5 * 60_000)).toEqual({ ok: true });
  });

  it("still refuses a replay until its stamp has left the window, then refuses it as stale", () => {
    const time = { now: start };
    const guard = guardAt(time);
    guard.admit(signature, start);
    time.now = start + WEBHOOK_MAX_AGE_MS;
    expect(guard.admit(signature, start)).toMatchObject({ ok: false, status: 409 });
    time.now = start + WEBHOOK_MAX_AGE_MS + 1;
    expect(guard.admit(signature, start)).toMatchObject({ ok: false, status: 401 });
  });

  it("remembers at most maxEntries deliveries, forgetting the oldest", () => {
    const time = { now: start };
    const guard = guardAt(time, { maxEntries: 2 });
    const sigs = ["01", "02", "03"].map((n) => n.repeat(32));
    for (const sig of sigs) expect(guard.admit(sig, start)).toEqual({ ok: true });
    expect(guard.admit(sigs[2] ?? "", start)).toMatchObject({ status: 409 });
    expect(guard.admit(sigs[0] ?? "", start)).toEqual({ ok: true });
  });
});
