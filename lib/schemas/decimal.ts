// Positive decimal strings checked as text, never as floats, so the form and the server agree
// digit for digit. Safe in the browser (no decimal.js).
import { z } from "zod";

const PLAIN_DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const NEGATIVE_DECIMAL = /^-(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Limits of one decimal field. `max` is a plain decimal string; the label starts each message. */
export interface DecimalLimits {
  label: string;
  max: string;
  maxDecimals: number;
  /** SQLite keeps DECIMAL columns as doubles: 15 significant digits are the most that round-trip. */
  maxSignificantDigits: number;
}

/** Canonical text of a plain positive decimal: no leading/trailing zeros ("007.50" -> "7.5", ".5" -> "0.5"). */
export function canonicalDecimal(text: string): string {
  const [integerPart = "", fractionPart = ""] = text.split(".");
  const integer = integerPart.replace(/^0+/, "") || "0";
  const fraction = fractionPart.replace(/0+$/, "");
  return fraction === "" ? integer : `${integer}.${fraction}`;
}

/** Compares two canonical non-negative decimals as text: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [aInteger = "0", aFraction = ""] = a.split(".");
  const [bInteger = "0", bFraction = ""] = b.split(".");
  if (aInteger.length !== bInteger.length) return aInteger.length < bInteger.length ? -1 : 1;
  if (aInteger !== bInteger) return aInteger < bInteger ? -1 : 1;
  const width = Math.max(aFraction.length, bFraction.length);
  const aPadded = aFraction.padEnd(width, "0");
  const bPadded = bFraction.padEnd(width, "0");
  if (aPadded === bPadded) return 0;
  return aPadded < bPadded ? -1 : 1;
}

/** Significant digits of a canonical decimal ("0.00012" -> 2, "43250.12" -> 7). */
export function significantDigits(canonical: string): number {
  return canonical.replace(".", "").replace(/^0+/, "").length;
}

/** Groups an integer string in threes ("10000000" -> "10,000,000"). */
function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The first problem with `text` as a value of the field, or null when it is acceptable. */
export function decimalProblem(text: string, limits: DecimalLimits): string | null {
  const { label } = limits;
  if (text === "") return `${label} is required`;
  if (NEGATIVE_DECIMAL.test(text)) return `${label} must be greater than zero`;
  if (!PLAIN_DECIMAL.test(text)) return `${label} must be a plain number such as 1234.5 (no commas, signs or exponents)`;
  const canonical = canonicalDecimal(text);
  const decimals = canonical.split(".")[1]?.length ?? 0;
  if (decimals > limits.maxDecimals) return `${label} can have at most ${limits.maxDecimals} decimal places`;
  if (canonical === "0") return `${label} must be greater than zero`;
  if (compareDecimals(canonical, canonicalDecimal(limits.max)) > 0) {
    return `${label} must be at most ${groupThousands(canonicalDecimal(limits.max))}`;
  }
  if (significantDigits(canonical) > limits.maxSignificantDigits) {
    return `${label} can have at most ${limits.maxSignificantDigits} significant digits`;
  }
  return null;
}

/** A zod schema for a positive decimal string within `limits`; outputs the canonical text. */
export function positiveDecimalSchema(limits: DecimalLimits) {
  return z
    .string({ error: `${limits.label} is required` })
    .trim()
    .superRefine((text, ctx) => {
      const problem = decimalProblem(text, limits);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(canonicalDecimal);
}
