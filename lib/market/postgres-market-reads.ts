// The market data reads on PostgreSQL (issue 12). The SQLite fast path (market-reader.ts: a read-only
// better-sqlite3 connection, prepared statements, answers kept while PRAGMA data_version is unchanged)
// has no PostgreSQL twin; these answer the same DTOs through the app's Prisma client, each in one
// REPEATABLE READ snapshot, from the same rows: the ticker from the maintained candles plus the raw trades
// of the window's partial minutes (ticker-window.ts), candles from the Candle table. Nothing is kept
// between reads (every instance sees every other instance's writes at once).
import "server-only";
import type { DbClient } from "@/lib/db-client";
import { INTERVAL_MS, candleRange } from "@/lib/market/candles";
import { fromCandleUnits, toCandleUnits } from "@/lib/market/candle-units";
import { normalizeDecimal } from "@/lib/market/decimal";
import { TICKER_WINDOW_MS, type Ticker } from "@/lib/market/ticker";
import { splitWindow } from "@/lib/market/ticker-window";
import { NO_TRADES, WindowTotals } from "@/lib/market/window-totals";
import { toCandleDto } from "@/lib/market/read-candles";
import { toTradeDto } from "@/lib/market/trade-dto";
import type { CandleDto, CandleInterval, MarketSummary, TradeDto } from "@/lib/schemas/market";

type Tx = Parameters<Parameters<DbClient["$transaction"]>[0]>[0];

/** Runs `read` on one snapshot of `client`'s database, with the transaction's model API. */
async function inSnapshot<T>(client: DbClient, read: (tx: Tx) => Promise<T>): Promise<T> {
  return client.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    return read(tx);
  });
}

const TRADE_SELECT = { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true, userId: true, makerUserId: true } as const;
const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] as const;

type StoredTrade = { id: number; marketId: string; side: string; price: { toFixed(): string }; amount: { toFixed(): string }; createdAt: Date; userId: string | null; makerUserId: string | null };

function tradeDto(row: StoredTrade, viewerUserId?: string | null): TradeDto {
  return toTradeDto({ ...row, price: normalizeDecimal(row.price.toFixed()), amount: normalizeDecimal(row.amount.toFixed()), createdAt: row.createdAt.toISOString() }, viewerUserId);
}

/** Whether `marketId` names a market. */
export async function marketExistsOnPostgres(client: DbClient, marketId: string): Promise<boolean> {
  return (await client.market.findUnique({ where: { id: marketId }, select: { id: true } })) !== null;
}

/** The `limit` newest trades of `marketId` (ties: higher id first), `mine` marked for the viewer. */
export async function readRecentTradesOnPostgres(client: Pick<DbClient, "trade">, marketId: string, limit: number, viewerUserId?: string | null): Promise<TradeDto[]> {
  const rows = await client.trade.findMany({ where: { marketId }, orderBy: [...NEWEST_FIRST], take: limit, select: TRADE_SELECT });
  return rows.map((row) => tradeDto(row, viewerUserId));
}

/** The viewer's own `limit` newest trades of `marketId` (taker or maker). */
export async function readMyRecentTradesOnPostgres(client: DbClient, marketId: string, viewerUserId: string, limit: number): Promise<TradeDto[]> {
  const rows = await client.trade.findMany({
    where: { marketId, OR: [{ userId: viewerUserId }, { makerUserId: viewerUserId }] },
    orderBy: [...NEWEST_FIRST],
    take: limit,
    select: TRADE_SELECT,
  });
  return rows.map((row) => tradeDto(row, viewerUserId));
}

