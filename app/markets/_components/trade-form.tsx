"use client";
// The trade form: side toggle, price and amount, validated with the shared schema here and again by
// the server action. On success the page applies its own trade at once (the publish skips this socket)
// and registers its id, so the private alerts do not announce it a second time.
// Every submission carries a key (hidden field clientKey, made here): one per trade intent, the same for
// every retry of it, so the server records it at most once. A failed action call (server down, the app
// died after the commit, connection lost) is answered here, never by the error boundary: the typed values
// and the page stay, the form says it is checking, asks the app about the key until it answers, and
// then says what the app says. It never claims "not recorded" on its own.
import { unstable_rethrow } from "next/navigation";
import { useActionState, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";
import { useOwnTrades } from "@/app/_components/own-trades";
import { recordTradeAction } from "@/app/markets/[marketId]/record-trade-action";
import { formatPrice } from "@/lib/market/format-market";
import { usePusherConnection } from "@/lib/pusher/use-pusher";
import type { MarketSummary } from "@/lib/schemas/market";
import {
  initialTradeFormState,
  tradeFieldErrors,
  tradeInputSchema,
  type TradeFieldErrors,
  type TradeFormState,
  type TradeSide,
} from "@/lib/schemas/trade";
import { newClientKey } from "@/lib/trades/new-client-key";
import { CHECKING_MESSAGE, outcomeFormState, settledFailureState, waitForTradeOutcome } from "@/lib/trades/trade-call-failure";
import { useMarketLive } from "./market-live-provider";
import styles from "./trade-form.module.css";

/** The text-input props both decimal fields share. */
const DECIMAL_INPUT = { type: "text", inputMode: "decimal", autoComplete: "off", spellCheck: false, maxLength: 40 } as const;

/** The fields in the order they appear: the first invalid one gets the focus. */
const FIELD_ORDER = ["side", "price", "amount"] as const;

/** Moves the focus to the first field of `form` that `errors` names (the checked radio for the side). */
function focusFirstInvalid(form: HTMLFormElement | null, errors: TradeFieldErrors): void {
  const field = FIELD_ORDER.find((name) => errors[name]?.length);
  if (!form || !field) return;
  const target = form.elements.namedItem(field);
  if (target instanceof HTMLInputElement) target.focus();
  else if (target instanceof RadioNodeList) {
    const radios = [...target].filter((node): node is HTMLInputElement => node instanceof HTMLInputElement);
    (radios.find((radio) => radio.checked) ?? radios[0])?.focus();
  }
}

/** The trade form of `market`. */
export function TradeForm({ market }: { market: MarketSummary }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { applyTrade, lastPrice } = useMarketLive();
  const { socketId } = usePusherConnection();
  const ownTrades = useOwnTrades();
  const [side, setSide] = useState<TradeSide>("buy");
  // Prefilled once with the last price; live prices never overwrite it (the button below copies one).
  const [price, setPrice] = useState(() => lastPrice ?? "");
  const [amount, setAmount] = useState("");
  const [clientErrors, setClientErrors] = useState<TradeFieldErrors | null>(null);
  // Set on submit, cleared when the action settles: a second submit in between is ignored.
  const inFlight = useRef(false);
  // The key of the trade intent being submitted: made at its first submit, kept while its outcome is
  // unknown (so a new try is a retry the server answers with the original), dropped once the server
  // has answered (the next submit is a new intent).
  const intentKey = useRef<string | null>(null);
  const keyField = useRef<HTMLInputElement>(null);
  // The action call failed and the form is asking the app about the key (while still pending).
  const [checking, setChecking] = useState(false);
  // Stops asking when the form goes away.
  const unmounted = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    unmounted.current = controller;
    return () => controller.abort();
  }, []);

  /** What the app says about `clientKey` after the action call failed with `error`. */
  async function settleFailedCall(error: unknown, clientKey: string): Promise<TradeFormState> {
    const settled = settledFailureState(error);
    if (settled) return settled;
    setChecking(true);
    try {
      return outcomeFormState(await waitForTradeOutcome(clientKey, { signal: unmounted.current?.signal }));
    } catch {
      // The form is gone (unmounted): nobody reads this.
      return { status: "error", message: CHECKING_MESSAGE, delivery: "unknown" };
    }
  }

  const [state, formAction, pending] = useActionState(async (previous: TradeFormState, formData: FormData) => {
    // Until it settles, a private confirmation may be this submission's: the alerts hold it till then.
    ownTrades.submissionStarted();
    let recordedId: number | null = null;
    const clientKey = formData.get("clientKey");
    try {
      let next: TradeFormState;
      try {
        next = await recordTradeAction(previous, formData);
      } catch (error) {
        // A rejected action would reach the error boundary and replace the page: answer it here instead.
        unstable_rethrow(error);
        next = await settleFailedCall(error, typeof clientKey === "string" ? clientKey : "");
      }
      if (next.status === "success" && next.trade) {
        applyTrade(next.trade);
        recordedId = next.trade.id;
      }
      // The server answered (recorded, refused, not recorded): the next submit is a new trade intent.
      if (next.delivery !== "unknown" && intentKey.current === clientKey) intentKey.current = null;
      return next;
    } finally {
      inFlight.current = false;
      ownTrades.submissionSettled(recordedId);
    }
  }, initialTradeFormState);

  // Checked here first for instant feedback; the action checks again (the server decides).
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    if (pending || inFlight.current) {
      event.preventDefault();
      return;
    }
    const parsed = tradeInputSchema.safeParse({ marketId: market.id, side, price, amount });
    if (parsed.success) {
      setClientErrors(null);
      setChecking(false);
      inFlight.current = true;
      // Read into the form data right after this handler (React builds it from the form's fields).
      intentKey.current ??= newClientKey();
      if (keyField.current) keyField.current.value = intentKey.current;
      return;
    }
    event.preventDefault();
    setClientErrors(tradeFieldErrors(parsed.error));
  }

  // After a refused submit the focus goes to the first invalid field (its error is its description).
  useEffect(() => {
    if (clientErrors) focusFirstInvalid(formRef.current, clientErrors);
  }, [clientErrors]);
  useEffect(() => {
    if (state.status === "error" && state.errors) focusFirstInvalid(formRef.current, state.errors);
  }, [state]);

  const errors = clientErrors ?? (state.status === "error" ? (state.errors ?? {}) : {});
  const formError = clientErrors
    ? "Check the highlighted fields."
    : state.status === "error"
      ? (state.errors?.marketId?.join(" ") ?? state.message)
      : undefined;
  // Checking only ever happens inside a pending submission; the flag is reset by the next submit.
  const isChecking = pending && checking;
  const base = market.baseUnit.toUpperCase();
  const quote = market.quoteUnit.toUpperCase();

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        Place a trade
      </h2>
      <form ref={formRef} className="trade-form" action={formAction} onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
        <input type="hidden" name="marketId" value={market.id} />
        <input type="hidden" name="socketId" value={socketId ?? ""} />
        {/* Uncontrolled: handleSubmit writes the submission's key just before the form data is read. */}
        <input ref={keyField} type="hidden" name="clientKey" defaultValue="" />

        <fieldset className="side-toggle" role="radiogroup" aria-labelledby={`${id}-side`}>
          <legend id={`${id}-side`} className="field-label">
            Side
          </legend>
          {(["buy", "sell"] as const).map((option) => (
            <label key={option} className={`side-option side-${option}${side === option ? " is-checked" : ""}`}>
              <input
                type="radio"
                name="side"
                value={option}
                checked={side === option}
                onChange={() => setSide(option)}
              />
              <span>{option === "buy" ? "Buy" : "Sell"}</span>
            </label>
          ))}
        </fieldset>
        {errors.side ? <p className="field-error">{errors.side.join(" ")}</p> : null}

        <div className={styles.priceField}>
          <Field
            {...DECIMAL_INPUT}
            id={`${id}-price`}
            name="price"
            label="Price"
            unit={quote}
            value={price}
            errors={errors.price}
            onChange={(event) => setPrice(event.target.value)}
          />
          {lastPrice !== null ? (
            <button type="button" className={styles.useLastPrice} onClick={() => setPrice(lastPrice)}>
              Use last price {formatPrice(lastPrice)}
            </button>
          ) : null}
        </div>
        <Field
          {...DECIMAL_INPUT}
          id={`${id}-amount`}
          name="amount"
          label="Amount"
          unit={base}
          value={amount}
          placeholder="0.0000"
          errors={errors.amount}
          onChange={(event) => setAmount(event.target.value)}
        />

        {/* aria-disabled, not disabled: a disabled button would drop the focus to <body> while pending. */}
        <button
          type="submit"
          className={`submit submit-${side}${pending ? ` ${styles.pending}` : ""}`}
          aria-disabled={pending}
          aria-busy={pending}
        >
          {pending ? (isChecking ? "Checking…" : "Recording…") : `${side === "buy" ? "Buy" : "Sell"} ${base}`}
        </button>

        <div className="form-feedback" aria-live="polite" data-testid="trade-feedback">
          {isChecking ? (
            <p role="status" className={styles.checking}>
              {CHECKING_MESSAGE}
            </p>
          ) : formError ? (
            <p role="alert" className="form-error" data-delivery={clientErrors ? undefined : state.delivery}>
              {formError}
            </p>
          ) : state.status === "success" && state.message && !pending ? (
            <p role="status" className="form-success" data-delivery={state.delivery}>
              {state.message}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
