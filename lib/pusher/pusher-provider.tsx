"use client";
// Gives client components the page's pusher-js config (a server-built prop) and opens the page's
// one connection as soon as it mounts. Several providers with the same config share one client.
import { createContext, useEffect, useMemo, type ReactNode } from "react";
import type { PusherClientConfig } from "@/lib/pusher/client-config";
import { loadPusherClient } from "@/lib/pusher/pusher-client";

/** `{ config: null }` means realtime is not configured; `null` means no provider above. */
export const PusherConfigContext = createContext<{ config: PusherClientConfig | null } | null>(null);

/** Provides `config` to the pusher hooks below and connects. */
export function PusherProvider({ config, children }: { config: PusherClientConfig | null; children: ReactNode }) {
  // Keyed by content, not identity: a server re-render hands over an equal but new object.
  const signature = config ? JSON.stringify(config) : "";
  const value = useMemo(
    () => ({ config: signature ? (JSON.parse(signature) as PusherClientConfig) : null }),
    [signature],
  );
  useEffect(() => {
    if (value.config) loadPusherClient(value.config).catch(() => undefined);
  }, [value]);
  return <PusherConfigContext.Provider value={value}>{children}</PusherConfigContext.Provider>;
}
