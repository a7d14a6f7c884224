"use client";
// Candlestick + volume chart (TradingView lightweight-charts v5, attribution logo kept on): candles in
// the main pane, volume in a pane of its own below, so neither scale runs into the other's area.
// History comes from props (first interval) or GET /api/markets/[marketId]/candles (switching,
// re-reads); live trades from the `trades` prop update the last candle. Aggregation stays in exact
// decimals (lib/market/candles.ts); numbers are made only at the plotting boundary, and the legend
// shows the exact decimal OHLCV.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { MouseEventParams, Time } from "lightweight-charts";
import { applyTradeToCandles, bucketTimeOf, isUnappliedTrade } from "@/lib/market/candles";
import { formatDecimal } from "@/lib/market/format";
import { CANDLE_INTERVALS, candlesDtoSchema, type CandleDto, type CandleInterval, type CandlesDto, type TradeDto } from "@/lib/schemas/market";
import { barSpacingFor, createCandleChart, pricePrecision, RIGHT_OFFSET, toBar, toVolumeBar, type CandleChartSeries } from "./chart-setup";
import styles from "./market-view.module.css";

/** Props of CandleChart. */
export interface CandleChartProps {
  marketId: string;
  /** Server-read history of one interval (the one shown first). A new object replaces the data. */
  initial: CandlesDto;
  /** Trades seen live (any order, e.g. the merged tape): those not yet counted update the candles. */
  trades?: readonly TradeDto[];
  /** Change it (e.g. after a reconnect) to re-read the shown interval from the server. */
  reloadKey?: string | number;
  className?: string;
}

interface SeriesSet extends CandleChartSeries {
  box: HTMLElement;
  /** Decimals of the price labels (read by the chart's priceFormatter). */
  precision: { current: number };
}

/** What the chart currently holds: candles of one interval, the snapshot watermark, trades applied since. */
interface ChartData {
  interval: CandleInterval;
  candles: CandleDto[];
  watermark: number | null;
  applied: Set<number>;
}

function fromSnapshot(dto: CandlesDto): ChartData {
  return { interval: dto.interval, candles: dto.candles, watermark: dto.lastTradeId, applied: new Set() };
}

async function fetchCandles(marketId: string, interval: CandleInterval, signal: AbortSignal): Promise<CandlesDto> {
  const response = await fetch(`/api/markets/${encodeURIComponent(marketId)}/candles?interval=${interval}`, {
    cache: "no-store",
    signal,
  });
  if (!response.ok) throw new Error(`candles: HTTP ${response.status}`);
  return candlesDtoSchema.parse(await response.json());
}

