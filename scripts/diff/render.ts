/**
 * The report as text and as JSON: the description diff (one section per class with its reason,
 * breaking first; in it one group per kind of change; changes repeated across operations folded
 * into one line) and the facade impact.
 */
import type { FacadeImpact } from "./facade-impact.js";
import type { Change, DiffReport } from "./model.js";
import { CLASSES, classOf, type ChangeClass } from "./rules.js";

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
  // The changes come sorted by class, then kind: one section per class, one group per kind.
  const groups = [...groupBy(report.changes, (c) => `${classOf(c)} ${c.kind}`).values()];
  for (const cls of Object.keys(CLASSES) as ChangeClass[]) {
    const chosen = groups.filter(([first]) => first !== undefined && classOf(first) === cls);
    if (chosen.length > 0) lines.push("", `${SECTIONS[cls]}: ${CLASSES[cls]}`);
    for (const group of chosen) lines.push(...renderGroup(group, maxPerGroup, maxIds));
  }
  if (report.changes.length === 0) lines.push("", "No differences.");
  return lines.join("\n") + "\n";
}

const SECTIONS = {
  breaking: "BREAKING",
  raw: "BREAKING FOR RAW PATHS ONLY (facade unaffected)",
  "non-breaking": "NON-BREAKING",
};

/** `✗ Parameter: removed (2) [api-smart-diff]`, then the changes. */
function renderGroup(changes: readonly Change[], max: number, maxIds: number): string[] {
  const [first] = changes;
  if (first === undefined) return [];
  const title = first.kind.replace(".", ": ").replaceAll("-", " ");
  const by = changes.every((c) => c.classifiedBy === first.classifiedBy)
    ? ` [${first.classifiedBy === "rule" ? "project rule" : "api-smart-diff"}]`
    : "";
  const heading = `  ${mark(first.breaking)} ${title[0]?.toUpperCase()}${title.slice(1)} (${changes.length})${by}`;
  return [heading, ...capped(fold(changes, maxIds), max, " (--full lists all)")];
}

/** Changes with the same subject, values and detail on several operations become one row. */
function fold(changes: readonly Change[], maxIds: number): string[] {
  const bySignature = groupBy(changes, (c) =>
    c.operationId === undefined || c.subject === "operation" || c.subject === "path"
      ? `${c.operationId ?? ""}\u0000${c.subject}\u0000${c.from ?? ""}\u0000${c.to ?? ""}`
      : `\u0000${c.subject}\u0000${c.from ?? ""}\u0000${c.to ?? ""}\u0000${c.detail ?? ""}`,
  );
  const rows = [...bySignature.values()].map(([first, ...rest]) => {
    if (first === undefined || rest.length === 0) return { size: 1, text: first ? row(first) : "" };
    const ids = [first, ...rest].map((c) => c.facade ?? c.operationId ?? "").sort();
    const listed = ids.slice(0, maxIds).join(", ");
    const more = ids.length > maxIds ? `, +${ids.length - maxIds} more` : "";
    return {
      size: ids.length,
      text: `${values(first)} on ${ids.length} operations: ${listed}${more}`,
    };
  });
  // Folded rows (the widest impact) first; the sort is stable, so the rest keep the report's order.
  return rows.sort((a, b) => b.size - a.size).map((r) => r.text);
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
    c.from === undefined
      ? (c.to ?? "")
      : c.to === undefined
        ? `was ${c.from}`
        : `${c.from} → ${c.to}`;
  const text = `${subject}${fromTo}`.replace(/: $/, "");
  return c.detail ? `${text} (${c.detail})` : text;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item)) ?? [];
    groups.set(keyOf(item), group);
    group.push(item);
  }
  return groups;
}

/** The report with what each class means; each change says its class and who classed it. */
export function toJsonReport(report: DiffReport) {
  const withClass = (changes: readonly Change[]) =>
    changes.map((c) => ({ ...c, class: classOf(c) }));
  const changed = report.changed.map((op) => ({ ...op, changes: withClass(op.changes) }));
  const [document, changes] = [withClass(report.document), withClass(report.changes)];
  return { ...report, document, changed, changes, classes: CLASSES };
}

export function renderJson(report: DiffReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

export const mark = (breaking: boolean) => (breaking ? "✗" : "✓");

/** `lines` indented, at most `max` of them, then "… N more". */
const capped = (lines: readonly string[], max: number, more = "") =>
  [
    ...lines.slice(0, max),
    ...(lines.length > max ? [`… ${lines.length - max} more${more}`] : []),
  ].map((l) => `      ${l}`);

export function renderFacadeImpact(impact: FacadeImpact, maxLines = 10): string {
  const name = (id: string) => (impact.facade?.[id] ? `${impact.facade[id]} (${id})` : id);
  const levels = Object.entries(impact.authLevels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([level, count]) => `${level} ${count}`);
  const { added, removed, authChanged: auth, shapeChanges: shapes } = impact;
  return (
    [
      "Facade (SDK methods keyed by operationId, from the corrected descriptions)",
      `  methods: ${impact.methodsBefore} → ${impact.methodsAfter}`,
      ...(added.length > 0 ? [`  ✓ added (${added.length}): ${added.map(name).join(", ")}`] : []),
      ...(removed.length > 0
        ? [`  ✗ removed (${removed.length}): ${removed.map(name).join(", ")}`]
        : []),
      // A codemod hint: where a consumer's code calls a removed method (tsc only says it does not exist).
      ...removed.map(
        (id) =>
          `      find callers: grep -rnE '\\.${(impact.facade?.[id] ?? id).replace(".", "\\.")}\\b|${id}' --include='*.ts' .`,
      ),
      ...(auth.length === 0
        ? [
            `  ✓ auth level unchanged for all ${impact.methodsAfter - added.length} methods present in both (${levels.join(", ")})`,
          ]
        : [
            `  ✗ auth level changed (${auth.length}):`,
            ...capped(
              auth.map((c) => `${name(c.operationId)}: ${c.from} → ${c.to}`),
              maxLines,
            ),
          ]),
      ...(impact.rerouted > 0
        ? [`  ✓ ${impact.rerouted} methods call a new route (taken from the regenerated registry)`]
        : []),
      ...(shapes.length > 0
        ? [
            `  call shape changed (${shapes.length}):`,
            ...capped(
              shapes.map((c) => `${mark(c.breaking)} ${name(c.operationId)}: ${c.what}`),
              maxLines,
            ),
          ]
        : []),
    ].join("\n") + "\n"
  );
}
