/**
 * The diff report as readable text: a summary with counts, notes, then one group per kind of
 * change, breaking groups first, each with the rule's reason. Changes that repeat across many
 * operations (same subject, same from → to) are folded into one line.
 */
import type { Change, ChangeKind, DiffReport } from "./model.js";
import { kindOrder, rules } from "./rules.js";

export interface TextOptions {
  /** Lines listed per group before "… N more"; `Infinity` lists everything. Default 10. */
  readonly maxPerGroup?: number;
  /** Operation ids listed on a folded line before "+N more". Default 5. */
  readonly maxIdsPerLine?: number;
}

export function renderText(report: DiffReport, options: TextOptions = {}): string {
  const maxPerGroup = options.maxPerGroup ?? 10;
  const maxIds = options.maxIdsPerLine ?? 5;
  const { counts, from, to } = report;
  const lines: string[] = [
    `OpenAPI description diff: ${from.title} ${from.version} → ${to.title === from.title ? "" : `${to.title} `}${to.version}`,
    `  operations: ${from.operations} → ${to.operations} · ${counts.operationsAdded} added · ` +
      `${counts.operationsRemoved} removed · ${counts.operationsChanged} changed · ` +
      `${counts.operationsUnchanged} unchanged`,
    `  changes: ${counts.breaking} breaking (${counts.facadeBreaking} of them for facade users) · ` +
      `${counts.nonBreaking} non-breaking`,
  ];
  if (report.notes.length > 0) {
    lines.push("", "Notes");
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  const groups = groupByKind(report.changes);
  for (const [heading, breaking] of [
    ["BREAKING", true],
    ["NON-BREAKING", false],
  ] as const) {
    const kinds = kindOrder.filter((k) => groups.has(k) && rules[k].breaking === breaking);
    if (kinds.length === 0) continue;
    lines.push("", heading);
    for (const kind of kinds) {
      lines.push(...renderGroup(kind, groups.get(kind)!, maxPerGroup, maxIds));
    }
  }
  if (report.changes.length === 0) lines.push("", "No differences.");
  return lines.join("\n") + "\n";
}

function renderGroup(
  kind: ChangeKind,
  changes: readonly Change[],
  max: number,
  maxIds: number,
): string[] {
  const rule = rules[kind];
  const mark = rule.breaking ? "✗" : "✓";
  const audience =
    rule.breaking && !rule.facadeBreaking
      ? " [facade unaffected]"
      : !rule.breaking && rule.facadeBreaking
        ? " [breaking for facade users]"
        : "";
  const lines = [`  ${mark} ${rule.title} (${changes.length})${audience}: ${rule.why}`];
  const rows = fold(changes, maxIds);
  for (const row of rows.slice(0, max)) lines.push(`      ${row}`);
  if (rows.length > max) lines.push(`      … ${rows.length - max} more (--full lists all)`);
  return lines;
}

/** Changes with the same subject, values and detail on several operations become one row. */
function fold(changes: readonly Change[], maxIds: number): string[] {
  const bySignature = new Map<string, Change[]>();
  for (const c of changes) {
    const signature =
      c.operationId === undefined || c.subject === "operation" || c.subject === "path"
        ? `${c.operationId ?? ""}\u0000${c.subject}\u0000${c.from ?? ""}\u0000${c.to ?? ""}`
        : `\u0000${c.subject}\u0000${c.from ?? ""}\u0000${c.to ?? ""}\u0000${c.detail ?? ""}`;
    const bucket = bySignature.get(signature) ?? [];
    bucket.push(c);
    bySignature.set(signature, bucket);
  }
  const rows: { size: number; text: string }[] = [];
  for (const bucket of bySignature.values()) {
    const [first] = bucket;
    if (first === undefined) continue;
    if (bucket.length === 1) {
      rows.push({ size: 1, text: row(first) });
      continue;
    }
    const ids = bucket.map((c) => c.facade ?? c.operationId ?? "").sort();
    const listed = ids.slice(0, maxIds).join(", ");
    const more = ids.length > maxIds ? `, +${ids.length - maxIds} more` : "";
    rows.push({
      size: bucket.length,
      text: `${values(first)} on ${bucket.length} operations: ${listed}${more}`,
    });
  }
  // Folded rows (the widest impact) first; the rest keep the report's stable order.
  return rows
    .map((r, index) => ({ ...r, index }))
    .sort((a, b) => b.size - a.size || a.index - b.index)
    .map((r) => r.text);
}

function row(c: Change): string {
  if (c.operationId === undefined) return values(c);
  const who = c.facade ? `${c.facade} (${c.operationId})` : c.operationId;
  if (c.subject === "operation") {
    return `${who}  ${c.method?.toUpperCase() ?? ""} ${c.path ?? ""}${
      c.detail ? ` (${c.detail})` : ""
    }`;
  }
  const route = c.subject === "path" ? `${c.method?.toUpperCase() ?? ""} ` : "";
  return `${who}  ${route}${values(c)}`;
}

function values(c: Change): string {
  const subject = c.subject === "path" ? "" : `${c.subject}: `;
  const fromTo =
    c.from !== undefined && c.to !== undefined
      ? `${c.from} → ${c.to}`
      : c.from !== undefined
        ? `was ${c.from}`
        : c.to !== undefined
          ? c.to
          : "";
  const text = `${subject}${fromTo}`.replace(/: $/, "");
  return c.detail ? `${text} (${c.detail})` : text;
}

function groupByKind(changes: readonly Change[]): Map<ChangeKind, Change[]> {
  const groups = new Map<ChangeKind, Change[]>();
  for (const c of changes) {
    const group = groups.get(c.kind) ?? [];
    group.push(c);
    groups.set(c.kind, group);
  }
  return groups;
}
