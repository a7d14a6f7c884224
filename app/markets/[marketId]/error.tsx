"use client";
// Shown when the market page fails to render (e.g. the database is unavailable): no raw errors, and a
// "Try again" that re-renders the page from the server (router.refresh + reset) once the server answers.
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { serverAnswers } from "@/lib/exchange/order-call-failure";

/** Error boundary of the market page, with a retry that re-fetches the segment from the server. */
export default function MarketError({ error, reset }: { error: unknown; reset: () => void }) {
  const router = useRouter();
  const { marketId } = useParams<{ marketId: string }>();
  const [retrying, startTransition] = useTransition();
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    console.error(error);
  }, [error]);

  function tryAgain() {
    if (retrying) return;
    startTransition(async () => {
      // A refresh while the server is down would leave the app for the browser's own error page.
      const answers = await serverAnswers(`/api/markets/${encodeURIComponent(marketId)}`);
      startTransition(() => {
        setUnreachable(!answers);
        if (!answers) return;
        router.refresh();
        reset();
      });
    });
  }

  return (
    <section className="panel notice" role="alert">
      <h1>The market could not be loaded</h1>
      <p>Something went wrong on our side. Please try again.</p>
      {unreachable && !retrying ? <p>The server is not answering yet. Try again in a moment.</p> : null}
      <button type="button" className="button" onClick={tryAgain} aria-disabled={retrying} aria-busy={retrying}>
        {retrying ? "Trying again…" : "Try again"}
      </button>
    </section>
  );
}
