"use client";
// The trade form: side toggle, price and amount, validated with the shared schema here and again by
// the server action. On success the page applies its own trade at once (the publish skips this socket).
import { useActionState, useId, useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";
import { recordTradeAction } from "@/app/markets/[marketId]/record-trade-action";
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
import { useMarketLive } from "./market-live-provider";

/** The text-input props both decimal fields share. */
const DECIMAL_INPUT = { type: "text", inputMode: "decimal", autoComplete: "off", spellCheck: false, maxLength: 40 } as const;

/** The trade form of `market`. */
export function TradeForm({ market }: { market: MarketSummary }) {
  const id = useId();
  const { applyTrade, lastPrice } = useMarketLive();
  const { socketId } = usePusherConnection();
  const [side, setSide] = useState<TradeSide>("buy");
  const [price, setPrice] = useState("");
  const [amount, setAmount] = useState("");
  const [clientErrors, setClientErrors] = useState<TradeFieldErrors | null>(null);

  const [state, formAction, pending] = useActionState(async (previous: TradeFormState, formData: FormData) => {
    const next = await recordTradeAction(previous, formData);
    if (next.status === "success" && next.trade) applyTrade(next.trade);
    return next;
  }, initialTradeFormState);

  // Checked here first for instant feedback; the action checks again (the server decides).
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    const parsed = tradeInputSchema.safeParse({ marketId: market.id, side, price, amount });
    if (parsed.success) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    setClientErrors(tradeFieldErrors(parsed.error));
  }

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
      <form className="trade-form" action={formAction} onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
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

        <Field
          {...DECIMAL_INPUT}
          id={`${id}-price`}
          name="price"
          label="Price"
          unit={quote}
          value={price}
          placeholder={lastPrice ?? "0.00"}
          errors={errors.price}
          onChange={(event) => setPrice(event.target.value)}
        />
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

        <button type="submit" className={`submit submit-${side}`} disabled={pending} aria-busy={pending}>
          {pending ? "Recording…" : `${side === "buy" ? "Buy" : "Sell"} ${base}`}
        </button>

        <div className="form-feedback" aria-live="polite">
          {formError ? (
            <p role="alert" className="form-error">
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
