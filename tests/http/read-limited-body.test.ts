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

/** A body of `chunks` pulled one at a time (no Content-Length unless `headers` has one), recording what was pulled and whether it was cancelled. */
function pulled(chunks: string[], headers: Record<string, string> = {}) {
  const record = { pulls: 0, cancelled: false };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[record.pulls];
        record.pulls += 1;
        if (chunk === undefined) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
      cancel() {
        record.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { record, request: new Request("http://test.local/x", { method: "POST", body, headers, duplex: "half" } as RequestInit) };
}

describe("readLimitedBody by Content-Length", () => {
  it("refuses a declared length over the limit without reading any of the body", async () => {
    const { record, request } = pulled(["x".repeat(4)], { "content-length": "17" });
    expect(await readLimitedBody(request, 16)).toEqual({ ok: false, tooLarge: true });
    expect(record.pulls).toBe(0);
  });

  it("reads a body declared at exactly the limit, and one whose declared length is no number", async () => {
    const exact = await readLimitedBody(new Request("http://test.local/x", { method: "POST", body: "x".repeat(16), headers: { "content-length": "16" } }), 16);
    expect(exact.ok && exact.bytes.length).toBe(16);
    const odd = await readLimitedBody(pulled(["ab", "cd"], { "content-length": "lots" }).request, 16);
    expect(odd.ok && odd.bytes.toString()).toBe("abcd");
  });

  it("stops reading and cancels the stream as soon as it passes the limit", async () => {
    const { record, request } = pulled(["x".repeat(10), "x".repeat(7), "x".repeat(10)]);
    expect(await readLimitedBody(request, 16)).toEqual({ ok: false, tooLarge: true });
    expect(record.cancelled).toBe(true);
    expect(record.pulls).toBe(2);
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
