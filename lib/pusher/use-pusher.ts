"use client";
// Hooks over the page's one pusher-js client: connection state + socket id, channel events
// (bound and unbound per handler), and the channel object for presence or client events.
import { useContext, useEffect, useEffectEvent, useState, useSyncExternalStore } from "react";
import type { Channel } from "pusher-js";
import type { PusherClientConfig } from "@/lib/pusher/client-config";
import { PusherConfigContext } from "@/lib/pusher/pusher-provider";
import {
  acquireChannel,
  CONNECTING,
  getConnectionSnapshot,
  loadPusherClient,
  OFFLINE,
  releaseChannel,
  subscribeConnection,
  type ConnectionSnapshot,
} from "@/lib/pusher/pusher-client";

export type { ConnectionSnapshot, ConnectionState } from "@/lib/pusher/pusher-client";

/** The config of the nearest PusherProvider (null: realtime not configured). */
export function usePusherConfig(): PusherClientConfig | null {
  const context = useContext(PusherConfigContext);
  if (context === null) throw new Error("usePusher* hooks need a <PusherProvider> above them");
  return context.config;
}

/** Connection state (connecting | live | reconnecting | offline) and the socket id while live. */
export function usePusherConnection(): ConnectionSnapshot {
  const config = usePusherConfig();
  const connection = useSyncExternalStore(subscribeConnection, getConnectionSnapshot, () => CONNECTING);
  return config === null ? OFFLINE : connection;
}

/**
 * Holds `channelName` (shared, reference-counted) while mounted and returns it once subscribed. With an
 * `eventName`, binds `handler` the moment the channel is acquired, in the same tick as the subscribe,
 * so no event of the subscription can slip by; the handler may change freely between renders.
 */
function useHeldChannel(channelName: string | null, eventName: string | null, handler: (data: unknown) => void): Channel | null {
  const config = usePusherConfig();
  const onEvent = useEffectEvent(handler);
  const [held, setHeld] = useState<{ name: string; channel: Channel } | null>(null);
  useEffect(() => {
    if (config === null || channelName === null) return;
    let disposed = false;
    let release: (() => void) | null = null;
    loadPusherClient(config).then(
      (client) => {
        if (disposed) return;
        const channel = acquireChannel(client, channelName);
        const listener = (data: unknown) => onEvent(data);
        if (eventName !== null) channel.bind(eventName, listener);
        setHeld({ name: channelName, channel });
        release = () => {
          if (eventName !== null) channel.unbind(eventName, listener);
          releaseChannel(client, channelName);
        };
      },
      () => undefined,
    );
    return () => {
      disposed = true;
      release?.();
    };
  }, [config, channelName, eventName]);
  return held !== null && held.name === channelName ? held.channel : null;
}

const ignore = () => undefined;

/**
 * Calls `handler(data)` for every `eventName` on `channelName` while mounted (null: nothing).
 * The channel is shared and reference-counted; the handler may change freely between renders.
 */
export function useChannelEvent(channelName: string | null, eventName: string, handler: (data: unknown) => void): void {
  useHeldChannel(channelName, eventName, handler);
}

/** The subscribed channel object while mounted (for presence members or client events), else null. */
export function useChannel(channelName: string | null): Channel | null {
  return useHeldChannel(channelName, null, ignore);
}
