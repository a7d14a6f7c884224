// Reads the tape: a market's newest trades as DTOs, marking the viewer's own; indexed top-N reads.
import "server-only";
import { db } from "@/lib/db";
import { providerOf } from "@/lib/db-provider";
import { sqliteDecimalText } from "@/lib/market/candle-units";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import { marketReaderFor, type MarketReader } from "@/lib/market/market-reader";
import { readMyRecentTradesOnPostgres, readRecentTradesOnPostgres } from "@/lib/market/postgres-market-reads";
import { storedTimeIso } from "@/lib/market/stored-time";
import { toTradeDto } from "@/lib/market/trade-dto";
import type { TradeDto } from "@/lib/schemas/market";

type TradeListOptions = Omit<MarketReadOptions, "now"> & { limit?: number };

/** A Trade row as the reader reads it (SQLite's own values). */
interface StoredTrade {
  id: number;
  marketId: string;
  side: string;
  price: number;
  amount: number;
  createdAt: string;
  userId: string | null;
  makerUserId: string | null;
}

const COLUMNS = `"id", "marketId", "side", "price", "amount", "createdAt", "userId", "makerUserId"`;

/** Newest first, ties by id: the order every tape read uses (walks the (marketId, createdAt) index backwards). */
const NEWEST_SQL = `SELECT ${COLUMNS} FROM "Trade" WHERE "marketId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`;

/**
 * The member's newest trades as taker and as maker: each side its own top-N walk of its (member,
 * createdAt) index, then merged, so the cost does not grow with the member's history.
 */
const MINE_SQL = `SELECT ${COLUMNS} FROM (
    SELECT * FROM (SELECT ${COLUMNS} FROM "Trade" WHERE "userId" = ? AND "marketId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?)
    UNION
    SELECT * FROM (SELECT ${COLUMNS} FROM "Trade" WHERE "makerUserId" = ? AND "marketId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?)
  ) ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`;

/** A stored trade as its DTO (SQLite's decimal values as plain decimal strings, ISO time). */
function storedTradeDto(row: StoredTrade, viewerUserId?: string | null): TradeDto {
  return toTradeDto({ ...row, price: sqliteDecimalText(row.price), amount: sqliteDecimalText(row.amount), createdAt: storedTimeIso(row.createdAt) }, viewerUserId);
}

/** The `limit` newest trades of `marketId` from `reader`, newest first (ties: higher id first), as DTOs. */
export function readRecentTrades(reader: MarketReader, marketId: string, limit: number, viewerUserId?: string | null): TradeDto[] {
  return reader.statement<StoredTrade>(NEWEST_SQL).all(marketId, limit).map((row) => storedTradeDto(row, viewerUserId));
}

/** The `limit` newest trades of `marketId`, newest first (ties: higher id first). */
export async function getRecentTrades(
  marketId: string,
  { viewerUserId, client = db, limit = 50 }: TradeListOptions & { viewerUserId?: string | null } = {},
): Promise<TradeDto[]> {
  if (providerOf(client) === "postgresql") return readRecentTradesOnPostgres(client, marketId, limit, viewerUserId);
  const reader = marketReaderFor(client);
  if (viewerUserId) return readRecentTrades(reader, marketId, limit, viewerUserId);
  // The public tape is the same for everyone: kept while nothing is written.
  return reader.kept(`tape:${marketId}:${limit}`, () => readRecentTrades(reader, marketId, limit)).slice();
}

/** The viewer's own `limit` newest trades of `marketId` (for the "Mine" tab: recorded, taken or made), newest first. */
export async function getMyRecentTrades(marketId: string, viewerUserId: string, { client = db, limit = 50 }: TradeListOptions = {}): Promise<TradeDto[]> {
  if (providerOf(client) === "postgresql") return readMyRecentTradesOnPostgres(client, marketId, viewerUserId, limit);
  const rows = marketReaderFor(client).statement<StoredTrade>(MINE_SQL).all(viewerUserId, marketId, limit, viewerUserId, marketId, limit, limit);
  return rows.map((row) => storedTradeDto(row, viewerUserId));
}
