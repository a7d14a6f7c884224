// pusher:signin: user authentication, the signed-in users of an app, and watchlist online/offline events.
import type { AppConfig } from "./config";
import type { Connection, SignedInUser } from "./connection";
import { Codes, protocolError, type ProtocolError } from "./errors";
import { encodeInternal, userDataSchema } from "./protocol/messages";
import { userSignedString, verifySocketAuth } from "./signatures";

/** Signed-in users of one app and who watches whom. */
export class UserRegistry {
  private readonly sockets = new Map<string, Set<Connection>>();
  private readonly watchers = new Map<string, Set<Connection>>();

  /** Connections signed in as a user. */
  connectionsOf(userId: string): ReadonlySet<Connection> {
    return this.sockets.get(userId) ?? new Set();
  }

  /** Verifies `pusher:signin` data and signs the connection in; a failure closes it (4009 / 4302). */
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
    if (connection.user) this.signout(connection);
    const user: SignedInUser = { id: parsed.data.id, userData, userInfo: parsed.data.user_info, watchlist };
    this.add(connection, user);
    return null;
  }

  /** Removes a connection's sign-in; watchers hear `offline` when the user's last connection goes. */
  signout(connection: Connection): void {
    const user = connection.user;
    if (!user) return;
    connection.user = null;
    for (const watched of user.watchlist) {
      const set = this.watchers.get(watched);
      set?.delete(connection);
      if (set?.size === 0) this.watchers.delete(watched);
    }
    const sockets = this.sockets.get(user.id);
    if (!sockets) return;
    sockets.delete(connection);
    if (sockets.size > 0) return;
    this.sockets.delete(user.id);
    this.notifyWatchers(user.id, "offline");
  }

  private add(connection: Connection, user: SignedInUser): void {
    connection.user = user;
    connection.send(encodeInternal("pusher:signin_success", undefined, { user_data: user.userData }));
    let sockets = this.sockets.get(user.id);
    const firstConnection = !sockets;
    if (!sockets) {
      sockets = new Set();
      this.sockets.set(user.id, sockets);
    }
    sockets.add(connection);
    if (firstConnection) this.notifyWatchers(user.id, "online");

    const online: string[] = [];
    for (const watched of user.watchlist) {
      let set = this.watchers.get(watched);
      if (!set) {
        set = new Set();
        this.watchers.set(watched, set);
      }
      set.add(connection);
      if (this.sockets.has(watched)) online.push(watched);
    }
    if (online.length > 0) connection.send(watchlistFrame("online", online));
  }

  private notifyWatchers(userId: string, name: "online" | "offline"): void {
    const set = this.watchers.get(userId);
    if (!set || set.size === 0) return;
    const frame = watchlistFrame(name, [userId]);
    for (const watcher of set) watcher.send(frame);
  }
}

function watchlistFrame(name: "online" | "offline", userIds: string[]): string {
  return encodeInternal("pusher_internal:watchlist_events", undefined, { events: [{ name, user_ids: userIds }] });
}
