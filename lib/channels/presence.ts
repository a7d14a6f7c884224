// Presence members of one channel: one member per user id however many sockets it has.
import type { Connection } from "./connection";

/** A presence member as the app described it in channel_data. */
export interface Member {
  userId: string;
  userInfo: unknown;
}

/** What pusher_internal:subscription_succeeded carries for presence channels. */
export interface PresenceSnapshot {
  presence: { ids: string[]; hash: Record<string, unknown>; count: number };
}

/** Members of one presence channel. */
export class PresenceMembers {
  private readonly members = new Map<string, { info: unknown; sockets: Set<Connection> }>();
  private readonly byConnection = new Map<Connection, string>();

  get count(): number {
    return this.members.size;
  }

  /** True when this user id is already a member (through any socket). */
  has(userId: string): boolean {
    return this.members.has(userId);
  }

  /** Adds a socket for a member; `added` is true only for a user id new to the channel. */
  join(connection: Connection, member: Member): { added: boolean } {
    this.byConnection.set(connection, member.userId);
    const existing = this.members.get(member.userId);
    if (existing) {
      existing.sockets.add(connection);
      return { added: false };
    }
    this.members.set(member.userId, { info: member.userInfo, sockets: new Set([connection]) });
    return { added: true };
  }

  /** Removes a socket; returns the user id when its last socket left, else null. */
  leave(connection: Connection): string | null {
    const userId = this.byConnection.get(connection);
    if (userId === undefined) return null;
    this.byConnection.delete(connection);
    const entry = this.members.get(userId);
    if (!entry) return null;
    entry.sockets.delete(connection);
    if (entry.sockets.size > 0) return null;
    this.members.delete(userId);
    return userId;
  }

  /** The user id a socket joined as, if any. */
  userIdOf(connection: Connection): string | undefined {
    return this.byConnection.get(connection);
  }

  /** Member ids (HTTP API users list). */
  ids(): string[] {
    return [...this.members.keys()];
  }

  /** The subscription_succeeded payload. */
  snapshot(): PresenceSnapshot {
    const hash: Record<string, unknown> = {};
    for (const [id, entry] of this.members) hash[id] = entry.info ?? null;
    return { presence: { ids: Object.keys(hash), hash, count: this.members.size } };
  }
}
