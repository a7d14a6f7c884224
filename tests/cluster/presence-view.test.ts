// PresenceView: what a node's subscribers are told about a presence channel's members, from numbered updates that
// arrive by two paths (the bus, and sooner the node's own script answers), and after Redis comes back.
import { describe, expect, it } from "vitest";
import { PresenceView } from "@/lib/channels/cluster/presence-view";

describe("PresenceView", () => {
  it("applies each member change once, whichever path brings it first, and ignores older news", () => {
    const view = new PresenceView([["w", { name: "W" }]], 10);
    // Answer to this node's join (change 12) arrives before the bus message of the same change.
    expect(view.apply("u", true, { name: "U" }, 12)).toEqual({ kind: "added", userId: "u", info: { name: "U" } });
    expect(view.apply("u", true, { name: "U" }, 12)).toBeNull();
    // An older removal still in flight on the bus (change 11) changes nothing.
    expect(view.apply("u", false, null, 11)).toBeNull();
    expect(view.has("u")).toBe(true);
    // News older than the snapshot the view started from is ignored too.
    expect(view.apply("x", true, null, 9)).toBeNull();
    expect(view.apply("u", false, null, 13)).toEqual({ kind: "removed", userId: "u" });
    expect(view.snapshot()).toEqual({ presence: { ids: ["w"], hash: { w: { name: "W" } }, count: 1 } });
  });

  it("after Redis returns adds at once but takes members out only in a full catch-up", () => {
    const view = new PresenceView([
      ["a", null],
      ["b", null],
    ], 5);
    // Right after a restart only this node's share is back: b (held by a node not re-synced yet) stays.
    expect(view.reset(new Map([["a", null], ["c", { n: 1 }]]), 100, false)).toEqual([{ kind: "added", userId: "c", info: { n: 1 } }]);
    expect(view.ids().sort()).toEqual(["a", "b", "c"]);
    // A bus change newer than the partial catch-up still applies; one older than it about c does not.
    expect(view.apply("c", false, null, 99)).toBeNull();
    expect(view.apply("d", true, null, 101)).toEqual({ kind: "added", userId: "d", info: null });
    // The full catch-up a node TTL later: b really left, d is newer than the snapshot and stays.
    expect(view.reset(new Map([["a", null], ["c", { n: 1 }]]), 100, true)).toEqual([{ kind: "removed", userId: "b" }]);
    expect(view.ids().sort()).toEqual(["a", "c", "d"]);
  });

  it("while Redis is away, a local join adds a member and its last local leave removes only members it added", () => {
    const view = new PresenceView([["remote", null]], 3);
    expect(view.joinLocally("here", { x: 1 })).toEqual({ kind: "added", userId: "here", info: { x: 1 } });
    expect(view.joinLocally("remote", null)).toBeNull();
    expect(view.leaveLocally("remote")).toBeNull();
    expect(view.leaveLocally("here")).toEqual({ kind: "removed", userId: "here" });
    expect(view.ids()).toEqual(["remote"]);
  });
});
