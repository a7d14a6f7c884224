"use client";
// The order book panel (peatio / baseapp layout): asks above (best at the bottom, next to the spread), the
// spread, bids below (best at the top); each level with its running total and a depth bar; price grouping
// from the market's tick size. A level is a button: click or Enter gives its price to the order form
// (PickedPrice; an ask is a price to buy at, a bid one to sell at). Keyboard: each side is a scroll
// region in the tab order; inside it one level is tabbable and the arrow keys, Home and End move between levels.
// The server's HTML carries the best SERVER_LEVELS levels a side (more than the scroll regions show without
// scrolling); the rest are rendered once the page is hydrated, keeping the page's HTML and render time down.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { usePickedPrice } from "@/app/markets/_components/picked-price";
import { useHydrated } from "@/app/markets/_components/use-hydrated";
import { formatDecimal } from "@/lib/market/format";
import {
  accumulateDepth,
  depthShare,
  groupingStepsFor,
  groupLevels,
  maxDecimal,
  precisionOf,
  spreadOf,
  type BookSide,
  type DepthRow,
  type MarketPrecision,
} from "@/lib/market/order-book-levels";
import { useOrderBook } from "./order-book-provider";
import styles from "./order-book.module.css";

/** Levels a side in the server's HTML (and during hydration); every level after it. */
const SERVER_LEVELS = 12;

/** Props of OrderBook: the market's units for labels. */
export interface OrderBookProps {
  baseUnit: string;
  quoteUnit: string;
}

/** A side's rows, as shown top to bottom, with each bar's width. */
interface ShownSide {
  rows: (DepthRow & { share: number })[];
}

/**
 * A level's cells. The button's name comes from its content, the visible numbers with hidden words
 * between them ("Sell orders at 64,511.83 USD, amount 0.1000 BTC, total 0.3000 BTC. Use this price to
 * buy"), so what is read always contains what is shown (WCAG 2.5.3). The hidden words are absolutely
 * positioned (.visually-hidden), so only the three numbers take the level's grid columns.
 */
function LevelCells({ side, row, base, quote, precision }: { side: BookSide; row: DepthRow; base: string; quote: string; precision: MarketPrecision }) {
  return (
    <>
      <span className="visually-hidden">{side === "ask" ? "Sell orders at " : "Buy orders at "}</span>
      <span className={styles.price}>{formatDecimal(row.price, precision.price)}</span>
      <span className="visually-hidden">{` ${quote}, amount `}</span>
      <span className={styles.num}>{formatDecimal(row.amount, precision.amount)}</span>
      <span className="visually-hidden">{` ${base}, total `}</span>
      <span className={styles.num}>{formatDecimal(row.total, precision.amount)}</span>
      <span className="visually-hidden">{` ${base}. Use this price to ${side === "ask" ? "buy" : "sell"}`}</span>
    </>
  );
}

