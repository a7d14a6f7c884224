// pusher:signin: user authentication, the signed-in users of an app, and watchlist online/offline events.
import type { AppConfig } from "./config";
import type { Connection, SignedInUser } from "./connection";
import { Codes, protocolError, type ProtocolError } from "./errors";
import { prepareFrame } from "./frames";
import { encodeInternal, userDataSchema } from "./protocol/messages";
import { userSignedString, verifySocketAuth } from "./signatures";

/** Where a user's comings and goings are decided: this server alone, or the cluster (lib/channels/cluster). */
export interface UserPresenceHooks {
  /** The user's first connection here signed in (online) or its last one here left (offline). */
  changed(userId: string, online: boolean): void;
  /** Tells `send` which of `userIds` are signed in (a new watcher's first online list); at once or later. */
  onlineAmong(userIds: readonly string[], send: (online: string[]) => void): void;
}

/** Signed-in users of one app and who watches whom. */
export class UserRegistry {
  private readonly sockets = new Map<string, Set<Connection>>();
  private readonly watchers = new Map<string, Set<Connection>>();
  /** This registry alone decides (online/offline at once, from its own sockets); a cluster adapter replaces them. */
  hooks: UserPresenceHooks = {
    changed: (userId, online) => this.notifyWatchers(userId, online ? "online" : "offline"),
    onlineAmong: (userIds, send) => send(userIds.filter((userId) => this.sockets.has(userId))),
  };

  /** Connections signed in as a user. */
  connectionsOf(userId: string): ReadonlySet<Connection> {
    return this.sockets.get(userId) ?? new Set();
  }

  /**
   * Verifies `pusher:signin` data and signs the connection in; a bad signature or user_data closes it (4009 / 4302).
   * A connection is one user for its lifetime: signing in again as the same user updates user_data and the
   * watchlist, as another user is refused (4009, not fatal) so #server-to-user-<first> never outlives its user.
   */
  signin(app: AppConfig, connection: Connection, auth: string, userData: string, maxWatchlist: number): ProtocolError | null {
    if (!verifySocketAuth(app, auth, userSignedString(connection.socketId, userData))) {
      return protocolError(Codes.unauthorized, "Invalid signature for pusher:signin", true);
    }
    let json: unknown;
    try {
      json = JSON.parse(userData);
    } catch {
      return protocolError(Codes.unauthorized, "user_data is not JSON", true);
    }
    const parsed = userDataSchema.safeParse(json);
    if (!parsed.success) return protocolError(Codes.unauthorized, "user_data needs a non-empty string id", true);
    const watchlist = parsed.data.watchlist ?? [];
    if (watchlist.length > maxWatchlist) {
      return protocolError(Codes.watchlistLimit, `Watchlist has ${watchlist.length} users; the limit is ${maxWatchlist}`, true);
    }
    const previous = connection.user;
    if (previous && previous.id !== parsed.data.id) {
      return protocolError(
        Codes.unauthorized,
        `Already signed in as '${previous.id.slice(0, 40)}': open another connection to sign in as '${parsed.data.id.slice(0, 40)}'`,
      );
    }
    if (previous) this.unwatch(connection, previous.watchlist);
    const user: SignedInUser = { id: parsed.data.id, userData, userInfo: parsed.data.user_info, watchlist };
    connection.user = user;
    connection.send(encodeInternal("pusher:signin_success", undefined, { user_data: userData }));
    if (!previous) this.addSocket(connection, user.id);
    this.watch(connection, watchlist);
    return null;
  }

  /** Removes a connection's sign-in; watchers hear `offline` when the user's last connection goes. */
  signout(connection: Connection): void {
    const user = connection.user;
    if (!user) return;
    connection.user = null;
    this.unwatch(connection, user.watchlist);
    const sockets = this.sockets.get(user.id);
    if (!sockets) return;
    sockets.delete(connection);
    if (sockets.size > 0) return;
    this.sockets.delete(user.id);
    this.hooks.changed(user.id, false);
  }

  private addSocket(connection: Connection, userId: string): void {
    let sockets = this.sockets.get(userId);
    const firstConnection = !sockets;
    if (!sockets) {
      sockets = new Set();
      this.sockets.set(userId, sockets);
    }
    sockets.add(connection);
    if (firstConnection) this.hooks.changed(userId, true);
  }

  /** Registers a connection as watcher and tells it which watched users are online now. */
  private watch(connection: Connection, watchlist: readonly string[]): void {
    for (const watched of watchlist) {
      let set = this.watchers.get(watched);
      if (!set) {
        set = new Set();
        this.watchers.set(watched, set);
      }
      set.add(connection);
    }
    const send = (online: string[]) => {
      if (online.length > 0 && !connection.closed) connection.send(watchlistMessage("online", online));
    };
    this.hooks.onlineAmong(watchlist, send);
  }

  private unwatch(connection: Connection, watchlist: readonly string[]): void {
    for (const watched of watchlist) {
      const set = this.watchers.get(watched);
      set?.delete(connection);
      if (set?.size === 0) this.watchers.delete(watched);
    }
  }

  /** One frame, encoded once, to every watcher of a user here. */
  notifyWatchers(userId: string, name: "online" | "offline"): void {
    const set = this.watchers.get(userId);
    if (!set || set.size === 0) return;
    const frame = prepareFrame(watchlistMessage(name, [userId]));
    for (const watcher of set) watcher.sendPrepared(frame);
  }
}

function watchlistMessage(name: "online" | "offline", userIds: string[]): string {
  return encodeInternal("pusher_internal:watchlist_events", undefined, { events: [{ name, user_ids: userIds }] });
}
