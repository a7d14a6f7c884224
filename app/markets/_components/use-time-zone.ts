"use client";
// The time zone the market page shows times in: the viewer's own by default, UTC on request, kept in
// localStorage. The server renders UTC (it cannot know the viewer's zone) and says so; the browser
// switches to the viewer's choice right after hydration.
import { useMemo } from "react";
import { zoneLabel, zoneOf, type TimeZoneChoice } from "@/lib/market/format-time";
import { useStoredChoice } from "./use-stored-choice";

/** localStorage key of the choice. */
const TIME_ZONE_KEY = "peatio.timeZone";
const CHOICES: readonly TimeZoneChoice[] = ["local", "utc"];

/** The chosen zone: the choice, its IANA zone, a short label ("UTC", "CET"), and the setter. */
export interface TimeZoneValue {
  choice: TimeZoneChoice;
  zone: string;
  label: string;
  choose: (choice: TimeZoneChoice) => void;
}

function browserZone(): string {
  return typeof window === "undefined" ? "UTC" : Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The viewer's time zone choice (local by default; UTC during server render and hydration). */
export function useTimeZone(): TimeZoneValue {
  const [choice, choose] = useStoredChoice<TimeZoneChoice>(TIME_ZONE_KEY, CHOICES, "local", "utc");
  return useMemo(() => {
    const zone = zoneOf(choice, browserZone());
    return { choice, zone, label: zoneLabel(zone), choose };
  }, [choice, choose]);
}
