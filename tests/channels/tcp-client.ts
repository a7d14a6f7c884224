// A websocket client on a bare TCP socket, for clients the `ws` package will not imitate: one that stops reading.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/** A minimal RFC 6455 client: masked text frames out, received bytes searched as text. */
export class TcpWebSocket {
  private received = "";
  private waiters: { text: string; resolve: () => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received += chunk.toString("latin1");
      this.waiters = this.waiters.filter((waiter) => {
        if (!this.received.includes(waiter.text)) return true;
        waiter.resolve();
        return false;
      });
    });
    socket.on("error", () => undefined);
  }

  /** Connects and completes the websocket handshake for `path` (e.g. `/app/<key>?protocol=7`). */
  static async open(port: number, path: string): Promise<TcpWebSocket> {
    const socket = connect(port, "127.0.0.1");
    const client = new TcpWebSocket(socket);
    const key = randomBytes(16).toString("base64");
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await client.waitFor("\r\n\r\n");
    if (!client.received.startsWith("HTTP/1.1 101")) throw new Error(`Handshake refused: ${client.received.split("\r\n")[0]}`);
    return client;
  }

  /** Resolves once the bytes received so far contain `text`. */
  waitFor(text: string): Promise<void> {
    if (this.received.includes(text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ text, resolve }));
  }

  /** Sends one masked text frame. */
  sendText(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.alloc(4);
    if (length >= 126) {
      if (length > 0xffff) throw new Error("TcpWebSocket sends frames up to 64 KiB");
      header[0] = 0x81;
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    }
    for (let i = 0; i < length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    this.socket.write(Buffer.concat([header, mask, payload]));
  }

  /** Stops reading: the kernel buffers fill and the server's writes back up. */
  pause(): void {
    this.socket.pause();
  }

  /** Closes the TCP connection. */
  destroy(): void {
    this.socket.destroy();
  }
}
