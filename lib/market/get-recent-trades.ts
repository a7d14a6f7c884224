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
  userId: string | null;
}

/** Maps a trade row to its public DTO (decimal strings, ISO time); `mine` only when a viewer is given. */
export function toTradeDto(row: TradeRow, viewerUserId?: string | null): TradeDto {
  const dto: TradeDto = {
    id: row.id,
    marketId: row.marketId,
    side: row.side === "sell" ? "sell" : "buy",
    price: normalizeDecimal(row.price),
    amount: normalizeDecimal(row.amount),
    createdAt: row.createdAt.toISOString(),
  };
  if (viewerUserId) dto.mine = row.userId === viewerUserId;
  return dto;
}

/** The `limit` newest trades of `marketId`, newest first (ties: higher id first). */
export async function getRecentTrades(
  marketId: string,
  { client = db, limit = 50, viewerUserId }: Omit<MarketReadOptions, "now"> & { limit?: number; viewerUserId?: string | null } = {},
): Promise<TradeDto[]> {
  const rows = await client.trade.findMany({
    where: { marketId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true, userId: true },
  });
  return rows.map((row) => toTradeDto(row, viewerUserId));
}

/** The viewer's own `limit` newest trades of `marketId` (for the "Mine" tab), newest first. */
export async function getMyRecentTrades(
  marketId: string,
  viewerUserId: string,
  { client = db, limit = 50 }: Omit<MarketReadOptions, "now"> & { limit?: number } = {},
): Promise<TradeDto[]> {
  const rows = await client.trade.findMany({
    where: { marketId, userId: viewerUserId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, marketId: true, side: true, price: true, amount: true, createdAt: true, userId: true },
  });
  return rows.map((row) => toTradeDto(row, viewerUserId));
}
