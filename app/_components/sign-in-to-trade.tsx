// Stands in for the order form when nobody is signed in: trading needs an account.
import Link from "next/link";

/** The sign-in prompt panel, returning to `returnTo` afterwards. */
export function SignInToTrade({ returnTo }: { returnTo: string }) {
  const query = `?callbackUrl=${encodeURIComponent(returnTo)}`;
  return (
    <section className="panel form-panel sign-in-to-trade" aria-labelledby="sign-in-to-trade-title" data-testid="sign-in-to-trade">
      <h2 id="sign-in-to-trade-title" className="panel-title">
        Place an order
      </h2>
      <p>
        <Link href={`/sign-in${query}`}>Sign in</Link> or <Link href={`/sign-up${query}`}>create an account</Link> to trade.
      </p>
    </section>
  );
}
