"use client";
// Shown when the market page fails to render (e.g. the database is unavailable): no raw errors.
import { useEffect } from "react";

/** Error boundary of the market page, with a retry that re-fetches the segment. */
export default function MarketError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="panel notice" role="alert">
      <h1>The market could not be loaded</h1>
      <p>Something went wrong on our side. Please try again.</p>
      <button type="button" className="button" onClick={() => retry()}>
        Try again
      </button>
    </section>
  );
}
