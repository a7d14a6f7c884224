"use client";
// Candlestick + volume chart (TradingView lightweight-charts v5, attribution logo kept on): candles in
// the main pane, volume in a pane of its own below, so neither scale runs into the other's area.
// The server's render carries a preview (the newest candle for the legend, the history's count); the
// history itself comes from GET /api/markets/[marketId]/candles once the page runs (first load, interval
// switches, re-reads), "Loading chart…" until it is drawn; live trades from the `trades` prop update the
// last candle. Aggregation stays in exact
// decimals (lib/market/candles.ts); numbers are made only at the plotting boundary, and the legend
// shows the exact decimal OHLCV at the market's precision. Buckets without trades are whitespace (time
// passes on the axis), the chosen interval is kept in localStorage (across reloads and markets), and
// times are shown in the viewer's chosen zone (useTimeZone).
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { MouseEventParams, Time, UTCTimestamp } from "lightweight-charts";
import { useStoredChoice } from "@/app/markets/_components/use-stored-choice";
import { useTimeZone } from "@/app/markets/_components/use-time-zone";
import { emptySlotsBetween, fillCandleGaps, intervalSeconds } from "@/lib/market/candle-gaps";
import { applyTradeToCandles, bucketStartMs, bucketTimeOf, isUnappliedTrade } from "@/lib/market/candles";
import { formatDecimal } from "@/lib/market/format";
import { tapeCoversSince } from "@/lib/market/live-updates";
import { formatDateTime } from "@/lib/market/format-time";
import type { MarketPrecision } from "@/lib/market/order-book-levels";
import { RECENT_TRADES_LIMIT } from "@/lib/schemas/market-state";
import { CANDLE_INTERVALS, candlesDtoSchema, type CandleDto, type CandleInterval, type CandlePreview, type CandlesDto, type TradeDto } from "@/lib/schemas/market";
import { barSpacingFor, createCandleChart, pricePrecision, RIGHT_OFFSET, timeLabelOptions, toBar, toSlotBar, toVolumeBar, type CandleChartSeries } from "./chart-setup";
import styles from "./market-view.module.css";

/** localStorage key of the chosen interval (one for every market). */
const CHART_INTERVAL_KEY = "peatio.chartInterval";
/** At most this many empty slots after the last candle (the quiet time up to now; bounded against a wrong clock). */
const MAX_TRAILING_SLOTS = 1_000;

/** Props of CandleChart. */
export interface CandleChartProps {
  marketId: string;
  /** The server's preview of the interval shown first (its newest candle and count); a new object re-reads the history. */
  preview: CandlePreview;
  /** Trades seen live (any order, e.g. the merged tape): those not yet counted update the candles. */
  trades?: readonly TradeDto[];
  /** Change it after a re-read of `trades` (a resubscription): the history is read again unless `trades` reach back to it. */
  reloadKey?: string | number;
  /** The market's decimals for prices and amounts (its tick and lot sizes). */
  precision?: MarketPrecision;
  className?: string;
}

interface SeriesSet extends CandleChartSeries {
  box: HTMLElement;
  /** Decimals of the price labels (read by the chart's priceFormatter). */
  precision: { current: number };
}

/** What the chart currently holds: candles of one interval, the snapshot watermark, trades applied since, the newest time slot plotted. */
interface ChartData {
  interval: CandleInterval;
  candles: CandleDto[];
  watermark: number | null;
  applied: Set<number>;
  lastSlot: number | null;
}

function fromSnapshot(dto: CandlesDto): ChartData {
  return { interval: dto.interval, candles: dto.candles, watermark: dto.lastTradeId, applied: new Set(), lastSlot: null };
}

/** The bucket of now, bounded to MAX_TRAILING_SLOTS after the last candle. */
function trailingUntil(candles: readonly CandleDto[], interval: CandleInterval): number | undefined {
  const last = candles.at(-1);
  if (last === undefined) return undefined;
  const now = bucketStartMs(Date.now(), interval) / 1000;
  return Math.min(now, last.time + MAX_TRAILING_SLOTS * intervalSeconds(interval));
}

const DEFAULT_PRECISION: MarketPrecision = { price: 2, amount: 4 };

async function fetchCandles(marketId: string, interval: CandleInterval, signal: AbortSignal): Promise<CandlesDto> {
  const response = await fetch(`/api/markets/${encodeURIComponent(marketId)}/candles?interval=${interval}`, {
    cache: "no-store",
    signal,
  });
  if (!response.ok) throw new Error(`candles: HTTP ${response.status}`);
  return candlesDtoSchema.parse(await response.json());
}

