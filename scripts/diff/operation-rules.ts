/**
 * The rules kept for what api-smart-diff misses or classes otherwise inside an operation: type
 * changes by widening or narrowing, a property added together with its `required` entry, and
 * parameters renamed or moved to another location (the library: one removed, one added).
 */
import { canonical, type JsonObject } from "./json.js";
import type { Change, ChangeFields, ChangeKind } from "./model.js";
import type { Operation } from "./index.js";
import { classify } from "./rules.js";

export type Pair = readonly [Operation, Operation];
/** A change found, with api-smart-diff's class of it (none for the project's own rules). */
export type Found = [ChangeKind, ChangeFields, string?];

const typesOf = (type: unknown): ReadonlySet<string> =>
  new Set(typeof type === "string" || Array.isArray(type) ? [type].flat().map(String) : ["any"]);

export const typeText = (type: unknown) => [...typesOf(type)].join(" | ");

export const label = (parameter: JsonObject) =>
  `${String(parameter.in)} parameter \`${String(parameter.name)}\``;

export const baseOf = (op: Operation) => ({
  operationId: op.key,
  method: op.method,
  path: op.path,
});

/** Rule kept by the project: the library calls most type replacements non-breaking. */
export function compareTypes(before: unknown, after: unknown) {
  const [oldTypes, newTypes] = [typesOf(before), typesOf(after)];
  const covers = (wide: ReadonlySet<string>, narrow: ReadonlySet<string>) =>
    wide.has("any") ||
    [...narrow].every((t) => wide.has(t) || (t === "integer" && wide.has("number")));
  if (oldTypes.size === newTypes.size && [...oldTypes].every((t) => newTypes.has(t))) return "same";
  if (covers(newTypes, oldTypes)) return "widened";
  if (covers(oldTypes, newTypes)) return "narrowed";
  return "changed";
}

/**
 * Rule: an added (removed) property and its `required` entry come as two differences: one change,
 * `property-added-required` (a removal alone).
 */
export function mergeRequired(found: readonly Found[]): Change[] {
  const key = (f: ChangeFields) => `${f.operationId}\u0000${f.subject}`;
  const keysOf = (event: string) =>
    new Set(found.filter(([k]) => k.endsWith(event)).map(([, f]) => key(f)));
  const [added, removed] = [keysOf("property-added-optional"), keysOf("property-removed")];
  const required = keysOf("property-now-required");
  return found.flatMap(([kind, fields, type]) => {
    if (kind.endsWith("property-now-required") && added.has(key(fields))) return [];
    if (kind.endsWith("property-now-optional") && removed.has(key(fields))) return [];
    if (kind.endsWith("property-added-optional") && required.has(key(fields))) {
      return [classify(kind.replace("optional", "required") as ChangeKind, fields, type)];
    }
    return [classify(kind, fields, type)];
  });
}

/**
 * Rule: a removed and an added parameter of one operation: same name elsewhere → moved; same
 * location and schema under another name → renamed (the library sees a removal and an addition).
 */
export function pairRenames(
  changes: Change[],
  before: unknown,
  after: unknown,
  pairs: readonly Pair[],
) {
  const out = [...changes];
  for (const [oldOp, newOp] of pairs) {
    const ofOperation = (kind: string) =>
      out.filter((c) => c.operationId === newOp.key && c.kind.startsWith(kind));
    const newParamOf = (c: Change) => newOp.parameters.find((p) => label(p) === c.subject);
    const schema = (doc: unknown, param: JsonObject) => canonical(doc, param.schema ?? null);
    for (const gone of ofOperation("parameter.removed")) {
      const oldParam = oldOp.parameters.find((p) => label(p) === gone.subject);
      if (oldParam === undefined) continue;
      const added = ofOperation("parameter.added");
      const moved = added.find((c) => newParamOf(c)?.name === oldParam.name);
      const renamed = added.find((c) => {
        const p = newParamOf(c);
        return (
          p !== undefined && p.in === oldParam.in && schema(after, p) === schema(before, oldParam)
        );
      });
      const match = moved ?? renamed;
      const newParam = match && newParamOf(match);
      if (!match || !newParam) continue;
      out.splice(out.indexOf(gone), 1);
      out.splice(out.indexOf(match), 1);
      const base = baseOf(newOp);
      const [subject, from, to] = moved
        ? [label(newParam), oldParam.in, newParam.in]
        : [`${String(newParam.in)} parameter`, oldParam.name, newParam.name];
      const kind = moved ? "parameter.location-changed" : "parameter.renamed";
      out.push(classify(kind, { ...base, subject, from: String(from), to: String(to) }));
      if (oldParam.required !== newParam.required) {
        const now = newParam.required === true ? "now-required" : "now-optional";
        out.push(classify(`parameter.${now}`, { ...base, subject: label(newParam) }));
      }
    }
  }
  return out;
}
