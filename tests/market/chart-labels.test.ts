// The candle chart's label helpers: the last-price label never covers a tick label of the price axis
// (the ticks it would cover are left blank), and time labels follow the chosen zone.
import type { UTCTimestamp } from "lightweight-charts";
import { describe, expect, it } from "vitest";
import { clearTicksUnderLabel, LAST_PRICE_LABEL_CLEARANCE, timeLabelOptions } from "@/app/markets/_components/market-view/chart-setup";

describe("clearTicksUnderLabel", () => {
  const labels = ["64,600.00", "64,550.00", "64,500.00", "64,450.00"];
  const ys = [20, 60, 100, 140];

  it("blanks the tick the last-price label sits on, and only that one", () => {
    expect(clearTicksUnderLabel(labels, ys, 104)).toEqual(["64,600.00", "64,550.00", "", "64,450.00"]);
  });

  it("blanks both neighbours when the label sits between two close ticks", () => {
    expect(clearTicksUnderLabel(["a", "b", "c"], [10, 30, 50], 20)).toEqual(["", "", "c"]);
  });

  it("keeps a tick exactly the clearance away, and every tick without a label or off the scale", () => {
    expect(clearTicksUnderLabel(labels, ys, 100 + LAST_PRICE_LABEL_CLEARANCE)).toEqual(["64,600.00", "64,550.00", "64,500.00", "64,450.00"]);
    expect(clearTicksUnderLabel(labels, ys, null)).toEqual(labels);
    expect(clearTicksUnderLabel(labels, [null, null, null, null], 100)).toEqual(labels);
  });
});

describe("timeLabelOptions", () => {
  it("labels the crosshair and the time axis in the zone asked for", () => {
    const time = (Date.parse("2026-12-03T20:00:00Z") / 1000) as UTCTimestamp;
    const kolkata = timeLabelOptions("Asia/Kolkata");
    expect(kolkata.localization.timeFormatter(time)).toBe("Dec 4, 2026 01:30");
    expect(kolkata.timeScale.tickMarkFormatter(time, 2)).toBe("Dec 4");
    expect(kolkata.timeScale.tickMarkFormatter(time, 3)).toBe("01:30");
    expect(timeLabelOptions("UTC").timeScale.tickMarkFormatter(time, 3)).toBe("20:00");
    expect(timeLabelOptions("UTC").localization.timeFormatter({ year: 2026, month: 12, day: 3 })).toBe("Dec 3, 2026 00:00");
  });
});
