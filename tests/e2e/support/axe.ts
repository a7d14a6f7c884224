// axe-core (installed with eslint-config-next's jsx-a11y) run in a page against WCAG 2 A/AA: the rule ids
// and targets of whatever it finds, for a spec to expect none.
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The WCAG 2 / 2.1 A and AA violations axe finds on `page` as it is now, as "rule: target" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
  });
}
