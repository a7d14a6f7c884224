"use client";
// Re-reads of DB state after a resubscription: only the newest request may deliver (an older one is
// aborted), the answer is validated with a zod schema, and a failure is silent (the next re-read retries).
import { useCallback, useEffect, useRef } from "react";
import type { z } from "zod";

/** Returns `reread(url, schema, onData)`: GETs `url` uncached, aborting the previous call, aborted on unmount. */
export function useLatestJson(): <T>(url: string, schema: z.ZodType<T>, onData: (data: T) => void) => void {
  const inflight = useRef<AbortController | null>(null);
  useEffect(() => () => inflight.current?.abort(), []);
  return useCallback(<T,>(url: string, schema: z.ZodType<T>, onData: (data: T) => void) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    fetch(url, { cache: "no-store", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) return;
        const parsed = schema.safeParse(await response.json());
        if (parsed.success && !controller.signal.aborted) onData(parsed.data);
      })
      .catch(() => undefined); // offline again or aborted: the next re-read retries
  }, []);
}
