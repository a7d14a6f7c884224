"use client";
// A viewer's choice kept in localStorage (chart interval, time zone): the same in every tab and market
// page, kept across reloads. The server cannot know it, so server render and hydration use `serverValue`
// and the stored value follows right after (useSyncExternalStore), never a hydration mismatch.
import { useCallback, useSyncExternalStore } from "react";

/** Same-tab writes (the storage event only reaches other tabs). */
const CHANGE_EVENT = "peatio:stored-choice";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: the default it is
  }
}

/** `[value, choose]`: the stored value of `key` when it is one of `options`, else `fallback` (`serverValue` on the server). */
export function useStoredChoice<T extends string>(key: string, options: readonly T[], fallback: T, serverValue: T = fallback): [T, (value: T) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => {
      const stored = readStored(key);
      return stored !== null && (options as readonly string[]).includes(stored) ? (stored as T) : fallback;
    },
    () => serverValue,
  );
  const choose = useCallback(
    (next: T) => {
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // storage disabled: nothing to keep the choice in
      }
      window.dispatchEvent(new Event(CHANGE_EVENT));
    },
    [key],
  );
  return [value, choose];
}