/** One side of the book: a keyboard-reachable scroll region of level buttons with a roving tab stop. */
function BookSideList({
  side,
  rows,
  precision,
  baseUnit,
  quoteUnit,
  label,
}: {
  side: BookSide;
  rows: ShownSide["rows"];
  precision: MarketPrecision;
  baseUnit: string;
  quoteUnit: string;
  label: string;
}) {
  const { pickPrice } = usePickedPrice();
  const listRef = useRef<HTMLUListElement>(null);
  // The tabbable level: the best one until the viewer moves (asks: the last row shown, bids: the first).
  const bestIndex = side === "ask" ? rows.length - 1 : 0;
  const [focusedPrice, setFocusedPrice] = useState<string | null>(null);
  const focusedIndex = rows.findIndex((row) => row.price === focusedPrice);
  const tabIndexAt = focusedIndex >= 0 ? focusedIndex : bestIndex;
  const base = baseUnit.toUpperCase();
  const quote = quoteUnit.toUpperCase();

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    const button = listRef.current?.querySelectorAll<HTMLButtonElement>("button")[clamped];
    button?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: rows.length - 1, PageUp: index - 10, PageDown: index + 10 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusRow(target);
  };

  return (
    // Focusable so a keyboard can scroll it; named so a screen reader says which side it is in.
    <div className={`${styles.scroll} ${side === "ask" ? styles.asks : styles.bids}`} role="group" aria-label={label} tabIndex={0} data-testid={`book-${side}s`}>
      {rows.length === 0 ? (
        <p className={styles.empty}>{side === "ask" ? "No sell orders." : "No buy orders."}</p>
      ) : (
        <ul ref={listRef} className={styles.levels}>
          {rows.map((row, index) => (
            <li key={row.price}>
              <button
                type="button"
                className={`${styles.level} ${side === "ask" ? styles.ask : styles.bid}`}
                style={{ ["--depth" as string]: `${row.share}%` }}
                tabIndex={index === tabIndexAt ? 0 : -1}
                data-testid="book-level"
                data-side={side}
                data-price={row.price}
                data-amount={row.amount}
                data-total={row.total}
                onFocus={() => setFocusedPrice(row.price)}
                onKeyDown={(event) => onKeyDown(event, index)}
                onClick={() => pickPrice(row.price, side === "ask" ? "buy" : "sell")}
              >
                <LevelCells side={side} row={row} base={base} quote={quote} precision={precision} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The order book panel (data-testid="order-book", data-sequence, data-stale, data-grouping). Needs an OrderBookProvider. */
export function OrderBook({ baseUnit, quoteUnit }: OrderBookProps) {
  const id = useId();
  const live = useOrderBook();
  const tickSize = live?.tickSize ?? "0.01";
  const steps = useMemo(() => groupingStepsFor(tickSize), [tickSize]);
  const [chosenStep, setStep] = useState<string | null>(null);
  const step = chosenStep !== null && steps.includes(chosenStep) ? chosenStep : (steps[0] ?? tickSize);
  const precision = useMemo(() => precisionOf(tickSize, live?.lotSize ?? "0.0001"), [tickSize, live?.lotSize]);
  const book = live?.book;
  const hydrated = useHydrated();

  const shown = useMemo(() => {
    const asks = accumulateDepth(groupLevels(book?.asks ?? [], "ask", step, precision));
    const bids = accumulateDepth(groupLevels(book?.bids ?? [], "bid", step, precision));
    // The bars are shares of the deepest total of the whole book, also while only the best levels are rendered.
    const deepest = maxDecimal(asks.at(-1)?.total ?? "0", bids.at(-1)?.total ?? "0");
    const limit = hydrated ? Infinity : SERVER_LEVELS;
    const withShare = (rows: DepthRow[]) => rows.slice(0, limit).map((row) => ({ ...row, share: depthShare(row.total, deepest) }));
    return {
      // Asks top to bottom: the highest first, the best (lowest) last, next to the spread.
      asks: withShare(asks).reverse(),
      bids: withShare(bids),
      spread: spreadOf(book?.asks[0]?.[0], book?.bids[0]?.[0]),
    };
  }, [book, step, precision, hydrated]);

  const base = baseUnit.toUpperCase();
  const quote = quoteUnit.toUpperCase();
  return (
    <section
      className={`panel ${styles.panel}`}
      aria-labelledby={`${id}-title`}
      data-testid="order-book"
      data-sequence={book?.sequence ?? ""}
      data-stale={live?.stale ? "true" : "false"}
      data-rereads={live?.rereads ?? 0}
      data-grouping={step}
      aria-busy={live?.stale ? true : undefined}
    >
      <div className={styles.header}>
        <h2 id={`${id}-title`} className="panel-title">
          Order book
        </h2>
        {live ? (
          <label className={styles.grouping}>
            <span>Group</span>
            <select value={step} onChange={(event) => setStep(event.target.value)} data-testid="book-grouping">
              {steps.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {live === null ? (
        <p className={styles.empty}>This market has no order book.</p>
      ) : (
        <>
          <div className={styles.columns} aria-hidden="true">
            <span>Price ({quote})</span>
            <span className={styles.num}>Amount ({base})</span>
            <span className={styles.num}>Total ({base})</span>
          </div>
          <BookSideList side="ask" rows={shown.asks} precision={precision} baseUnit={baseUnit} quoteUnit={quoteUnit} label={`Sell orders (asks), ${quote} per ${base}, best price last`} />
          <p className={styles.spread} data-testid="book-spread" data-value={shown.spread?.value ?? ""}>
            {shown.spread ? (
              <>
                Spread <b>{formatDecimal(shown.spread.value, precision.price)}</b> <span>({shown.spread.percent}%)</span>
              </>
            ) : (
              "No spread: one side is empty."
            )}
          </p>
          <BookSideList side="bid" rows={shown.bids} precision={precision} baseUnit={baseUnit} quoteUnit={quoteUnit} label={`Buy orders (bids), ${quote} per ${base}, best price first`} />
        </>
      )}
    </section>
  );
}
