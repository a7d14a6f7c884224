"use client";
// Live members of a presence channel (pusher-js members API), shared through the page's one client.
import { useEffect, useState } from "react";
import type { Channel, Members } from "pusher-js";
import { useChannel } from "@/lib/pusher/use-pusher";

/** One member as the auth route described them (id and name from the session). */
export type PresenceMember = { id: string; name: string };

/**
 * Who is on the channel, who "me" is, and how the subscription went: `full` when the server refused it
 * because the channel reached its member cap (LimitReached), `refused` for any other refusal.
 */
export type PresenceState = { members: PresenceMember[]; myId: string | null; status: "joining" | "joined" | "full" | "refused" };

const JOINING: PresenceState = { members: [], myId: null, status: "joining" };

function readMembers(members: Members): PresenceState {
  const list: PresenceMember[] = [];
  members.each((member: { id: unknown; info?: { name?: unknown } }) => {
    const id = String(member.id);
    const name = typeof member.info?.name === "string" ? member.info.name : "Someone";
    list.push({ id, name });
  });
  list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { members: list, myId: members.myID === null || members.myID === undefined ? null : String(members.myID), status: "joined" };
}

/** True for a subscription_error that means "the channel is full" (our server and Pusher: LimitReached). */
function isLimitReached(error: unknown): boolean {
  return typeof error === "object" && error !== null && "type" in error && error.type === "LimitReached";
}

function membersOf(channel: Channel): Members | null {
  return "members" in channel ? (channel.members as Members) : null;
}

/** The members of presence channel `channelName` (null: stay out), updated as they join and leave. */
export function usePresenceMembers(channelName: string | null): PresenceState {
  const channel = useChannel(channelName);
  const [state, setState] = useState<{ channel: Channel | null; value: PresenceState }>({ channel: null, value: JOINING });

  useEffect(() => {
    if (channel === null) return;
    const members = membersOf(channel);
    if (members === null) return;
    const refresh = () => setState({ channel, value: readMembers(members) });
    const refuse = (error: unknown) => setState({ channel, value: { ...JOINING, status: isLimitReached(error) ? "full" : "refused" } });
    // Re-read the members object on every change (and on each resubscription after a reconnect).
    channel.bind("pusher:subscription_succeeded", refresh);
    channel.bind("pusher:member_added", refresh);
    channel.bind("pusher:member_removed", refresh);
    channel.bind("pusher:subscription_error", refuse);
    if (channel.subscribed) refresh();
    return () => {
      channel.unbind("pusher:subscription_succeeded", refresh);
      channel.unbind("pusher:member_added", refresh);
      channel.unbind("pusher:member_removed", refresh);
      channel.unbind("pusher:subscription_error", refuse);
    };
  }, [channel]);

  return state.channel !== null && state.channel === channel ? state.value : JOINING;
}
