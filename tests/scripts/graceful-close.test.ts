// Graceful close of the app server's node:http server over real sockets: a request in flight when the
// close starts still gets its whole answer, its kept-alive connection is closed right after (plain
// server.close() would wait for the client to hang up), new connections are refused, and a request
// that never ends is cut once the grace period is over.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { trackForGracefulClose } from "@/scripts/lib/graceful-close";

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** A server whose handler waits for `release()` before answering; resolves `arrived` per request. */
async function startHeldServer() {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => undefined;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    arrived();
    void held.then(() => res.end("finished"));
  });
  const close = trackForGracefulClose(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, close, port: (server.address() as AddressInfo).port, release, requestArrived };
}

describe("trackForGracefulClose", () => {
  it("finishes the request in flight, closes its keep-alive connection, refuses new ones", async () => {
    const { close, port, release, requestArrived } = await startHeldServer();
    const agent = new Agent({ keepAlive: true });
    let socketClosed = false;
    const answer = new Promise<{ body: string; connection: string | undefined }>((resolve, reject) => {
      const outgoing = request({ host: "127.0.0.1", port, path: "/", agent }, (incoming) => {
        let body = "";
        incoming.on("data", (chunk: Buffer) => (body += chunk.toString()));
        incoming.on("end", () => resolve({ body, connection: incoming.headers.connection }));
      });
      outgoing.on("socket", (socket) => socket.once("close", () => (socketClosed = true)));
      outgoing.on("error", reject);
      outgoing.end();
    });
    await requestArrived;
    const closed = close(10_000);
    await expect.poll(() => refused(port)).toBe(true);
    release();
    expect((await answer).body).toBe("finished");
    expect(await closed).toEqual({ forced: false });
    await expect.poll(() => socketClosed).toBe(true);
    agent.destroy();
  });

  it("cuts a request that does not finish within the grace period", async () => {
    const { close, requestArrived, port } = await startHeldServer();
    const outcome = new Promise<string>((resolve) => {
      const outgoing = request({ host: "127.0.0.1", port, path: "/", agent: false }, () => resolve("answered"));
      outgoing.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      outgoing.end();
    });
    await requestArrived;
    expect(await close(50)).toEqual({ forced: true });
    expect(await outcome).toBe("ECONNRESET");
  });
});
