// What the order form does when its action call fails: it never guesses. An outdated page is settled
// at once (the server said it does not know the action); anything else is asked about by key, against
// a real HTTP server that drops, errors and garbles answers before it answers, or that only starts
// listening after a few tries (the app restarting), until the outcome comes. Also the key maker and
// the backoff schedule, and serverAnswers (the error boundary's probe).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/processes";
import { newClientKey } from "@/lib/exchange/new-client-key";
import {
  OUTDATED_PAGE_MESSAGE,
  SIGNED_OUT_MESSAGE,
  outcomeFormState,
  outcomeRetryDelayMs,
  serverAnswers,
  settledFailureState,
  waitForOrderOutcome,
} from "@/lib/exchange/order-call-failure";
import { NOT_PLACED_MESSAGE, type OrderOutcome } from "@/lib/schemas/order";
import { clientKeySchema } from "@/lib/schemas/trade";

const KEY = "0b7f6c7e-2d3a-4c1e-9f00-5a1b2c3d4e5f";
const BTCUSD = { baseUnit: "btc", quoteUnit: "usd" };
const PLACED: OrderOutcome = {
  outcome: "placed",
  order: {
    id: "5f1c2d3e-0000-4000-8000-000000000001",
    marketId: "btcusd",
    side: "buy",
    kind: "limit",
    price: "64000.00",
    volume: "0.0000",
    originVolume: "0.5000",
    filledVolume: "0.5000",
    filledFunds: "32000.000000",
    averagePrice: "64000.00",
    locked: "0.00000000",
    lockCurrency: "usd",
    state: "done",
    cancelReason: null,
    clientOrderId: KEY,
    createdAt: "2026-01-02T03:04:05.000Z",
    updatedAt: "2026-01-02T03:04:05.000Z",
  },
};
const NOT_PLACED: OrderOutcome = { outcome: "not-placed", message: NOT_PLACED_MESSAGE };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A server on `port` (0: any) answering with `handle`; resolves with its port once it listens. */
async function listen(handle: (request: IncomingMessage, response: ServerResponse) => void, port = 0): Promise<number> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

describe("settledFailureState", () => {
  it("settles an outdated page at once: the server did not know the action, so nothing ran", () => {
    const unrecognized = Object.assign(new Error('Server Action "abc" was not found on the server.'), { name: "UnrecognizedActionError" });
    expect(settledFailureState(unrecognized)).toEqual({ status: "error", code: "not_placed", message: OUTDATED_PAGE_MESSAGE, delivery: "not-placed" });
  });

  it("settles nothing else: a network failure or an error answer is asked about", () => {
    expect(settledFailureState(new TypeError("Failed to fetch"))).toBeNull();
    expect(settledFailureState(new Error("An unexpected response was received from the server."))).toBeNull();
  });
});

describe("outcomeFormState", () => {
  it("tells the app's answer: placed (the order described as the action would), not placed in its words, or signed out (no claim)", () => {
    expect(outcomeFormState({ kind: "outcome", outcome: PLACED }, BTCUSD)).toEqual({
      status: "success",
      order: PLACED.order,
      fills: [],
      repeat: false,
      message: "Bought 0.5000 BTC at an average 64,000.00 USD.",
      delivery: "placed",
    });
    expect(outcomeFormState({ kind: "outcome", outcome: NOT_PLACED }, BTCUSD)).toEqual({
      status: "error",
      code: "not_placed",
      message: NOT_PLACED_MESSAGE,
      delivery: "not-placed",
    });
    const signedOut = outcomeFormState({ kind: "signed-out" }, BTCUSD);
    expect(signedOut).toEqual({ status: "error", code: "signed_out", message: SIGNED_OUT_MESSAGE, delivery: "unknown" });
    expect(signedOut.status === "error" ? signedOut.message : "").not.toMatch(/not placed/);
  });
});

