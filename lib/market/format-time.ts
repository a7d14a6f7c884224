// Times as the market page shows them: with the date, in the viewer's time zone or in UTC (their choice).
// Pure: the zone is an argument (an IANA name such as "Europe/Berlin", or "UTC"), so the server, the
// browser and the tests format alike.

/** The viewer's choice: their own time zone, or UTC. */
export type TimeZoneChoice = "local" | "utc";

/** The IANA zone of a choice: UTC, or `localZone` (the browser's resolved zone) for "local". */
export function zoneOf(choice: TimeZoneChoice, localZone: string): string {
  return choice === "utc" ? "UTC" : localZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}|${zone}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone, hourCycle: "h23" });
    formats.set(id, format);
  }
  return format;
}

type Moment = string | number | Date;

function toDate(moment: Moment): Date {
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a time: ${String(moment)}`);
  return date;
}

/** The named parts of `moment` in `zone`. */
function partsOf(moment: Moment, zone: string): Record<"year" | "month" | "day" | "hour" | "minute" | "second", string> {
  const parts = formatFor(zone, "parts", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(toDate(moment));
  const pick = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return { year: pick("year"), month: pick("month"), day: pick("day"), hour: pick("hour"), minute: pick("minute"), second: pick("second") };
}

/** "Dec 3, 14:05:09": a trade's time with its date, in `zone` (the tape). */
export function formatTradeTime(moment: Moment, zone: string): string {
  const p = partsOf(moment, zone);
  return `${p.month} ${p.day}, ${p.hour}:${p.minute}:${p.second}`;
}

/** "Dec 3, 2026 14:05": a candle's or a full timestamp's date and time to the minute, in `zone`. */
export function formatDateTime(moment: Moment, zone: string): string {
  const p = partsOf(moment, zone);
  return `${p.month} ${p.day}, ${p.year} ${p.hour}:${p.minute}`;
}

/** What a chart axis label marks (lightweight-charts' TickMarkType: 0 year, 1 month, 2 day, 3 time, 4 time with seconds). */
export type AxisMark = 0 | 1 | 2 | 3 | 4;

/** A time-axis label in `zone`: "2026", "Dec", "Dec 3", "14:05" or "14:05:09". */
export function formatAxisTime(moment: Moment, mark: AxisMark, zone: string): string {
  const p = partsOf(moment, zone);
  switch (mark) {
    case 0:
      return p.year;
    case 1:
      return p.month;
    case 2:
      return `${p.month} ${p.day}`;
    case 3:
      return `${p.hour}:${p.minute}`;
    default:
      return `${p.hour}:${p.minute}:${p.second}`;
  }
}

/** A short name of the zone shown next to times: "UTC", or the local zone's abbreviation at `moment` ("CET", "GMT+5:30"). */
export function zoneLabel(zone: string, moment: Moment = Date.now()): string {
  if (zone === "UTC") return "UTC";
  const parts = formatFor(zone, "zone", { timeZoneName: "short" }).formatToParts(toDate(moment));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? zone;
}