/** Every market in selector order with the price of its newest trade. */
export async function readMarketSummariesOnPostgres(client: DbClient): Promise<MarketSummary[]> {
  return inSnapshot(client, async (tx) => {
    const markets = await tx.market.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, baseUnit: true, quoteUnit: true } });
    const summaries: MarketSummary[] = [];
    for (const market of markets) {
      const latest = await tx.trade.findFirst({ where: { marketId: market.id }, orderBy: [...NEWEST_FIRST], select: { price: true } });
      summaries.push({ ...market, last: latest === null ? null : normalizeDecimal(latest.price.toFixed()) });
    }
    return summaries;
  });
}

/** The market page's market row and newest trades, or null for an unknown market. */
export async function readMarketStateOnPostgres(client: DbClient, marketId: string, limit: number) {
  return inSnapshot(client, async (tx) => {
    const market = await tx.market.findUnique({ where: { id: marketId }, select: { id: true, name: true, baseUnit: true, quoteUnit: true, tickSize: true, lotSize: true } });
    if (market === null) return null;
    const recentTrades = await readRecentTradesOnPostgres(tx, marketId, limit);
    return { market, lastPrice: recentTrades[0]?.price ?? null, recentTrades };
  });
}

/** The 24h ticker of `marketId` at `nowMs` (the same definitions and pieces as get-ticker.ts). */
export async function readTickerOnPostgres(client: DbClient, marketId: string, nowMs: number): Promise<Ticker> {
  return inSnapshot(client, async (tx) => {
    const latest = await tx.trade.findFirst({ where: { marketId, createdAt: { lte: new Date(nowMs) } }, orderBy: [...NEWEST_FIRST], select: { id: true, price: true, createdAt: true } });
    if (latest === null) return NO_TRADES;
    const last = toCandleUnits(normalizeDecimal(latest.price.toFixed()));
    const lastFields = { last: fromCandleUnits(last), lastTradeId: latest.id, lastTradeAt: latest.createdAt.toISOString() };
    const totals = new WindowTotals();
    // The window (now - 24h, now] in whole ms is [now - 24h + 1, now + 1), in time order.
    for (const piece of splitWindow(nowMs - TICKER_WINDOW_MS + 1, nowMs + 1)) {
      if (piece.kind === "candles") {
        const rows = await tx.candle.findMany({
          where: { marketId, interval: piece.size, time: { gte: BigInt(piece.from), lt: BigInt(piece.to) } },
          orderBy: { time: "asc" },
          select: { open: true, high: true, low: true, volume: true, tradeCount: true, openAt: true },
        });
        for (const row of rows) totals.addCandle(row);
      } else {
        const trades = await tx.trade.findMany({
          where: { marketId, createdAt: { gte: new Date(piece.from), lt: new Date(piece.to) } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { price: true, amount: true, createdAt: true },
        });
        for (const trade of trades) {
          const price = toCandleUnits(normalizeDecimal(trade.price.toFixed()));
          totals.add(price, trade.createdAt.getTime(), price, price, toCandleUnits(normalizeDecimal(trade.amount.toFixed())), 1);
        }
      }
    }
    return totals.ticker(last, lastFields);
  });
}

/** The `limit` newest buckets of `interval` up to `nowMs` (empty ones left out) and the market's candle watermark. */
export async function readCandlesOnPostgres(client: DbClient, marketId: string, interval: CandleInterval, nowMs: number, limit: number): Promise<{ candles: CandleDto[]; lastTradeId: number | null }> {
  const range = candleRange(interval, new Date(nowMs), limit);
  return inSnapshot(client, async (tx) => {
    const rows = await tx.candle.findMany({
      where: { marketId, interval: INTERVAL_MS[interval], time: { gte: BigInt(range.from.getTime()), lt: BigInt(range.to.getTime()) } },
      orderBy: { time: "asc" },
      select: { time: true, open: true, high: true, low: true, close: true, volume: true },
    });
    const watermark = await tx.candle.aggregate({ where: { marketId, interval: INTERVAL_MS["1d"] }, _max: { lastTradeId: true } });
    return { candles: rows.map(toCandleDto), lastTradeId: watermark._max.lastTradeId };
  });
}
