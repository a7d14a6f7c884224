// The words of a trade submission's outcome, one copy for the form's action and the outcome lookup, so a
// repeat or a lookup answers with the very text the original submission got.
import { describeTradeInUnits } from "@/lib/market/format-market";
import { NOT_RECORDED_MESSAGE, type TradeOutcome } from "@/lib/schemas/trade";
import type { KeyedTrade } from "@/lib/trades/trade-by-client-key";

/** "Sold 0.1 BTC at 66,900.50 USD.": the confirmation of a recorded trade. */
export function describeRecordedTrade({ trade, market }: KeyedTrade): string {
  return `${describeTradeInUnits(trade, market)}.`;
}

/** The outcome "recorded", with the trade and its confirmation. */
export function recordedOutcome(keyed: KeyedTrade): TradeOutcome {
  return { outcome: "recorded", trade: keyed.trade, message: describeRecordedTrade(keyed) };
}

/** The outcome "not recorded": no trade has the key, and none ever will. */
export const NOT_RECORDED_OUTCOME: TradeOutcome = { outcome: "not-recorded", message: NOT_RECORDED_MESSAGE };
