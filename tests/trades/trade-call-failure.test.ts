// What the trade form says when its action call fails: "not recorded" only when the server could not be
// reached; otherwise the outcome is unknown. serverAnswers against a real HTTP server and a closed port.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/processes";
import {
  NOT_RECORDED_MESSAGE,
  OUTCOME_UNKNOWN_MESSAGE,
  OUTDATED_PAGE_MESSAGE,
  serverAnswers,
  tradeCallFailureState,
} from "@/lib/trades/trade-call-failure";

describe("tradeCallFailureState", () => {
  const networkFailure = new TypeError("Failed to fetch");

  it("says 'not recorded' for a network failure while the server does not answer", () => {
    expect(tradeCallFailureState(networkFailure, false)).toEqual({ status: "error", message: NOT_RECORDED_MESSAGE, delivery: "not-recorded" });
    expect(NOT_RECORDED_MESSAGE).toBe("Couldn't reach the server — your trade was not recorded. Try again.");
  });

  it("says the outcome is unknown when the server answers right after (the request may have arrived)", () => {
    expect(tradeCallFailureState(networkFailure, true)).toEqual({ status: "error", message: OUTCOME_UNKNOWN_MESSAGE, delivery: "unknown" });
  });

  it("says the outcome is unknown when the server answered with an error", () => {
    const answered = new Error("An unexpected response was received from the server.");
    expect(tradeCallFailureState(answered, false).delivery).toBe("unknown");
    expect(tradeCallFailureState(answered, true).delivery).toBe("unknown");
  });

  it("asks for a reload when the server no longer knows the action (nothing ran)", () => {
    const unrecognized = Object.assign(new Error('Server Action "abc" was not found on the server.'), { name: "UnrecognizedActionError" });
    expect(tradeCallFailureState(unrecognized, true)).toEqual({ status: "error", message: OUTDATED_PAGE_MESSAGE, delivery: "not-recorded" });
  });
});

describe("serverAnswers", () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === "/broken" ? 500 : 200;
      response.end("x");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is true for any HTTP answer, an error status included", async () => {
    expect(await serverAnswers(`http://127.0.0.1:${port}/api/markets/btcusd`)).toBe(true);
    expect(await serverAnswers(`http://127.0.0.1:${port}/broken`)).toBe(true);
  });

  it("is false when nothing listens", async () => {
    expect(await serverAnswers(`http://127.0.0.1:${await freePort()}/`)).toBe(false);
  });
});
