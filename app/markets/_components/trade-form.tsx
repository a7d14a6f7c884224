"use client";
// The trade form: side toggle, price and amount, validated with the shared schema here and again by
// the server action. On success the page applies its own trade at once (the publish skips this socket)
// and registers its id, so the private alerts do not announce it a second time.
// A failed action call (server down, connection lost) is answered here, never by the error boundary:
// the typed values and the rest of the page stay, and the message says whether the trade was recorded.
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
import { serverAnswers, tradeCallFailureState } from "@/lib/trades/trade-call-failure";
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

  const [state, formAction, pending] = useActionState(async (previous: TradeFormState, formData: FormData) => {
    // Until it settles, a private confirmation may be this submission's: the alerts hold it till then.
    ownTrades.submissionStarted();
    let recordedId: number | null = null;
    try {
      const next = await recordTradeAction(previous, formData);
      if (next.status === "success" && next.trade) {
        applyTrade(next.trade);
        recordedId = next.trade.id;
      }
      return next;
    } catch (error) {
      // A rejected action would reach the error boundary and replace the page: answer it here instead.
      unstable_rethrow(error);
      return tradeCallFailureState(error, await serverAnswers(`/api/markets/${encodeURIComponent(market.id)}`));
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
      inFlight.current = true;
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
          {pending ? "Recording…" : `${side === "buy" ? "Buy" : "Sell"} ${base}`}
        </button>

        <div className="form-feedback" aria-live="polite">
          {formError ? (
            <p role="alert" className="form-error" data-delivery={clientErrors ? undefined : state.delivery}>
              {formError}
            </p>
          ) : state.status === "success" && state.message && !pending ? (
            <p role="status" className="form-success">
              {state.message}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
