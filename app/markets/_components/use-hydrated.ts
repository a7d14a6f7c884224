"use client";
// Whether the page has been hydrated: false in the server's render and during hydration, true after, so a
// component can render less in the server's HTML (a first paint that matches the server's) and the rest
// once it runs in the browser.
import { useSyncExternalStore } from "react";

const subscribeNothing = () => () => undefined;

/** False in the server's render and during hydration, true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}
