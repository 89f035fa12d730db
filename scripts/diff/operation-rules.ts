/**
 * The rules kept for what api-smart-diff misses or classes otherwise inside an operation: type
 * changes by widening or narrowing, a content type swapped for another, a property added together
 * with its `required` entry, and parameters renamed or moved to another location (the library:
 * one removed, one added).
 */
import { canonical, isObject, objectAt, type JsonObject } from "./json.js";
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

/** Subject (`request body`, `response 200`) → `old → new` content type. */
export type Swaps = ReadonlyMap<string, string>;

/**
 * Rule: a body or response whose one content type was swapped for another (the library: one
 * removed, one added) still has its two schemas compared, under the new content type: the old
 * parts (`old`) come back with the old type renamed, and the swap is reported as two changes.
 */
export function swapContentTypes(old: JsonObject, next: JsonObject, newOp: Operation) {
  const [found, swaps]: [Found[], Map<string, string>] = [[], new Map()];
  const swapped = (subject: string, oldNode: unknown, newNode: unknown) => {
    const [oldTypes, newTypes] = [oldNode, newNode].map((n) => Object.keys(objectAt(n, "content")));
    const gone = oldTypes?.filter((t) => !newTypes?.includes(t)) ?? [];
    const came = newTypes?.filter((t) => !oldTypes?.includes(t)) ?? [];
    if (!isObject(oldNode) || gone.length !== 1 || came.length !== 1) return oldNode;
    const [from = "", to = ""] = [gone[0], came[0]];
    swaps.set(subject, `${from} \u2192 ${to}`);
    const area = subject.startsWith("request") ? "request-body" : "response";
    found.push([`${area}.content-type-removed`, { ...baseOf(newOp), subject, from }]);
    found.push([`${area}.content-type-added`, { ...baseOf(newOp), subject, to }]);
    const content = Object.entries(objectAt(oldNode, "content"));
    return {
      ...oldNode,
      content: Object.fromEntries(content.map(([t, v]) => [t === from ? to : t, v])),
    };
  };
  const requestBody = swapped("request body", old.requestBody, next.requestBody);
  const responses = Object.entries(objectAt(old, "responses")).map(([status, response]) => {
    const nextResponse = objectAt(next, "responses")[status];
    return [status, swapped(`response ${status}`, response, nextResponse)];
  });
  return { old: { ...old, requestBody, responses: Object.fromEntries(responses) }, swaps, found };
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
