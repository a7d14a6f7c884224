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
 * Calls `handler(data)` for every `eventName` on `channelName` while mounted (null: nothing).
 * The channel is shared and reference-counted; the handler may change freely between renders.
 */
export function useChannelEvent(channelName: string | null, eventName: string, handler: (data: unknown) => void): void {
  const config = usePusherConfig();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (config === null || channelName === null) return;
    let disposed = false;
    let release: (() => void) | null = null;
    loadPusherClient(config).then(
      (client) => {
        if (disposed) return;
        const channel = acquireChannel(client, channelName);
        const listener = (data: unknown) => onEvent(data);
        channel.bind(eventName, listener);
        release = () => {
          channel.unbind(eventName, listener);
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
}

/** The subscribed channel object while mounted (for presence members or client events), else null. */
export function useChannel(channelName: string | null): Channel | null {
  const config = usePusherConfig();
  const [channel, setChannel] = useState<{ name: string; channel: Channel } | null>(null);
  useEffect(() => {
    if (config === null || channelName === null) return;
    let disposed = false;
    let release: (() => void) | null = null;
    loadPusherClient(config).then(
      (client) => {
        if (disposed) return;
        setChannel({ name: channelName, channel: acquireChannel(client, channelName) });
        release = () => releaseChannel(client, channelName);
      },
      () => undefined,
    );
    return () => {
      disposed = true;
      release?.();
    };
  }, [config, channelName]);
  return channel !== null && channel.name === channelName ? channel.channel : null;
}
