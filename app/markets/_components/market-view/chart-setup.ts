// The candle chart's lightweight-charts setup and plotting helpers: theme colours, a candle pane and a
// volume pane, grouped axis labels, and a bar spacing that keeps a short history candle-sized.
// Decimal strings become numbers only here, at the plotting boundary.
import type { IChartApi, ISeriesApi, Time, UTCTimestamp, WhitespaceData } from "lightweight-charts";
import { isCandle, type CandleSlot } from "@/lib/market/candle-gaps";
import { formatAxisTime, formatDateTime, type AxisMark } from "@/lib/market/format-time";
import type { CandleDto } from "@/lib/schemas/market";

/** The library module, loaded in the browser only. */
type ChartsModule = typeof import("lightweight-charts");

/** Chart colours, read from the page's theme variables (app/globals.css) when the chart is created. */
export interface Palette {
  up: string;
  down: string;
  background: string;
  text: string;
  grid: string;
}

const DEFAULT_PALETTE: Palette = { up: "#16c784", down: "#f25260", background: "#121722", text: "#9aa6b8", grid: "#1f2736" };

function readPalette(element: HTMLElement): Palette {
  const css = getComputedStyle(element);
  const pick = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    up: pick("--up", DEFAULT_PALETTE.up),
    down: pick("--down", DEFAULT_PALETTE.down),
    background: pick("--bg-raised", DEFAULT_PALETTE.background),
    text: pick("--text-muted", DEFAULT_PALETTE.text),
    grid: pick("--border", DEFAULT_PALETTE.grid),
  };
}

