// One stored trade as the tape's DTO, whichever database it was read from.
import type { TradeDto } from "@/lib/schemas/market";

/** A Trade row with its decimals as plain decimal strings and its time as ISO text. */
export interface TradeFields {
  id: number;
  marketId: string;
  side: string;
  price: string;
  amount: string;
  createdAt: string;
  userId: string | null;
  makerUserId: string | null;
}

/** `row` as a TradeDto; with a viewer, `mine` says whether they were the taker or the maker. */
export function toTradeDto(row: TradeFields, viewerUserId?: string | null): TradeDto {
  const dto: TradeDto = {
    id: row.id,
    marketId: row.marketId,
    side: row.side === "sell" ? "sell" : "buy",
    price: row.price,
    amount: row.amount,
    createdAt: row.createdAt,
  };
  if (viewerUserId) dto.mine = row.userId === viewerUserId || row.makerUserId === viewerUserId;
  return dto;
}