describe("waitForOrderOutcome against a real HTTP server", () => {
  const fast = () => 5;

  it("asks again through dropped connections, error answers and garbled bodies until the outcome comes", async () => {
    const seen: string[] = [];
    const port = await listen((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const ask = seen.length;
      if (ask === 1) return request.socket.destroy();
      if (ask === 2) return response.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
      if (ask === 3) return response.writeHead(200, { "content-type": "application/json" }).end('{"outcome":"maybe"}');
      if (ask === 4) return response.writeHead(200, { "content-type": "application/json" }).end("{not json");
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(PLACED));
    });
    const answer = await waitForOrderOutcome(KEY, { delayMs: fast, baseUrl: `http://127.0.0.1:${port}` });
    expect(answer).toEqual({ kind: "outcome", outcome: PLACED });
    expect(seen).toEqual(Array.from({ length: 5 }, () => `POST /api/orders/by-key/${KEY}`));
  });

  it("keeps asking while nothing listens, and gets the answer once the app is back", async () => {
    const port = await freePort();
    let started: Promise<number> | null = null;
    const answer = await waitForOrderOutcome(KEY, {
      baseUrl: `http://127.0.0.1:${port}`,
      delayMs: (attempt) => {
        // Two asks found nothing listening: the app comes back.
        if (attempt === 2) started = listen((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(NOT_PLACED)), port);
        return fast();
      },
    });
    expect(await started).toBe(port);
    expect(answer).toEqual({ kind: "outcome", outcome: NOT_PLACED });
  });

  it("stops at 401: signed out, the app will not say", async () => {
    const port = await listen((_request, response) => response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Sign in first."}'));
    expect(await waitForOrderOutcome(KEY, { delayMs: fast, baseUrl: `http://127.0.0.1:${port}` })).toEqual({ kind: "signed-out" });
  });

  it("rejects when its signal aborts (the form went away), even while nothing answers", async () => {
    const port = await freePort();
    const controller = new AbortController();
    const waiting = waitForOrderOutcome(KEY, {
      baseUrl: `http://127.0.0.1:${port}`,
      signal: controller.signal,
      delayMs: (attempt) => {
        if (attempt === 3) controller.abort();
        return fast();
      },
    });
    await expect(waiting).rejects.toThrow();
  });
});

describe("outcomeRetryDelayMs", () => {
  it("starts at 250 ms, doubles, stops growing at 8 s, and spreads each delay by ±25%", () => {
    const middle = () => 0.5;
    expect(Array.from({ length: 8 }, (_, attempt) => outcomeRetryDelayMs(attempt, middle))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(outcomeRetryDelayMs(0, () => 0)).toBe(188);
    expect(outcomeRetryDelayMs(20, () => 1)).toBe(10_000);
  });
});

describe("newClientKey", () => {
  it("makes distinct keys the server accepts", () => {
    const keys = Array.from({ length: 100 }, newClientKey);
    expect(new Set(keys).size).toBe(100);
    for (const key of keys) expect(clientKeySchema.safeParse(key).success).toBe(true);
  });

  it("makes them without crypto.randomUUID too (plain-http pages, which are not a secure context)", () => {
    const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), "randomUUID");
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const keys = Array.from({ length: 100 }, newClientKey);
      expect(new Set(keys).size).toBe(100);
      for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const key of keys) expect(clientKeySchema.safeParse(key).success).toBe(true);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
      if (descriptor && !("randomUUID" in crypto)) Object.defineProperty(Object.getPrototypeOf(crypto), "randomUUID", descriptor);
    }
    expect(typeof crypto.randomUUID).toBe("function");
  });
});

describe("serverAnswers", () => {
  it("is true for any HTTP answer, an error status included", async () => {
    const port = await listen((request, response) => {
      response.statusCode = request.url === "/broken" ? 500 : 200;
      response.end("x");
    });
    expect(await serverAnswers(`http://127.0.0.1:${port}/api/markets/btcusd`)).toBe(true);
    expect(await serverAnswers(`http://127.0.0.1:${port}/broken`)).toBe(true);
  });

  it("is false when nothing listens", async () => {
    expect(await serverAnswers(`http://127.0.0.1:${await freePort()}/`)).toBe(false);
  });
});
