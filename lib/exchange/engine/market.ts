// A market's trading rules (tick, lot, minimum value, price band, fees, currency precision),
// compiled once from decimal strings into the scaled bigints the engine computes with.
import { decimalsOf, parseScaledOrThrow, pow10 } from "./decimal";

/** A market's rules as configuration: decimals are strings. */
export interface MarketConfig {
  /** Market id, e.g. "btcusd". */
  id: string;
  /** Base currency id (what is bought and sold), e.g. "btc". */
  base: string;
  /** Quote currency id (what prices are in), e.g. "usd". */
  quote: string;
  /** Decimals account balances keep in the base currency (>= the lot size's decimals). */
  baseScale: number;
  /** Decimals account balances keep in the quote currency (>= tick decimals + lot decimals). */
  quoteScale: number;
  /** Price step: every price is a positive multiple of it ("0.01"); its decimals are the price scale. */
  tickSize: string;
  /** Amount step: every volume is a positive multiple of it ("0.0001"); its decimals are the amount scale. */
  lotSize: string;
  /** Smallest order value (price x volume) in quote currency ("10"); "0" for none. */
  minOrderValue: string;
  /**
   * Fat-finger band as a fraction of the reference price ("0.2" = 20%), or null for none. A limit
   * price must be within reference x (1 +- band); a market order trades only at prices within it.
   */
  priceBand: string | null;
  /** Fee the maker pays on what it receives, as a fraction ("0.001" = 0.1%); default "0". */
  makerFee?: string;
  /** Fee the taker pays on what it receives, as a fraction; default "0". */
  takerFee?: string;
}

/** Scale of band and fee fractions: up to 6 decimals ("0.000125"). */
export const FRACTION_SCALE = 6;
const FRACTION_ONE = pow10(FRACTION_SCALE);

/** A compiled market: the config plus every constant the engine needs, as scaled bigints. */
export interface Market {
  readonly config: Readonly<MarketConfig>;
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  /** Decimals of prices (from the tick size). */
  readonly priceScale: number;
  /** Decimals of volumes (from the lot size). */
  readonly amountScale: number;
  /** Decimals of price x volume ("funds"): priceScale + amountScale. */
  readonly fundsScale: number;
  readonly baseScale: number;
  readonly quoteScale: number;
  /** Tick size in price units. */
  readonly tick: bigint;
  /** Lot size in volume units. */
  readonly lot: bigint;
  /** Minimum order value in funds units. */
  readonly minValue: bigint;
  /** Band numerator over {@link FRACTION_ONE}, or null when the market has no band. */
  readonly bandMicros: bigint | null;
  readonly makerFeeMicros: bigint;
  readonly takerFeeMicros: bigint;
  /** Multiplier from volume units to base-currency units. */
  readonly baseFactor: bigint;
  /** Multiplier from funds units to quote-currency units. */
  readonly quoteFactor: bigint;
}

function readFraction(text: string | undefined, what: string): bigint {
  const value = parseScaledOrThrow(text ?? "0", FRACTION_SCALE, what);
  if (value < 0n || value >= FRACTION_ONE) throw new RangeError(`${what} must be in [0, 1), got ${text}`);
  return value;
}

/** Compiles and checks a market's configuration; throws on rules that cannot work together. */
export function defineMarket(config: MarketConfig): Market {
  const priceScale = decimalsOf(config.tickSize);
  const amountScale = decimalsOf(config.lotSize);
  const fundsScale = priceScale + amountScale;
  const tick = parseScaledOrThrow(config.tickSize, priceScale, `${config.id} tickSize`);
  const lot = parseScaledOrThrow(config.lotSize, amountScale, `${config.id} lotSize`);
  if (tick <= 0n || lot <= 0n) throw new RangeError(`${config.id}: tick and lot sizes must be positive`);
  if (config.baseScale < amountScale) throw new RangeError(`${config.id}: baseScale ${config.baseScale} < lot decimals ${amountScale}`);
  if (config.quoteScale < fundsScale) throw new RangeError(`${config.id}: quoteScale ${config.quoteScale} < tick + lot decimals ${fundsScale}`);
  if (config.base === config.quote) throw new RangeError(`${config.id}: base and quote must differ`);
  const minValue = parseScaledOrThrow(config.minOrderValue, fundsScale, `${config.id} minOrderValue`);
  if (minValue < 0n) throw new RangeError(`${config.id}: minOrderValue must not be negative`);
  const bandMicros = config.priceBand === null ? null : readFraction(config.priceBand, `${config.id} priceBand`);
  return {
    config: Object.freeze({ ...config }),
    id: config.id,
    base: config.base,
    quote: config.quote,
    priceScale,
    amountScale,
    fundsScale,
    baseScale: config.baseScale,
    quoteScale: config.quoteScale,
    tick,
    lot,
    minValue,
    bandMicros,
    makerFeeMicros: readFraction(config.makerFee, `${config.id} makerFee`),
    takerFeeMicros: readFraction(config.takerFee, `${config.id} takerFee`),
    baseFactor: pow10(config.baseScale - amountScale),
    quoteFactor: pow10(config.quoteScale - fundsScale),
  };
}

/** The fee on `amount` currency units at `micros` / 10^6, rounded down (the receiver keeps the rest). */
export function computeFee(amount: bigint, micros: bigint): bigint {
  return micros === 0n ? 0n : (amount * micros) / FRACTION_ONE;
}

/** The lowest and highest prices the band allows around `reference` (tick-aligned), or null without a band. */
export function priceBandLimits(market: Market, reference: bigint | null): { low: bigint; high: bigint } | null {
  if (market.bandMicros === null || reference === null) return null;
  const distance = (reference * market.bandMicros) / FRACTION_ONE;
  const rawLow = reference - distance;
  const low = rawLow <= 0n ? market.tick : rawLow + ((market.tick - (rawLow % market.tick)) % market.tick);
  const high = reference + distance - ((reference + distance) % market.tick);
  return { low, high };
}

/** True when `price` lies within reference x (1 +- band), both in price units. */
export function isWithinBand(market: Market, price: bigint, reference: bigint | null): boolean {
  if (market.bandMicros === null || reference === null) return true;
  const distance = price > reference ? price - reference : reference - price;
  return distance * FRACTION_ONE <= reference * market.bandMicros;
}
