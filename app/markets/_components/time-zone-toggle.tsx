"use client";
// "Times: Local | UTC": switches every time on the market page (tape, chart) between the viewer's own
// time zone and UTC; the choice is kept (useTimeZone).
import styles from "@/app/markets/_components/market-view/market-view.module.css";
import type { TimeZoneChoice } from "@/lib/market/format-time";
import { useTimeZone } from "./use-time-zone";

const OPTIONS: { choice: TimeZoneChoice; label: string }[] = [
  { choice: "local", label: "Local" },
  { choice: "utc", label: "UTC" },
];

/** The time zone switch (data-testid="time-zone-<choice>"). */
export function TimeZoneToggle() {
  const { choice, choose } = useTimeZone();
  return (
    <div role="group" aria-label="Show times in" className={styles.intervals}>
      {OPTIONS.map((option) => (
        <button
          key={option.choice}
          type="button"
          className={styles.toggle}
          aria-pressed={choice === option.choice}
          data-testid={`time-zone-${option.choice}`}
          onClick={() => choose(option.choice)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
