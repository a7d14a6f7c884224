"use client";
// Keeps the market page's order book live for the book and the depth chart: the server's first read,
// then `market-<id>-global` / `update` snapshots applied in sequence order; a gap in the sequence or a
// (re)subscription (pusher-js reconnected: anything may have been missed) re-reads GET
// /api/markets/<id>/book instead of showing a book whose history was missed (lib/market/live-book.ts).
import { createContext, useContext, useEffect, useMemo, useReducer, type ReactNode } from "react";
import { useLatestJson } from "@/app/_components/use-latest-json";
import { initialLiveBook, isBookStale, reduceLiveBook } from "@/lib/market/live-book";
import { BOOK_EVENT, marketGlobalChannel } from "@/lib/pusher/channels";
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import { bookUpdateSchema, orderBookSchema, type BookUpdate, type OrderBookView } from "@/lib/schemas/order";

/** What the book's consumers read. */
export interface OrderBookValue {
  marketId: string;
  /** The market's price and amount steps (their decimals are the book's precision). */
  tickSize: string;
  lotSize: string;
  /** The book shown: top levels per side, best first, at `book.sequence`. */
  book: BookUpdate;
  /** True while the feed announced a newer sequence than the book shown (a re-read is on its way). */
  stale: boolean;
  /** How many re-reads were asked for (data attribute for tests and debugging). */
  rereads: number;
}

const OrderBookContext = createContext<OrderBookValue | null>(null);

/** The live book of the nearest OrderBookProvider; null when the market has no book (it does not trade). */
export function useOrderBook(): OrderBookValue | null {
  return useContext(OrderBookContext);
}

const EMPTY_BOOK: BookUpdate = { asks: [], bids: [], sequence: 0 };

/** Provides the live book of the market first read as `initialBook` (null: the market does not trade, nothing to keep live). */
export function OrderBookProvider({ initialBook, children }: { initialBook: OrderBookView | null; children: ReactNode }) {
  const [state, dispatch] = useReducer(reduceLiveBook, initialBook ?? EMPTY_BOOK, (book) => initialLiveBook({ asks: book.asks, bids: book.bids, sequence: book.sequence }));
  const reread = useLatestJson();
  const marketId = initialBook?.marketId ?? null;
  const channel = marketId === null ? null : marketGlobalChannel(marketId);

  useChannelEvent(channel, BOOK_EVENT, (data) => {
    const parsed = bookUpdateSchema.safeParse(data);
    if (parsed.success) dispatch({ type: "update", book: parsed.data });
  });
  // Every (re)subscription: what happened while the socket was down (or before the first subscribe) is read from the DB.
  useChannelEvent(channel, "pusher:subscription_succeeded", () => dispatch({ type: "resubscribed" }));

  useEffect(() => {
    if (state.rereads === 0 || marketId === null) return;
    reread(`/api/markets/${encodeURIComponent(marketId)}/book`, orderBookSchema, (fresh) => {
      if (fresh.marketId === marketId) dispatch({ type: "reread", book: { asks: fresh.asks, bids: fresh.bids, sequence: fresh.sequence } });
    });
  }, [state.rereads, marketId, reread]);

  const value = useMemo<OrderBookValue | null>(
    () =>
      initialBook === null
        ? null
        : { marketId: initialBook.marketId, tickSize: initialBook.tickSize, lotSize: initialBook.lotSize, book: state.book, stale: isBookStale(state), rereads: state.rereads },
    [initialBook, state],
  );
  return <OrderBookContext.Provider value={value}>{children}</OrderBookContext.Provider>;
}
