// What one node has told (or will tell) the cluster it holds: subscriber sockets per channel and presence members'
// sockets. Kept up to date as each join or leave is sent, so a (re)sync can replace the node's share in Redis at once.

/** One presence member's sockets on this node. */
interface MemberShare {
  /** user_info as JSON text, as the first socket gave it. */
  info: string;
  sockets: number;
}

/** This node's share of the cluster's channels and members. */
export class NodeContributions {
  private readonly subscribers = new Map<string, number>();
  private readonly members = new Map<string, Map<string, MemberShare>>();
  /** Users signed in here (pusher:signin), for watchlist online/offline. */
  private readonly users = new Set<string>();

  /** A user's first connection here signed in, or its last one left. */
  setUser(userId: string, signedIn: boolean): void {
    if (signedIn) this.users.add(userId);
    else this.users.delete(userId);
  }

  /** One more subscriber socket on a channel (and, for presence, of a member). */
  add(channel: string, member: { userId: string; info: string } | null): void {
    this.subscribers.set(channel, (this.subscribers.get(channel) ?? 0) + 1);
    if (!member) return;
    let users = this.members.get(channel);
    if (!users) {
      users = new Map();
      this.members.set(channel, users);
    }
    const share = users.get(member.userId);
    if (share) share.sockets += 1;
    else users.set(member.userId, { info: member.info, sockets: 1 });
  }

  /** One subscriber socket fewer (never below zero). */
  remove(channel: string, userId: string | null): void {
    const count = (this.subscribers.get(channel) ?? 0) - 1;
    if (count > 0) this.subscribers.set(channel, count);
    else this.subscribers.delete(channel);
    if (userId === null) return;
    const users = this.members.get(channel);
    const share = users?.get(userId);
    if (!users || !share) return;
    share.sockets -= 1;
    if (share.sockets > 0) return;
    users.delete(userId);
    if (users.size === 0) this.members.delete(channel);
  }

  /** The SYNC script's arguments: channel count, channel/count pairs, user count, users, then channel/user/info/count quads. */
  toSyncArguments(): string[] {
    const out: string[] = [String(this.subscribers.size)];
    for (const [channel, count] of this.subscribers) out.push(channel, String(count));
    out.push(String(this.users.size), ...this.users);
    for (const [channel, users] of this.members) {
      for (const [userId, share] of users) out.push(channel, userId, share.info, String(share.sockets));
    }
    return out;
  }

  /** Channels and members held, for log lines. */
  describe(): string {
    let members = 0;
    for (const users of this.members.values()) members += users.size;
    return `${this.subscribers.size} channels, ${members} presence members, ${this.users.size} signed-in users`;
  }
}
