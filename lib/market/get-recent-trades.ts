// Reads the tape: a market's newest trades as DTOs, marking the viewer's own.
import "server-only";
import { db } from "@/lib/db";
import { normalizeDecimal, type DecimalInput } from "@/lib/market/decimal";
import type { MarketReadOptions } from "@/lib/market/get-ticker";
import type { TradeDto } from "@/lib/schemas/market";

/** The row fields a trade DTO is made of. */
export interface TradeRow {
  id: number;
  marketId: string;
  side: string;
  price: DecimalInput;
  amount: DecimalInput;
  createdAt: Date;
  /** The member who recorded the trade; for a fill of the order book, the taker. */
  userId: string | null;
  /** For a fill of the order book, the member whose resting order it filled. */
  makerUserId?: string | null;
}

/** Maps a trade row to its public DTO (decimal strings, ISO time); `mine` (taker or maker) only when a viewer is given. */
export function toTradeDto(row: TradeRow, viewerUserId?: string | null): TradeDto {
  const dto: TradeDto = {
    id: row.id,
    marketId: row.marketId,
    side: row.side === "sell" ? "sell" : "buy",
    price: normalizeDecimal(row.price),
    amount: normalizeDecimal(row.amount),
    createdAt: row.createdAt.toISOString(),
  };
  if (viewerUserId) dto.mine = row.userId === viewerUserId || row.makerUserId === viewerUserId;
  return dto;
}

type TradeListOptions = Omit<MarketReadOptions, "now"> & { limit?: number };

const tradeRowFields = { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true, userId: true, makerUserId: true } as const;

/** The `limit` newest trades matching `where` (one market, maybe one member's), newest first, as DTOs. */
async function readNewestTrades(
  where: { marketId: string; OR?: Array<{ userId: string } | { makerUserId: string }> },
  viewerUserId: string | null | undefined,
  { client = db, limit = 50 }: TradeListOptions,
): Promise<TradeDto[]> {
  const rows = await client.trade.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: tradeRowFields,
  });
  return rows.map((row) => toTradeDto(row, viewerUserId));
}

/** The `limit` newest trades of `marketId`, newest first (ties: higher id first). */
export async function getRecentTrades(
  marketId: string,
  { viewerUserId, ...options }: TradeListOptions & { viewerUserId?: string | null } = {},
): Promise<TradeDto[]> {
  return readNewestTrades({ marketId }, viewerUserId, options);
}

/** The viewer's own `limit` newest trades of `marketId` (for the "Mine" tab: recorded, taken or made), newest first. */
export async function getMyRecentTrades(marketId: string, viewerUserId: string, options: TradeListOptions = {}): Promise<TradeDto[]> {
  return readNewestTrades({ marketId, OR: [{ userId: viewerUserId }, { makerUserId: viewerUserId }] }, viewerUserId, options);
}