/** A 6-digit hex colour at ~45% opacity (volume bars), other colour syntaxes unchanged. */
function translucent(color: string): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}73` : color;
}

/** One candle as the candlestick series plots it. */
export function toBar(candle: CandleDto) {
  return {
    time: candle.time as UTCTimestamp,
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    close: Number(candle.close),
  };
}

/** One chart slot as the candlestick series plots it: a candle, or whitespace for a bucket without trades. */
export function toSlotBar(slot: CandleSlot): ReturnType<typeof toBar> | WhitespaceData<UTCTimestamp> {
  return isCandle(slot) ? toBar(slot) : { time: slot.time as UTCTimestamp };
}

/** One candle's volume bar, coloured by the candle's direction. */
export function toVolumeBar(candle: CandleDto, palette: Palette) {
  const up = Number(candle.close) >= Number(candle.open);
  return { time: candle.time as UTCTimestamp, value: Number(candle.volume), color: translucent(up ? palette.up : palette.down) };
}

const MIN_BAR_SPACING = 6;
const MAX_BAR_SPACING = 28;
/** Empty bar slots right of the newest candle (and, with LEFT_PADDING_BARS, left of the oldest when all fit). */
export const RIGHT_OFFSET = 3;
const LEFT_PADDING_BARS = 2;
/** Height of the volume pane as a share of the chart. */
const VOLUME_PANE_SHARE = 0.3;

/**
 * Candle spacing in px for a history load: every candle side by side when they fit `width` (with a
 * little room at both ends, so edge labels are not cut), never wider than a readable candle (two daily
 * candles are not stretched across the chart) nor narrower than the library's default.
 */
export function barSpacingFor(count: number, width: number): number {
  const fitting = width / (count + RIGHT_OFFSET + LEFT_PADDING_BARS);
  return Math.min(MAX_BAR_SPACING, Math.max(MIN_BAR_SPACING, Math.floor(fitting)));
}

const axisFormats = new Map<number, Intl.NumberFormat>();

/** Axis and crosshair labels grouped like the rest of the page ("66,895.75"); none below zero. */
export function formatAxisPrice(price: number, precision: number): string {
  if (!(price >= 0)) return "";
  let format = axisFormats.get(precision);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: precision, maximumFractionDigits: precision });
    axisFormats.set(precision, format);
  }
  return format.format(price);
}

/** Decimals the price axis needs: the market's (`minimum`), more when the data has them (at most 8). */
export function pricePrecision(candles: readonly CandleDto[], minimum = 2): number {
  let decimals = minimum;
  for (const candle of candles) {
    for (const value of [candle.open, candle.high, candle.low, candle.close]) {
      decimals = Math.max(decimals, value.split(".")[1]?.length ?? 0);
    }
  }
  return Math.min(decimals, 8);
}

/** Half the height (px) of the last-price label plus half a tick label: closer than this, the label covers the tick's text. */
export const LAST_PRICE_LABEL_CLEARANCE = 16;

/**
 * The price axis' tick labels with those the last-price label would cover left blank, so the label never
 * hides a tick's text (lightweight-charts paints it over the ticks). `coordinates[i]` is tick i's y in px
 * (null: off the scale); `labelAt` is the last price's y (null: no label shown).
 */
export function clearTicksUnderLabel(labels: readonly string[], coordinates: readonly (number | null)[], labelAt: number | null, clearance = LAST_PRICE_LABEL_CLEARANCE): string[] {
  if (labelAt === null) return labels.slice();
  return labels.map((label, index) => {
    const y = coordinates[index];
    return y !== null && y !== undefined && Math.abs(y - labelAt) < clearance ? "" : label;
  });
}

/** Time labels in `zone`: the crosshair's (date and time) and the time axis' (year, month, day or time by the mark). */
export function timeLabelOptions(zone: string) {
  const ms = (time: Time) => (typeof time === "number" ? time * 1000 : Date.parse(typeof time === "string" ? time : `${time.year}-${String(time.month).padStart(2, "0")}-${String(time.day).padStart(2, "0")}T00:00:00Z`));
  return {
    localization: { timeFormatter: (time: Time) => formatDateTime(ms(time), zone) },
    timeScale: { tickMarkFormatter: (time: Time, mark: number) => formatAxisTime(ms(time), Math.min(4, Math.max(0, mark)) as AxisMark, zone) },
  };
}

/** A created chart: candles in pane 0, volume in pane 1. */
export interface CandleChartSeries {
  palette: Palette;
  chart: IChartApi;
  candles: ISeriesApi<"Candlestick">;
  volume: ISeriesApi<"Histogram">;
}

/**
 * Creates the chart in `box`. Volume gets a pane of its own, with its own scale from zero, so the
 * price scale never reaches into the volume area (where it used to label negative prices).
 * `precision.current` is read by the price labels at every draw.
 */
export function createCandleChart(lib: ChartsModule, box: HTMLElement, precision: { readonly current: number }, zone: string): CandleChartSeries {
  const { createChart, CandlestickSeries, HistogramSeries, CrosshairMode } = lib;
  const palette = readPalette(box);
  const { up, down } = palette;
  const times = timeLabelOptions(zone);
  // Set below, once the series exists: the tick labels ask it where the last price sits.
  let candleSeries: ISeriesApi<"Candlestick"> | null = null;
  const tickLabels = (prices: readonly number[]) => {
    const labels = prices.map((price) => formatAxisPrice(price, precision.current));
    const series = candleSeries;
    const last = series?.data().findLast((bar) => "close" in bar);
    if (!series || !last || !("close" in last)) return labels;
    return clearTicksUnderLabel(labels, prices.map((price) => series.priceToCoordinate(price)), series.priceToCoordinate(last.close));
  };
  const chart = createChart(box, {
    autoSize: true,
    // attributionLogo: TradingView's attribution, required by the library's licence. Keep it on.
    layout: {
      background: { color: palette.background },
      textColor: palette.text,
      attributionLogo: true,
      panes: { separatorColor: palette.grid },
    },
    localization: { locale: "en-US", priceFormatter: (price: number) => formatAxisPrice(price, precision.current), tickmarksPriceFormatter: tickLabels, ...times.localization },
    grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: palette.grid, rightOffset: RIGHT_OFFSET, ...times.timeScale },
    // entireTextOnly: no half-cut label at the top or bottom edge of a pane.
    rightPriceScale: { borderColor: palette.grid, entireTextOnly: true, scaleMargins: { top: 0.1, bottom: 0.08 } },
  });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: up, downColor: down, borderUpColor: up, borderDownColor: down, wickUpColor: up, wickDownColor: down,
  });
  candleSeries = candles;
  const volume = chart.addSeries(HistogramSeries, { priceFormat: { type: "volume" }, lastValueVisible: false, priceLineVisible: false }, 1);
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.15, bottom: 0 } });
  const [pricePane, volumePane] = chart.panes();
  pricePane?.setStretchFactor(1 - VOLUME_PANE_SHARE);
  volumePane?.setStretchFactor(VOLUME_PANE_SHARE);
  return { palette, chart, candles, volume };
}
