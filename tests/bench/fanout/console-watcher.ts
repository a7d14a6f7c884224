// `--console-watcher`: an operator watching the debug console while the bench runs. One raw websocket
// client subscribes our server's log channel (signed with the app secret, as the app signs it for an
// operator) and reads every batch, so the server builds and publishes its log during the measurement.
import { createHmac } from "node:crypto";
import WebSocket from "ws";

/** A connected log watcher: how many batches, rows and server-dropped rows it saw. */
export interface ConsoleWatcher {
  stats(): { batches: number; rows: number; dropped: number };
  close(): void;
}

const LOG_CHANNEL = "private-console-log";

/** Connects to `port` as app `key`, subscribes the log channel with a signature from `secret`, resolves once subscribed. */
export function watchConsoleLog(port: number, app: { key: string; secret: string }): Promise<ConsoleWatcher> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/app/${app.key}?protocol=7&client=js&version=8.6.0`);
  const seen = { batches: 0, rows: 0, dropped: 0 };
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.on("message", (raw) => {
      const frame = JSON.parse(raw.toString()) as { event: string; channel?: string; data?: string };
      if (frame.event === "pusher:connection_established") {
        const socketId = (JSON.parse(frame.data ?? "{}") as { socket_id: string }).socket_id;
        const auth = `${app.key}:${createHmac("sha256", app.secret).update(`${socketId}:${LOG_CHANNEL}`).digest("hex")}`;
        socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: LOG_CHANNEL, auth } }));
      } else if (frame.event === "pusher_internal:subscription_succeeded" && frame.channel === LOG_CHANNEL) {
        resolve({ stats: () => ({ ...seen }), close: () => socket.close() });
      } else if (frame.event === "pusher:subscription_error") {
        reject(new Error(`log channel subscription refused: ${JSON.stringify(frame.data)}`));
      } else if (frame.event === "log" && frame.channel === LOG_CHANNEL) {
        const batch = JSON.parse(frame.data ?? "{}") as { rows: unknown[]; dropped: number };
        seen.batches += 1;
        seen.rows += batch.rows.length;
        seen.dropped += batch.dropped;
      }
    });
  });
}
