// The members of one presence channel as this node's subscribers have been told them. Updates about a member come
// from the bus (every node, in change-number order) and, sooner, from the answers to this node's own scripts; each
// carries the change number it describes, and an update older than what the view holds for that member is ignored,
// so every member_added / member_removed reaches each local subscriber once, whichever path brings it first.

/** The change a view applied, to tell the local subscribers. */
export type ViewChange = { kind: "added"; userId: string; info: unknown } | { kind: "removed"; userId: string };

/** Cluster-wide members of one presence channel, as this node's subscribers know them. */
export class PresenceView {
  private readonly members = new Map<string, unknown>();
  /** Members added by a local join while Redis was away (taken out when their last local socket leaves). */
  private readonly localOnly = new Set<string>();
  /** The change number each member's state is known at; members not listed are known at `baseSeq`. */
  private readonly seqOf = new Map<string, number>();
  private baseSeq: number;

  /** Starts from the members as of change `seq` (user id -> user_info). */
  constructor(members: Iterable<[string, unknown]>, seq: number) {
    this.baseSeq = seq;
    for (const [userId, info] of members) this.members.set(userId, info);
  }

  /** Members now. */
  get count(): number {
    return this.members.size;
  }

  /** True when this user id is a member. */
  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** A member's user_info. */
  infoOf(userId: string): unknown {
    return this.members.get(userId);
  }

  /** Member ids. */
  ids(): string[] {
    return [...this.members.keys()];
  }

  /** The subscription_succeeded payload. */
  snapshot(): { presence: { ids: string[]; hash: Record<string, unknown>; count: number } } {
    const hash: Record<string, unknown> = {};
    for (const [id, info] of this.members) hash[id] = info ?? null;
    return { presence: { ids: Object.keys(hash), hash, count: this.members.size } };
  }

  /** Applies "as of change `seq`, this user is a member (with info) / is not": the change, or null when stale or no change. */
  apply(userId: string, present: boolean, info: unknown, seq: number): ViewChange | null {
    if (seq <= (this.seqOf.get(userId) ?? this.baseSeq)) return null;
    this.seqOf.set(userId, seq);
    this.localOnly.delete(userId);
    return this.set(userId, present, info);
  }

  /**
   * Catches up with the members as of change `seq` (after Redis came back); returns what changed. `removals` false
   * only adds: right after Redis lost its data, a member missing there may belong to a node that has not re-sent
   * its share yet, so nobody is taken out until a later full catch-up.
   */
  reset(members: Map<string, unknown>, seq: number, removals = true): ViewChange[] {
    const changes: ViewChange[] = [];
    const users = removals ? new Set([...this.members.keys(), ...members.keys()]) : new Set(members.keys());
    for (const userId of users) {
      if ((this.seqOf.get(userId) ?? this.baseSeq) >= seq) continue;
      if (!removals) this.seqOf.set(userId, seq);
      const change = this.set(userId, members.has(userId), members.get(userId));
      if (change) changes.push(change);
    }
    if (!removals) return changes;
    this.baseSeq = Math.max(this.baseSeq, seq);
    for (const [userId, known] of this.seqOf) if (known <= this.baseSeq) this.seqOf.delete(userId);
    this.localOnly.clear();
    return changes;
  }

  /** A local join while Redis is away: the user becomes a member here (null when it already was). */
  joinLocally(userId: string, info: unknown): ViewChange | null {
    if (this.members.has(userId)) return null;
    this.localOnly.add(userId);
    return this.set(userId, true, info);
  }

  /** The user's last local socket left while Redis is away: a member only this node knew of leaves. */
  leaveLocally(userId: string): ViewChange | null {
    if (!this.localOnly.delete(userId)) return null;
    return this.set(userId, false, undefined);
  }

  /**
   * Forgets change numbers below `floor`: no update older than it can still arrive (the bus and the answers to this
   * node's scripts each arrive in change-number order, and both have passed it).
   */
  prune(floor: number): void {
    for (const [userId, known] of this.seqOf) if (known < floor) this.seqOf.delete(userId);
  }

  private set(userId: string, present: boolean, info: unknown): ViewChange | null {
    if (present) {
      if (this.members.has(userId)) return null;
      this.members.set(userId, info);
      return { kind: "added", userId, info };
    }
    if (!this.members.delete(userId)) return null;
    return { kind: "removed", userId };
  }
}
