// Hosted-Pusher mode's own log: bounded and numbered, triggers with their outcome, encrypted data never kept.
import { describe, expect, it } from "vitest";
import { AppLog, recordAppTrigger } from "@/lib/console/app-log";

describe("AppLog", () => {
  it("keeps the newest rows up to its limit and gives those after an id", () => {
    const log = new AppLog(3);
    for (let i = 0; i < 5; i += 1) recordAppTrigger(["price_channel"], "update", { price: String(i) }, null, log);
    expect(log.after(0).map((row) => row.id)).toEqual([3, 4, 5]);
    expect(log.after(4).map((row) => row.data)).toEqual(['{"price":"4"}']);
  });

  it("records failures as errors, several channels as a list, and never the clear data of an encrypted channel", () => {
    const log = new AppLog();
    recordAppTrigger(["price_channel", "market-btcusd"], "update", "{}", "HTTP 401 bad signature", log);
    recordAppTrigger(["private-encrypted-user-abc"], "trade", { secret: "clear" }, null, log);
    const [failed, encrypted] = log.after(0);
    expect(failed).toMatchObject({ type: "error", channels: ["price_channel", "market-btcusd"], details: { failure: "HTTP 401 bad signature" } });
    expect(encrypted).toMatchObject({ type: "api_message", channel: "private-encrypted-user-abc", encrypted: true });
    expect(encrypted?.data).toBeUndefined();
  });
});
