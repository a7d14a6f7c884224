"use server";
// The event creator's server action: operator check, the HTTP API's own validation (zod), then the same
// `pusher` SDK trigger as the app's; the Channels service's answer comes back as a value.
import { z } from "zod";
import { sendConsoleEvent } from "@/lib/console/send-console-event";
import { withOperatorAction } from "@/lib/console/require-operator";
import { pusher } from "@/lib/pusher/server";
import { sendEventSchema, type SendEventResult } from "@/lib/schemas/console";

/** Sends one event as the operator typed it; anyone else gets a refusal, and nothing is sent. */
export const sendConsoleEventAction = withOperatorAction(async (_user, input: unknown): Promise<SendEventResult> => {
  const parsed = sendEventSchema.safeParse(input);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, status: null, message: "Check the fields.", fieldErrors };
  }
  return sendConsoleEvent(pusher, parsed.data);
});
