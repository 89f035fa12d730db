/**
 * Makes a removal discoverable: after an update that removes facade methods, CHANGELOG.md gets a
 * section naming each one (a consumer's tsc only says "Property 'x' does not exist").
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { UpdateReview } from "./run-update.js";

export const CHANGELOG = "CHANGELOG.md";

/** The section, or undefined when no facade method is removed. */
export function removalSection(review: UpdateReview): string | undefined {
  const removed = review.facade?.removed ?? [];
  if (removed.length === 0) return undefined;
  const name = (id: string) => review.facade?.facade?.[id] ?? id;
  const lines = [
    `## Description ${review.candidate.version} (from ${review.pinned.version}, openapi:update)`,
    "",
    "### Removed",
    "",
    ...removed.map((id) => {
      const users = (review.uses ?? []).filter((u) => u.operations.includes(id));
      const via = users.length > 0 ? `; used by ${users.map((u) => u.name).join(", ")}` : "";
      return `- \`altegio.${name(id)}\` (operation \`${id}\`): the vendor removed the operation${via}. Call \`altegio.request("${id}", …)\` no longer works either; find a replacement in the description. Callers: \`grep -rnE '\\.${name(id).replace(".", "\\.")}\\b|${id}' --include='*.ts' .\`.`;
    }),
    "",
  ];
  return lines.join("\n");
}

/** Inserts the section before the first `## ` heading of CHANGELOG.md (created if missing). */
export async function writeChangelog(
  root: string,
  review: UpdateReview,
): Promise<string | undefined> {
  const section = removalSection(review);
  if (section === undefined) return undefined;
  const file = join(root, CHANGELOG);
  const text = existsSync(file) ? await readFile(file, "utf8") : "# Changelog\n\n";
  const at = text.search(/^## /m);
  const next =
    at < 0
      ? `${text.trimEnd()}\n\n${section}`
      : `${text.slice(0, at)}${section}\n${text.slice(at)}`;
  await writeFile(file, next);
  return CHANGELOG;
}
