// Bodies are read up to a limit: by Content-Length at once, or while streaming a chunked body.
import { describe, expect, it } from "vitest";
import { MAX_FORM_BODY_BYTES, readFormBody } from "@/lib/auth/read-form-body";
import { readLimitedBody } from "@/lib/http/read-limited-body";

/** A request whose body arrives in `chunks` with no Content-Length, like a chunked upload. */
function streamed(chunks: string[], headers: Record<string, string> = {}): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Request("http://test.local/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readLimitedBody", () => {
  it("returns the bytes of a body within the limit, and an empty body for none", async () => {
    const result = await readLimitedBody(new Request("http://test.local/x", { method: "POST", body: "héllo" }), 16);
    expect(result.ok && result.bytes.toString("utf8")).toBe("héllo");
    expect(await readLimitedBody(new Request("http://test.local/x"), 16)).toEqual({ ok: true, bytes: Buffer.alloc(0) });
  });

  it("refuses a body whose Content-Length is over the limit", async () => {
    const request = new Request("http://test.local/x", { method: "POST", body: "x".repeat(17) });
    expect(await readLimitedBody(request, 16)).toEqual({ ok: false, tooLarge: true });
  });

  it("refuses a chunked body (no Content-Length) once it passes the limit", async () => {
    expect(await readLimitedBody(streamed(["x".repeat(10), "x".repeat(10)]), 16)).toEqual({ ok: false, tooLarge: true });
    const within = await readLimitedBody(streamed(["x".repeat(8), "y".repeat(8)]), 16);
    expect(within.ok && within.bytes.toString()).toBe(`${"x".repeat(8)}${"y".repeat(8)}`);
  });
});

describe("readFormBody", () => {
  it("reads form-encoded and JSON fields", async () => {
    const form = new Request("http://test.local/x", {
      method: "POST",
      body: "socket_id=1.2&channel_name=presence-market",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await readFormBody(form)).toEqual({ ok: true, fields: { socket_id: "1.2", channel_name: "presence-market" } });
    const json = new Request("http://test.local/x", { method: "POST", body: '{"socket_id":"1.2"}', headers: { "content-type": "application/json" } });
    expect(await readFormBody(json)).toEqual({ ok: true, fields: { socket_id: "1.2" } });
  });

  it(`caps the body at ${MAX_FORM_BODY_BYTES} bytes, streamed or not`, async () => {
    const big = `socket_id=1.2&channel_name=${"p".repeat(MAX_FORM_BODY_BYTES)}`;
    expect(await readFormBody(new Request("http://test.local/x", { method: "POST", body: big }))).toEqual({ ok: false, tooLarge: true });
    expect(await readFormBody(streamed([big.slice(0, 3000), big.slice(3000)]))).toEqual({ ok: false, tooLarge: true });
  });
});
