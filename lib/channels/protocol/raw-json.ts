// Raw member text of a JSON object, found by scanning (no recursion, no re-serializing): client events relay it as sent.

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * The exact source text of the value of `key` in a JSON object text that JSON.parse already accepted,
 * or undefined when the object has no such member. Like JSON.parse, the last duplicate wins.
 * Iterative, so nesting depth costs nothing: JSON.stringify would overflow the stack on deep input.
 */
export function rawMemberText(json: string, key: string): string | undefined {
  let i = skipWhitespace(json, 0);
  if (json[i] !== "{") return undefined;
  i += 1;
  let found: string | undefined;
  for (;;) {
    i = skipWhitespace(json, i);
    if (json[i] !== '"') return found;
    const keyEnd = skipString(json, i);
    const name = json.slice(i, keyEnd);
    i = skipWhitespace(json, keyEnd) + 1; // past ':'
    i = skipWhitespace(json, i);
    const valueEnd = skipValue(json, i);
    if (keyMatches(name, key)) found = json.slice(i, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json[i] !== ",") return found;
    i += 1;
  }
}

function keyMatches(quoted: string, key: string): boolean {
  if (!quoted.includes("\\")) return quoted.length === key.length + 2 && quoted.slice(1, -1) === key;
  return (JSON.parse(quoted) as string) === key;
}

function skipWhitespace(json: string, i: number): number {
  while (i < json.length && WHITESPACE.has(json[i] as string)) i += 1;
  return i;
}

/** Index just past the string starting at `i` (a `"`). */
function skipString(json: string, i: number): number {
  let j = i + 1;
  while (j < json.length) {
    const c = json[j];
    if (c === "\\") j += 2;
    else if (c === '"') return j + 1;
    else j += 1;
  }
  return j;
}

/** Index just past the value starting at `i`. */
function skipValue(json: string, i: number): number {
  const first = json[i];
  if (first === '"') return skipString(json, i);
  if (first !== "{" && first !== "[") {
    let j = i;
    while (j < json.length && !",}] \t\n\r".includes(json[j] as string)) j += 1;
    return j;
  }
  let depth = 0;
  let j = i;
  while (j < json.length) {
    const c = json[j];
    if (c === '"') {
      j = skipString(json, j);
      continue;
    }
    if (c === "{" || c === "[") depth += 1;
    else if (c === "}" || c === "]") {
      depth -= 1;
      if (depth === 0) return j + 1;
    }
    j += 1;
  }
  return j;
}
