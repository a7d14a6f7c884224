"use client";
// Feeds the live log: the Channels server's batches on the reserved log channel (pusher-js, authorized
// by the app for operators only) and, in hosted-Pusher mode, the app's own log polled every 2 s.
import { useEffect, useState, type Dispatch } from "react";
import { CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT } from "@/lib/console/log-channel";
import { useChannelEvent } from "@/lib/pusher/use-pusher";
import { appLogAnswerSchema, logBatchSchema } from "@/lib/schemas/console";
import type { LogAction } from "./log-state";

/** Where the log channel subscription stands. */
export type LogFeedStatus = "subscribing" | "subscribed" | "refused";

const APP_LOG_POLL_MS = 2_000;

/** Subscribes the log channel while mounted and dispatches every valid batch; returns the subscription status. */
export function useLogFeed(dispatch: Dispatch<LogAction>): LogFeedStatus {
  const [status, setStatus] = useState<LogFeedStatus>("subscribing");
  useChannelEvent(CONSOLE_LOG_CHANNEL, CONSOLE_LOG_EVENT, (data) => {
    const batch = logBatchSchema.safeParse(data);
    if (batch.success) dispatch({ type: "received", rows: batch.data.rows, droppedByServer: batch.data.dropped });
  });
  useChannelEvent(CONSOLE_LOG_CHANNEL, "pusher:subscription_succeeded", () => setStatus("subscribed"));
  useChannelEvent(CONSOLE_LOG_CHANNEL, "pusher:subscription_error", () => setStatus("refused"));
  return status;
}

/** Hosted mode: polls GET /api/console/app-log for rows newer than the last one seen. */
export function useAppLogFeed(enabled: boolean, dispatch: Dispatch<LogAction>): void {
  useEffect(() => {
    if (!enabled) return;
    let after = 0;
    let stopped = false;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const response = await fetch(`/api/console/app-log?after=${after}`, { cache: "no-store", signal: controller.signal });
        const parsed = response.ok ? appLogAnswerSchema.safeParse(await response.json()) : null;
        if (parsed?.success && parsed.data.rows.length > 0 && !stopped) {
          after = Math.max(after, ...parsed.data.rows.map((row) => row.id));
          dispatch({ type: "received", rows: parsed.data.rows, droppedByServer: 0 });
        }
      } catch {
        // offline or aborted: the next poll retries
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), APP_LOG_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      controller.abort();
    };
  }, [enabled, dispatch]);
}
