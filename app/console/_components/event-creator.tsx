"use client";
// The event creator: channel, event name and JSON data, checked as the HTTP API checks them, sent by the
// server action through the app's `pusher` SDK; the service's answer is shown inline.
import { useId, useState, useTransition, type FormEvent } from "react";
import { z } from "zod";
import { sendEventSchema, type SendEventField, type SendEventResult } from "@/lib/schemas/console";
import { sendConsoleEventAction } from "../send-event-action";
import styles from "./console.module.css";

type FieldErrors = Partial<Record<SendEventField, string[]>>;
type Answer = { kind: "ok" | "error"; text: string } | null;

function describe(result: Awaited<ReturnType<typeof sendConsoleEventAction>>): Answer {
  if (result.ok) return { kind: "ok", text: `Sent '${result.event}' to ${result.channel}: the Channels service answered 200.` };
  if ("refused" in result) return { kind: "error", text: "Refused: you are not an operator (sign in again)." };
  const failed = result as Extract<SendEventResult, { ok: false }>;
  return { kind: "error", text: failed.status === null ? failed.message : `Refused with ${failed.status}: ${failed.message}` };
}

/** The form (data-testid="event-creator"; the answer: data-testid="send-result", data-outcome=ok|error). */
export function EventCreator() {
  const id = useId();
  const [channel, setChannel] = useState("price_channel");
  const [event, setEvent] = useState("update");
  const [data, setData] = useState('{"price": "12345.67"}');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [answer, setAnswer] = useState<Answer>(null);
  const [pending, startTransition] = useTransition();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const input = { channel, event, data };
    const parsed = sendEventSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setAnswer({ kind: "error", text: "Check the fields." });
      return;
    }
    setErrors({});
    startTransition(async () => {
      try {
        const result = await sendConsoleEventAction(parsed.data);
        if (!result.ok && "fieldErrors" in result && result.fieldErrors) setErrors(result.fieldErrors);
        setAnswer(describe(result));
      } catch {
        setAnswer({ kind: "error", text: "The app did not answer: nothing is known to have been sent." });
      }
    });
  };

  const fieldProps = (field: SendEventField) => {
    const messages = errors[field];
    return {
      "aria-invalid": messages !== undefined && messages.length > 0,
      "aria-describedby": messages && messages.length > 0 ? `${id}-${field}-error` : undefined,
    };
  };
  const fieldError = (field: SendEventField) =>
    errors[field] && errors[field].length > 0 ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field].join(" ")}
      </p>
    ) : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="event-creator">
      <h2 id={`${id}-title`} className="panel-title">
        Event creator
      </h2>
      <form className={styles.form} onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-channel`} className="field-label">
            Channel
          </label>
          <div className="field-control">
            <input id={`${id}-channel`} name="channel" spellCheck={false} autoComplete="off" value={channel} onChange={(e) => setChannel(e.target.value)} {...fieldProps("channel")} />
          </div>
          {fieldError("channel")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-event`} className="field-label">
            Event
          </label>
          <div className="field-control">
            <input id={`${id}-event`} name="event" spellCheck={false} autoComplete="off" value={event} onChange={(e) => setEvent(e.target.value)} {...fieldProps("event")} />
          </div>
          {fieldError("event")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-data`} className="field-label">
            Data (JSON, at most 10 KB)
          </label>
          <textarea id={`${id}-data`} name="data" className={styles.textarea} rows={4} spellCheck={false} value={data} onChange={(e) => setData(e.target.value)} {...fieldProps("data")} />
          {fieldError("data")}
        </div>
        <button type="submit" className={`button ${styles.send}`} aria-disabled={pending}>
          {pending ? "Sending…" : "Send event"}
        </button>
        <p className={styles.answer} role="status" aria-live="polite" data-testid="send-result" data-outcome={answer?.kind ?? ""}>
          {answer ? <span className={answer.kind === "ok" ? styles.toneGood : styles.toneBad}>{answer.text}</span> : null}
        </p>
      </form>
    </section>
  );
}