/** The chart panel (data-testid="candle-chart"; data-interval, data-candle-count, data-last-close, data-last-volume). */
export function CandleChart({ marketId, preview, trades = [], reloadKey, precision: market = DEFAULT_PRECISION, className }: CandleChartProps) {
  const id = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const seriesRef = useRef<SeriesSet | null>(null);
  // Null until the first history arrives: nothing is drawn from the preview alone.
  const dataRef = useRef<ChartData | null>(null);
  const tradesRef = useRef(trades);
  const marketRef = useRef(market);
  const [interval, setIntervalState] = useStoredChoice<CandleInterval>(CHART_INTERVAL_KEY, CANDLE_INTERVALS, preview.interval);
  const { zone, label: zoneName } = useTimeZone();
  const zoneRef = useRef(zone);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [shown, setShown] = useState<{ last: CandleDto | null; count: number }>({ last: preview.latest, count: preview.count });
  const [hovered, setHovered] = useState<CandleDto | null>(null);
  const [drawn, setDrawn] = useState(false);

  // Pushes everything in dataRef to the series and to the legend; a history load also resets the view.
  const renderAll = useCallback((resetView = false) => {
    const data = dataRef.current;
    if (data === null) return;
    const series = seriesRef.current;
    if (series) {
      const precision = pricePrecision(data.candles, marketRef.current.price);
      series.precision.current = precision;
      series.candles.applyOptions({ priceFormat: { type: "price", precision, minMove: 1 / 10 ** precision } });
      // Every bucket from the first candle to now: empty ones as whitespace, so quiet time takes its room.
      const slots = fillCandleGaps(data.candles, data.interval, trailingUntil(data.candles, data.interval));
      series.candles.setData(slots.map(toSlotBar));
      series.volume.setData(data.candles.map((candle) => toVolumeBar(candle, series.palette)));
      data.lastSlot = slots.at(-1)?.time ?? null;
      // All slots side by side when they fit (two daily candles stay candle-sized, at the right),
      // else the newest ones at the narrowest readable spacing; either way the last slot in view.
      if (resetView) {
        const timeScale = series.chart.timeScale();
        const width = timeScale.width() || Math.max(0, series.box.clientWidth - 80);
        timeScale.applyOptions({ barSpacing: barSpacingFor(slots.length, width), rightOffset: RIGHT_OFFSET });
        timeScale.scrollToRealTime();
      }
    }
    setShown({ last: data.candles.at(-1) ?? null, count: data.candles.length });
  }, []);

  // Applies trades not yet counted (id above the watermark, not applied before), oldest first:
  // the newest bucket is updated in place; a late trade for an older bucket redraws everything.
  const applyPending = useCallback(() => {
    const data = dataRef.current;
    if (data === null) return;
    const pending = tradesRef.current
      .filter((trade) => trade.marketId === marketId && isUnappliedTrade(trade.id, data.watermark, data.applied))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
    if (pending.length === 0) return;
    const series = seriesRef.current;
    let redraw = false;
    for (const trade of pending) {
      const lastTime = data.candles.at(-1)?.time ?? -Infinity;
      data.candles = applyTradeToCandles(data.candles, trade, data.interval);
      data.applied.add(trade.id);
      const last = data.candles.at(-1);
      const bucket = bucketTimeOf(trade, data.interval);
      // Older than the newest slot plotted (a late trade, or empty slots past it from a clock ahead): redraw all.
      if (bucket < lastTime || (data.lastSlot !== null && bucket < data.lastSlot)) redraw = true;
      else if (series && last && !redraw) {
        if (data.lastSlot !== null) for (const slot of emptySlotsBetween(data.lastSlot, bucket, data.interval)) series.candles.update({ time: slot.time as UTCTimestamp });
        series.candles.update(toBar(last));
        series.volume.update(toVolumeBar(last, series.palette));
        data.lastSlot = bucket;
        // The last price moved: rebuild the price axis' tick labels so the last-price label covers none.
        series.chart.priceScale("right").applyOptions({});
      }
    }
    if (redraw) renderAll();
    else setShown({ last: data.candles.at(-1) ?? null, count: data.candles.length });
  }, [marketId, renderAll]);

  // Draws what dataRef holds once both the library and a history are there (whichever comes last).
  const drawLoaded = useCallback(() => {
    if (seriesRef.current === null || dataRef.current === null) return;
    renderAll(true);
    applyPending();
    setDrawn(true);
    setStatus("ready");
  }, [renderAll, applyPending]);

  // Create the chart once (the library touches the DOM, so it loads in the browser only).
  useEffect(() => {
    let disposed = false;
    let created: SeriesSet | null = null;
    const box = boxRef.current;
    void import("lightweight-charts").then((lib) => {
      if (disposed || !box) return;
      const precision = { current: pricePrecision(dataRef.current?.candles ?? [], marketRef.current.price) };
      const { palette, chart, candles, volume } = createCandleChart(lib, box, precision, zoneRef.current);
      chart.subscribeCrosshairMove((param: MouseEventParams<Time>) => {
        const time = typeof param.time === "number" ? param.time : null;
        setHovered(time === null ? null : (dataRef.current?.candles.find((candle) => candle.time === time) ?? null));
      });
      created = { palette, box, precision, chart, candles, volume };
      seriesRef.current = created;
      drawLoaded();
    }, () => setStatus("error"));
    return () => {
      disposed = true;
      seriesRef.current = null;
      created?.chart.remove();
    };
  }, [drawLoaded]);

  // The viewer switched time zones: the axis and crosshair labels follow.
  useEffect(() => {
    zoneRef.current = zone;
    seriesRef.current?.chart.applyOptions(timeLabelOptions(zone));
  }, [zone]);

  // Live trades: apply the ones not counted yet.
  useEffect(() => {
    tradesRef.current = trades;
    applyPending();
  }, [trades, applyPending]);

  // The read of the history in flight, if any; `resynced`: a resubscription came while it was.
  const loadRef = useRef<{ controller: AbortController; resynced: boolean } | null>(null);

  // Reads the history of the interval on screen (a read in flight gives way). When a resubscription came
  // meanwhile, the tape it brought must reach back to the history read, or the history is read again.
  const loadHistory = useCallback(() => {
    const start = () => {
      loadRef.current?.controller.abort();
      const load = { controller: new AbortController(), resynced: false };
      loadRef.current = load;
      // The first load starts as "loading"; a re-read of a drawn chart says so again.
      if (dataRef.current !== null) setStatus("loading");
      fetchCandles(marketId, interval, load.controller.signal)
        .then((dto) => {
          if (load.controller.signal.aborted) return;
          loadRef.current = null;
          dataRef.current = fromSnapshot(dto);
          // The legend follows the history even before the library has drawn it.
          setShown({ last: dto.candles.at(-1) ?? null, count: dto.candles.length });
          drawLoaded();
          if (load.resynced && !tapeCoversSince(tradesRef.current, marketId, dto.lastTradeId, RECENT_TRADES_LIMIT)) start();
        })
        .catch(() => {
          if (load.controller.signal.aborted) return;
          loadRef.current = null;
          setStatus("error");
        });
    };
    start();
  }, [marketId, interval, drawLoaded]);

  // The first load, interval switches and a new server preview read the history.
  useEffect(() => {
    loadHistory();
    return () => loadRef.current?.controller.abort();
  }, [loadHistory, preview]);

  // A resubscription (reloadKey) re-reads the history only when the re-read tape may miss trades since it:
  // the page's first subscription, right after the first load, costs no second read.
  const reloadKeyRef = useRef(reloadKey);
  useEffect(() => {
    if (reloadKeyRef.current === reloadKey) return;
    reloadKeyRef.current = reloadKey;
    const load = loadRef.current;
    if (load !== null) {
      load.resynced = true;
      return;
    }
    const data = dataRef.current;
    if (data !== null && tapeCoversSince(tradesRef.current, marketId, data.watermark, RECENT_TRADES_LIMIT)) return;
    loadHistory();
  }, [reloadKey, marketId, loadHistory]);

  const legend = hovered ?? shown.last;
  return (
    <section
      className={`panel ${className ?? ""}`}
      aria-labelledby={`${id}-title`}
      data-testid="candle-chart"
      data-interval={interval}
      data-status={status}
      data-candle-count={shown.count}
      data-last-time={shown.last?.time ?? ""}
      data-last-close={shown.last?.close ?? ""}
      data-last-volume={shown.last?.volume ?? ""}
    >
      <div className={styles.header}>
        <h2 id={`${id}-title`} className="panel-title">
          Chart
        </h2>
        <div role="group" aria-label="Candle interval" className={styles.intervals}>
          {CANDLE_INTERVALS.map((option) => (
            <button
              key={option}
              type="button"
              className={styles.toggle}
              aria-pressed={option === interval}
              data-testid={`interval-${option}`}
              onClick={() => setIntervalState(option)}
            >
              {option}
            </button>
          ))}
        </div>
      </div>
      <p className={styles.legend} data-testid="candle-legend" aria-live="off">
        {legend ? (
          <>
            <span className={styles.srOnly}>{hovered ? "Hovered candle" : "Latest candle"}: </span>
            <b>
              <time dateTime={new Date(legend.time * 1000).toISOString()}>{formatDateTime(legend.time * 1000, zone)}</time> {zoneName}
            </b>{" "}
            O <b>{formatDecimal(legend.open, market.price)}</b> H <b>{formatDecimal(legend.high, market.price)}</b> L{" "}
            <b>{formatDecimal(legend.low, market.price)}</b> C <b>{formatDecimal(legend.close, market.price)}</b> V <b>{formatDecimal(legend.volume, market.amount)}</b>
          </>
        ) : (
          "No trades in this range yet."
        )}
        {drawn && status === "error" ? <span role="alert"> Could not load {interval} candles; showing what is on screen.</span> : null}
      </p>
      {/* A figure, not an img: the library puts TradingView's attribution link inside the box, and an img may not hold a link. */}
      <div className={styles.chartBox} ref={boxRef} role="figure" aria-label={`Candlestick chart, ${interval} candles, ${shown.count} shown; the latest is described above`}>
        {!drawn ? <div className={styles.chartStatus}>{status === "error" ? "The chart could not be loaded." : "Loading chart…"}</div> : null}
      </div>
    </section>
  );
}
