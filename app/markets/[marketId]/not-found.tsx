// Shown for an unknown market id (the page calls notFound()).
import Link from "next/link";

/** 404 for /markets/<unknown>. */
export default function MarketNotFound() {
  return (
    <section className="panel notice">
      <h1>Market not found</h1>
      <p>There is no market with that name.</p>
      <p>
        <Link href="/">Go to the first market</Link>
      </p>
    </section>
  );
}
