// The event creator's send: the same `pusher` SDK and signed HTTP API as the app's own triggers, with
// the Channels service's answer (ok, or its status and message) handed back as a value.
import type Pusher from "pusher";
import type { SendEventInput, SendEventResult } from "@/lib/schemas/console";

const MAX_MESSAGE_CHARS = 500;

type Fields = Record<string, unknown>;

/**
 * Triggers `input.event` on `input.channel` with the operator's JSON exactly as typed (the SDK sends a
 * string as is). An encrypted channel gets the parsed value instead: the SDK encrypts JSON.stringify(data).
 */
export async function sendConsoleEvent(pusher: Pick<Pusher, "trigger">, input: SendEventInput): Promise<SendEventResult> {
  const encrypted = input.channel.startsWith("private-encrypted-");
  try {
    await pusher.trigger(input.channel, input.event, encrypted ? (JSON.parse(input.data) as unknown) : input.data);
    return { ok: true, channel: input.channel, event: input.event };
  } catch (error) {
    return { ok: false, ...describeFailure(error) };
  }
}

/** The server's status and message (the SDK's RequestError carries both), or what went wrong before any answer. */
function describeFailure(error: unknown): { status: number | null; message: string } {
  const fields: Fields = error !== null && typeof error === "object" ? (error as Fields) : {};
  if (typeof fields.status === "number") {
    const body = typeof fields.body === "string" ? fields.body.trim() : "";
    return { status: fields.status, message: clip(body || `HTTP ${fields.status}`) };
  }
  const cause = fields.error !== null && typeof fields.error === "object" ? (fields.error as Fields) : null;
  if (cause) {
    const code = typeof cause.code === "string" ? cause.code : null;
    return { status: null, message: `The Channels service could not be reached${code ? ` (${code})` : ""}.` };
  }
  return { status: null, message: clip(error instanceof Error ? error.message : String(error)) };
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
