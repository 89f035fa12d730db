/**
 * The diff report as JSON for tools: the report itself plus the rules of the kinds it contains,
 * so a consumer can show why each change is classed as it is.
 */
import type { ChangeKind, DiffReport, Rule } from "./model.js";
import { kindOrder, rules } from "./rules.js";

export interface JsonReport extends DiffReport {
  readonly rules: Readonly<Partial<Record<ChangeKind, Rule>>>;
}

export function toJsonReport(report: DiffReport): JsonReport {
  const present = new Set(report.changes.map((c) => c.kind));
  const used = kindOrder.filter((kind) => present.has(kind)).map((kind) => [kind, rules[kind]]);
  return { ...report, rules: Object.fromEntries(used) };
}

export function renderJson(report: DiffReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
