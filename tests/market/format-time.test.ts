// Times with their date in the viewer's zone or in UTC: the same instant in UTC, New York (DST and
// not), Kolkata (+5:30, across midnight); the chart's axis labels; zone labels.
import { describe, expect, it } from "vitest";
import { formatAxisTime, formatDateTime, formatTradeTime, zoneLabel, zoneOf } from "@/lib/market/format-time";

const LATE = "2026-12-03T20:00:05.400Z";

describe("formatTradeTime / formatDateTime", () => {
  it("shows the date and the time in the zone asked for", () => {
    expect(formatTradeTime(LATE, "UTC")).toBe("Dec 3, 20:00:05");
    expect(formatTradeTime(LATE, "America/New_York")).toBe("Dec 3, 15:00:05");
    expect(formatTradeTime(LATE, "Asia/Kolkata")).toBe("Dec 4, 01:30:05");
    expect(formatDateTime(LATE, "Asia/Kolkata")).toBe("Dec 4, 2026 01:30");
    expect(formatDateTime(Date.parse("2027-01-01T00:00:00Z"), "UTC")).toBe("Jan 1, 2027 00:00");
  });

  it("follows daylight saving time", () => {
    expect(formatTradeTime("2026-07-01T12:00:00Z", "America/New_York")).toBe("Jul 1, 08:00:00");
    expect(formatTradeTime("2026-01-01T12:00:00Z", "America/New_York")).toBe("Jan 1, 07:00:00");
  });

  it("writes midnight as 00, never 24", () => {
    expect(formatTradeTime("2026-12-04T00:00:00Z", "UTC")).toBe("Dec 4, 00:00:00");
  });

  it("refuses a time that is not one", () => {
    expect(() => formatTradeTime("yesterday", "UTC")).toThrow(RangeError);
  });
});

describe("formatAxisTime", () => {
  it("labels years, months, days and times in the zone", () => {
    const moment = Date.parse(LATE);
    expect(formatAxisTime(moment, 0, "UTC")).toBe("2026");
    expect(formatAxisTime(moment, 1, "UTC")).toBe("Dec");
    expect(formatAxisTime(moment, 2, "UTC")).toBe("Dec 3");
    expect(formatAxisTime(moment, 2, "Asia/Kolkata")).toBe("Dec 4");
    expect(formatAxisTime(moment, 3, "America/New_York")).toBe("15:00");
    expect(formatAxisTime(moment, 4, "Asia/Kolkata")).toBe("01:30:05");
  });
});

describe("zoneOf / zoneLabel", () => {
  it("resolves the choice and names the zone briefly", () => {
    expect(zoneOf("utc", "Europe/Berlin")).toBe("UTC");
    expect(zoneOf("local", "Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneLabel("UTC")).toBe("UTC");
    expect(zoneLabel("Asia/Kolkata", LATE)).toBe("GMT+5:30");
    expect(zoneLabel("America/New_York", LATE)).toBe("EST");
  });
});
