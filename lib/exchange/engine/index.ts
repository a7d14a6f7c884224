// The exchange's matching engine and funds model: pure and deterministic (no I/O, no clock, no
// randomness; times and ids come in with each command). One MatchingEngine per market.
//
// API
// ---
// Market rules     defineMarket({ id, base, quote, baseScale, quoteScale, tickSize, lotSize,
//                  minOrderValue, priceBand, makerFee?, takerFee? }) -> Market. Decimals are strings;
//                  the price scale is the tick's decimals, the amount scale the lot's; balances
//                  keep baseScale / quoteScale decimals (quoteScale >= price + amount decimals, so
//                  price x volume is always exact).
// Build / rebuild  createMatchingEngine(market, { sequence, lastPrice, openOrders }) -> engine whose
//                  book is exactly the stored open orders (time priority by their `seq`); throws
//                  on a duplicate, a bad value or a crossed book. `new MatchingEngine(market)` for
//                  an empty one.
// Commands         engine.place(order, available)            scaled bigints (PlaceOrder)
//                  submitOrder(engine, input, available)     decimal strings (OrderInput)
//                  engine.cancel(id, memberId, at) / cancelOrder(...)
//                  engine.cancelAll(memberId, at) / cancelAllOrders(...)
//                  `available` is the member's balance in the currency the order locks
//                  (lockCurrencyOf(market, side)). A command is either refused -
//                  { ok: false, error: { code, field, message } }, nothing changed, sequence kept -
//                  or accepted: { ok: true, sequence, events } with sequence = previous + 1.
// Events           in the order they happened: the taker's `order` (created: true, already its
//                  final state) and its `lock`; per fill a `trade`, its `funds` moves and the
//                  maker's `order`; a self-trade-cancelled order's `order` and `unlock`; the
//                  taker's `unlock`; then one `level` per touched book level. Each order appears
//                  at most once per command.
//                  `order`  OrderSnapshot: id, memberId, side, kind, price, volume (remaining),
//                           originVolume, filledFunds, locked, state (wait/done/cancel),
//                           cancelReason, seq (time priority), at, updatedAt;
//                  `funds`  deltas { memberId, currency, balance, locked, reason } (lock, trade, fee,
//                           unlock); sumFundsByAccount(events) nets them per account (one UPDATE
//                           each, and the accounts whose `account` event to publish);
//                  `trade`  one per fill: maker/taker order and member ids, maker's price, volume,
//                           funds = price x volume, the taker's side, at;
//                  `level`  a level's new total volume (0 = gone).
// Reads            engine.depth(50) (best first), formatBookUpdate(market, depth) for peatio's
//                  `update`; formatPublicTrade / formatPrivateOrder / formatPrivateTrade for the
//                  `trades`, `order` and `trade` events; engine.openOrders(), openOrdersOf(member),
//                  bestPrices(), lastPrice (the band's reference), sequence.
// Funds            computeLock(market, order); FundsLedger (grant, available, apply(events) all or
//                  nothing, total(currency)) is the in-memory model the DB layer mirrors.
// Validation       parseOrderInput (strings -> units) and validateOrder (rules): codes invalid_side,
//                  invalid_kind, invalid_decimal, not_positive, price_required, price_not_allowed,
//                  price_off_tick, volume_off_lot, bound_required, bound_not_allowed,
//                  below_min_value, price_out_of_band; place adds insufficient_funds and
//                  duplicate_order; cancel answers order_not_found.
//
// Rules
// -----
// - Price-time priority; the trade price is the resting (maker) order's price; partial fills; an
//   order fully filled is `done`; a market order never rests (its unfilled remainder is
//   cancelled, reason market-remainder); a market buy stops when its quote bound cannot pay for
//   one more lot at the next price.
// - Funds: placing locks (a bid price x volume in quote, a market bid its bound, an ask its
//   volume in base); a fill pays from the locks at the maker's price (a bid's lock above that
//   price goes back to its balance at once, so a resting order's lock is always price x
//   remaining); each side receives the other currency minus its fee (to the fee account); a done
//   or cancelled order unlocks the rest.
// - Self-trade: when a taker meets its own member's resting order, the resting order is
//   cancelled (reason self-trade) and matching goes on (Binance's EXPIRE_MAKER): the newest
//   instruction wins, no trade with oneself is ever recorded, and the new order is not starved
//   by a stale one of the same member.
// - Price band (fat fingers): with a reference price (the market's last trade), a limit price must
//   lie within reference x (1 +- band) (priceBandLimits gives the tick-aligned bounds), and a market
//   order trades only at prices within that band (its remainder is cancelled). Without a trade yet
//   there is no band.
//
// Running it against a DB: the engine's book must match the DB. Keep one engine per market per
// process; inside the order's write transaction (serialized per market, e.g. SQLite BEGIN
// IMMEDIATE), compare engine.sequence with the market's stored sequence and rebuild with
// createMatchingEngine when they differ (another process wrote), run the command with the
// member's balance read in that transaction, apply the events and store the new sequence in the
// same transaction; if the transaction fails, drop the engine (the next command rebuilds it).
export { decimalsOf, formatScaled, parseScaled, pow10 } from "./decimal";
export { defineMarket, isWithinBand, priceBandLimits, type Market, type MarketConfig } from "./market";
export { MatchingEngine, type EngineOptions, type RestingOrderInit } from "./matching-engine";
export { createMatchingEngine, parseOpenOrder, rebuildFromSnapshots, type StoredMarketState } from "./rebuild-book";
export { computeLock, computeRestingLock, FEE_ACCOUNT_ID, FundsLedger, sumFundsByAccount, type AccountBalance, type AccountDelta, type FundsLock } from "./funds";
export { parseOrderInput, validateOrder, type OrderInput } from "./validate-order";
export {
  formatBookUpdate,
  formatEvents,
  formatOrder,
  formatPrivateOrder,
  formatPrivateTrade,
  formatPublicTrade,
  formatTrade,
  type EventDto,
  type OrderDto,
  type PublicTrade,
  type TradeDto,
} from "./format-events";
export { cancelAllOrders, cancelOrder, currencyScaleOf, formatCurrencyAmount, lockCurrencyOf, submitOrder, type SubmitResult } from "./submit-order";
export type * from "./types";
