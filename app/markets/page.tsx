// /markets has no page of its own: send visitors to the first market.
export { default } from "@/app/page";