/** The chart panel (data-testid="candle-chart"; data-interval, data-candle-count, data-last-close, data-last-volume). */
export function CandleChart({ marketId, initial, trades = [], reloadKey, className }: CandleChartProps) {
  const id = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const seriesRef = useRef<SeriesSet | null>(null);
  const dataRef = useRef<ChartData>(fromSnapshot(initial));
  const tradesRef = useRef(trades);
  const [interval, setIntervalState] = useState<CandleInterval>(initial.interval);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [shown, setShown] = useState<{ last: CandleDto | null; count: number }>({ last: initial.candles.at(-1) ?? null, count: initial.candles.length });
  const [hovered, setHovered] = useState<CandleDto | null>(null);
  const [drawn, setDrawn] = useState(false);

  // Pushes everything in dataRef to the series and to the legend; a history load also resets the view.
  const renderAll = useCallback((resetView = false) => {
    const data = dataRef.current;
    const series = seriesRef.current;
    if (series) {
      const precision = pricePrecision(data.candles);
      series.precision.current = precision;
      series.candles.applyOptions({ priceFormat: { type: "price", precision, minMove: 1 / 10 ** precision } });
      series.candles.setData(data.candles.map(toBar));
      series.volume.setData(data.candles.map((candle) => toVolumeBar(candle, series.palette)));
      // All candles side by side when they fit (two daily candles stay candle-sized, at the right),
      // else the newest ones at the narrowest readable spacing; either way the last candle in view.
      if (resetView) {
        const timeScale = series.chart.timeScale();
        const width = timeScale.width() || Math.max(0, series.box.clientWidth - 80);
        timeScale.applyOptions({ barSpacing: barSpacingFor(data.candles.length, width), rightOffset: RIGHT_OFFSET });
        timeScale.scrollToRealTime();
      }
    }
    setShown({ last: data.candles.at(-1) ?? null, count: data.candles.length });
  }, []);

  // Applies trades not yet counted (id above the watermark, not applied before), oldest first:
  // the newest bucket is updated in place; a late trade for an older bucket redraws everything.
  const applyPending = useCallback(() => {
    const data = dataRef.current;
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
      if (bucketTimeOf(trade, data.interval) < lastTime) redraw = true;
      else if (series && last && !redraw) {
        series.candles.update(toBar(last));
        series.volume.update(toVolumeBar(last, series.palette));
      }
    }
    if (redraw) renderAll();
    else setShown({ last: data.candles.at(-1) ?? null, count: data.candles.length });
  }, [marketId, renderAll]);

  // Create the chart once (the library touches the DOM, so it loads in the browser only).
  useEffect(() => {
    let disposed = false;
    let created: SeriesSet | null = null;
    const box = boxRef.current;
    void import("lightweight-charts").then((lib) => {
      if (disposed || !box) return;
      const precision = { current: pricePrecision(dataRef.current.candles) };
      const { palette, chart, candles, volume } = createCandleChart(lib, box, precision);
      chart.subscribeCrosshairMove((param: MouseEventParams<Time>) => {
        const time = typeof param.time === "number" ? param.time : null;
        setHovered(time === null ? null : (dataRef.current.candles.find((candle) => candle.time === time) ?? null));
      });
      created = { palette, box, precision, chart, candles, volume };
      seriesRef.current = created;
      renderAll(true);
      applyPending();
      setDrawn(true);
      setStatus("ready");
    }, () => setStatus("error"));
    return () => {
      disposed = true;
      seriesRef.current = null;
      created?.chart.remove();
    };
  }, [renderAll, applyPending]);

  // A new server snapshot of the interval on screen replaces the data (e.g. after router.refresh()).
  const initialRef = useRef(initial);
  useEffect(() => {
    if (initialRef.current === initial) return;
    initialRef.current = initial;
    if (initial.interval !== dataRef.current.interval) return;
    dataRef.current = fromSnapshot(initial);
    renderAll(true);
    applyPending();
  }, [initial, renderAll, applyPending]);

  // Live trades: apply the ones not counted yet.
  useEffect(() => {
    tradesRef.current = trades;
    applyPending();
  }, [trades, applyPending]);

  // Interval switches and re-reads fetch the history of the interval on screen.
  const firstLoad = useRef(true);
  useEffect(() => {
    if (firstLoad.current && interval === initial.interval) {
      firstLoad.current = false;
      return;
    }
    firstLoad.current = false;
    const controller = new AbortController();
    setStatus("loading");
    fetchCandles(marketId, interval, controller.signal)
      .then((dto) => {
        if (controller.signal.aborted) return;
        dataRef.current = fromSnapshot(dto);
        renderAll(true);
        applyPending();
        setStatus("ready");
      })
      .catch(() => {
        if (!controller.signal.aborted) setStatus("error");
      });
    return () => controller.abort();
    // `initial.interval` only decides whether the very first render needs a fetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [marketId, interval, reloadKey, renderAll, applyPending]);

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
            <b>{new Date(legend.time * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC</b>
            O <b>{formatDecimal(legend.open, 2)}</b> H <b>{formatDecimal(legend.high, 2)}</b> L{" "}
            <b>{formatDecimal(legend.low, 2)}</b> C <b>{formatDecimal(legend.close, 2)}</b> V <b>{formatDecimal(legend.volume)}</b>
          </>
        ) : (
          "No trades in this range yet."
        )}
        {drawn && status === "error" ? <span role="alert"> Could not load {interval} candles; showing what is on screen.</span> : null}
      </p>
      <div className={styles.chartBox} ref={boxRef} role="img" aria-label={`Candlestick chart, ${interval} candles, ${shown.count} shown`}>
        {!drawn ? <div className={styles.chartStatus}>{status === "error" ? "The chart could not be loaded." : "Loading chart…"}</div> : null}
      </div>
    </section>
  );
}
