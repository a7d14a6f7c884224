"use client";
// The depth chart: cumulative bids (left, rising away from the spread) and asks (right) of the live book
// as an SVG step area, with a text alternative that says what it shows (each side's total and price
// range, the spread). Sums stay exact (lib/market/order-book-levels.ts); numbers are made only to plot.
import { useId, useMemo } from "react";
import { formatDecimal } from "@/lib/market/format";
import { accumulateDepth, maxDecimal, precisionOf, spreadOf, type DepthRow } from "@/lib/market/order-book-levels";
import { useOrderBook } from "./order-book-provider";
import styles from "./order-book.module.css";

const WIDTH = 600;
const HEIGHT = 180;
const TOP_ROOM = 18;

/** The SVG path of one side's cumulative step area, from the spread outwards, closed along the bottom. */
function areaPath(rows: readonly DepthRow[], x: (price: number) => number, y: (total: number) => number, edge: number): string {
  const first = rows[0];
  if (first === undefined) return "";
  const commands = [`M${x(Number(first.price)).toFixed(2)},${HEIGHT}`];
  let previous = 0;
  for (const row of rows) {
    const px = x(Number(row.price)).toFixed(2);
    commands.push(`L${px},${y(previous).toFixed(2)}`, `L${px},${y(Number(row.total)).toFixed(2)}`);
    previous = Number(row.total);
  }
  commands.push(`L${edge.toFixed(2)},${y(previous).toFixed(2)}`, `L${edge.toFixed(2)},${HEIGHT}`, "Z");
  return commands.join(" ");
}

/** Props of DepthChart: the market's units for labels. */
export interface DepthChartProps {
  baseUnit: string;
  quoteUnit: string;
}

/** The depth chart panel (data-testid="depth-chart"); needs an OrderBookProvider. */
export function DepthChart({ baseUnit, quoteUnit }: DepthChartProps) {
  const id = useId();
  const live = useOrderBook();
  const base = baseUnit.toUpperCase();
  const quote = quoteUnit.toUpperCase();
  const precision = precisionOf(live?.tickSize ?? "0.01", live?.lotSize ?? "0.0001");
  const book = live?.book;

  const plot = useMemo(() => {
    const bids = accumulateDepth(book?.bids ?? []);
    const asks = accumulateDepth(book?.asks ?? []);
    const low = Number(bids.at(-1)?.price ?? asks[0]?.price ?? 0);
    const high = Number(asks.at(-1)?.price ?? bids[0]?.price ?? 0);
    const deepest = maxDecimal(bids.at(-1)?.total ?? "0", asks.at(-1)?.total ?? "0");
    const span = high - low || 1;
    const depth = Number(deepest) || 1;
    const x = (price: number) => ((price - low) / span) * WIDTH;
    const y = (total: number) => HEIGHT - (total / depth) * (HEIGHT - TOP_ROOM);
    return {
      bids,
      asks,
      deepest,
      bidPath: areaPath(bids, x, y, 0),
      askPath: areaPath(asks, x, y, WIDTH),
      low: bids.at(-1)?.price ?? asks[0]?.price ?? null,
      high: asks.at(-1)?.price ?? bids[0]?.price ?? null,
      spread: spreadOf(asks[0]?.price, bids[0]?.price),
    };
  }, [book]);

  const price = (value: string) => formatDecimal(value, precision.price);
  const amount = (value: string) => formatDecimal(value, precision.amount);
  const sideText = (rows: readonly DepthRow[], name: string) => {
    const best = rows[0];
    const last = rows.at(-1);
    return best && last ? `${name}: ${amount(last.total)} ${base} from ${price(best.price)} to ${price(last.price)} ${quote}` : `${name}: none`;
  };
  const summary = [
    sideText(plot.bids, "Bids"),
    sideText(plot.asks, "asks"),
    plot.spread ? `spread ${price(plot.spread.value)} ${quote} (${plot.spread.percent}%)` : null,
  ]
    .filter(Boolean)
    .join("; ");

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="depth-chart" data-sequence={book?.sequence ?? ""}>
      <h2 id={`${id}-title`} className="panel-title">
        Market depth
      </h2>
      <figure className={styles.depthFigure}>
        <div className={styles.depthPlot}>
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-caption`}>
            {plot.bidPath ? <path d={plot.bidPath} fill="var(--up-bg, rgba(22, 199, 132, 0.12))" stroke="var(--up, #16c784)" strokeWidth="1.5" vectorEffect="non-scaling-stroke" /> : null}
            {plot.askPath ? <path d={plot.askPath} fill="var(--down-bg, rgba(242, 82, 96, 0.12))" stroke="var(--down, #f25260)" strokeWidth="1.5" vectorEffect="non-scaling-stroke" /> : null}
          </svg>
          {plot.deepest !== "0" ? (
            <span className={styles.depthMax} aria-hidden="true">
              {amount(plot.deepest)} {base}
            </span>
          ) : null}
        </div>
        <div className={styles.depthAxis} aria-hidden="true">
          <span>{plot.low === null ? "" : price(plot.low)}</span>
          <span>{plot.high === null ? "" : price(plot.high)}</span>
        </div>
        <figcaption id={`${id}-caption`} className={styles.depthCaption} data-testid="depth-summary">
          {live === null ? "This market has no order book." : `${summary}.`}
        </figcaption>
      </figure>
    </section>
  );
}
