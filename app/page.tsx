// The home page is the first market, as on peatio.
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { getMarketSummaries } from "@/lib/market/get-market-summaries";

/** Redirects to the first market (404 when no market exists yet: run `npm run seed`). */
export default async function HomePage() {
  await connection();
  const [first] = await getMarketSummaries();
  if (!first) notFound();
  redirect(`/markets/${first.id}`);
}
