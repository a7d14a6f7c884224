// Display helpers of the market page and account UI: chart axis labels (grouped, none below zero), the
// chart's bar spacing for short and long histories, trade descriptions with the market's units,
// notification headings and UTC times.
import { describe, expect, it } from "vitest";
import { describePrivateTrade, formatNotificationTime, notificationHeading } from "@/app/_components/notification-text";
import { barSpacingFor, formatAxisPrice } from "@/app/markets/_components/market-view/chart-setup";
import { describeTradeInUnits } from "@/lib/market/format-market";

const MARKETS = [{ id: "btcusd", name: "BTC/USD", baseUnit: "btc", quoteUnit: "usd" }];

describe("formatAxisPrice", () => {
  it("groups thousands like the rest of the page, at the data's precision", () => {
    expect(formatAxisPrice(66895.75, 2)).toBe("66,895.75");
    expect(formatAxisPrice(1234567, 2)).toBe("1,234,567.00");
    expect(formatAxisPrice(0.5, 4)).toBe("0.5000");
    expect(formatAxisPrice(0, 2)).toBe("0.00");
  });

  it("labels nothing below zero (a price scale margin is not a price)", () => {
    expect(formatAxisPrice(-10000, 2)).toBe("");
    expect(formatAxisPrice(Number.NaN, 2)).toBe("");
  });
});

describe("barSpacingFor", () => {
  it("keeps a two-candle history candle-sized instead of stretching it", () => {
    expect(barSpacingFor(2, 600)).toBe(28);
  });

  it("fits a medium history into the width, with room at both ends", () => {
    expect(barSpacingFor(26, 600)).toBe(19); // 600 / (26 + 5)
  });

  it("never goes below the readable minimum for long histories", () => {
    expect(barSpacingFor(1440, 600)).toBe(6);
    expect(barSpacingFor(0, 0)).toBe(6);
  });
});

describe("describePrivateTrade", () => {
  it("names the units and the market's display name", () => {
    expect(describePrivateTrade({ marketId: "btcusd", side: "sell", price: "66900.5", amount: "0.1" }, MARKETS)).toBe(
      "Sold 0.1 BTC at 66,900.50 USD on BTC/USD",
    );
    expect(describePrivateTrade({ marketId: "btcusd", side: "buy", price: "1234567.123", amount: "2" }, MARKETS)).toBe(
      "Bought 2 BTC at 1,234,567.123 USD on BTC/USD",
    );
  });

  it("falls back to the market id for a market it does not know", () => {
    expect(describePrivateTrade({ marketId: "ethusd", side: "buy", price: "3180", amount: "1.5" }, MARKETS)).toBe(
      "Bought 1.5 at 3,180.00 on ETHUSD",
    );
  });
});

describe("describeTradeInUnits", () => {
  it("tells the trade in the market's units, amount as recorded, price with two decimals at least", () => {
    const btc = { baseUnit: "btc", quoteUnit: "usd" };
    expect(describeTradeInUnits({ side: "sell", price: "66900.5", amount: "0.1" }, btc)).toBe("Sold 0.1 BTC at 66,900.50 USD");
    expect(describeTradeInUnits({ side: "buy", price: "64252.123", amount: "1.5" }, btc)).toBe("Bought 1.5 BTC at 64,252.123 USD");
  });
});

describe("notificationHeading", () => {
  it("says what kind of notice it is when the body already starts with the title", () => {
    expect(notificationHeading({ kind: "trade", title: "Sold 0.1 BTCUSD", body: "Sold 0.1 BTCUSD at 66,900.50" })).toBe("Trade confirmed");
    expect(notificationHeading({ kind: "other", title: "Hi", body: "Hi there" })).toBe("Notification");
  });

  it("keeps a title that adds something", () => {
    expect(notificationHeading({ kind: "trade", title: "Trade confirmed · BTC/USD", body: "Sold 0.1 BTC at 66,900.50 USD" })).toBe(
      "Trade confirmed · BTC/USD",
    );
  });
});

describe("formatNotificationTime", () => {
  it("shows the UTC time, with the date when it is not today (UTC)", () => {
    expect(formatNotificationTime("2026-11-22T08:36:36.123Z", "2026-11-22")).toBe("08:36:36 UTC");
    expect(formatNotificationTime("2026-11-21T23:59:59.000Z", "2026-11-22")).toBe("2026-11-21 23:59:59 UTC");
  });
});
