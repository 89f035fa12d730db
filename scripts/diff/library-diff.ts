/**
 * Parameters, request bodies and responses of the operations present in both revisions, compared
 * by api-smart-diff (it classes each difference with request/response variance). The library
 * matches operations by path; to match them by operationId, each revision is re-keyed first
 * (`/<operationId>` → `post`), so a moved path or method never shows here (index.ts reports
 * those). Each library difference becomes one Change of the project's vocabulary; where the
 * library's class differs from the project's rule, the rule wins and the change says
 * `classifiedBy: "rule"` (docs/updating.md lists those).
 */
import { apiCompare, type Diff } from "api-smart-diff";
import {
  canonical,
  describe,
  inline,
  isObject,
  objectAt,
  resolve,
  type JsonObject,
} from "./json.js";
import type { Change, ChangeFields as Fields, ChangeKind, SchemaEvent } from "./model.js";
import type { Operation } from "./index.js";
import { classify } from "./rules.js";

type Pair = readonly [Operation, Operation];
/** A change found, with api-smart-diff's class of it (none for the project's own rules). */
type Found = [ChangeKind, Fields, string?];

export function diffOperationBodies(before: unknown, after: unknown, all: readonly Pair[]) {
  const parts = (op: Operation, doc: unknown) =>
    inline(doc, {
      parameters: op.parameters,
      requestBody: op.definition.requestBody,
      responses: op.definition.responses,
    }) as JsonObject;
  const found: Found[] = [];
  const byKey = new Map<string, Pair>();
  /** `/<operationId> <subject>` → `old → new` content type, for a swapped one. */
  const swaps = new Map<string, string>();
  const oldPaths: JsonObject = {};
  const newPaths: JsonObject = {};
  for (const pair of all) {
    const [oldOp, newOp] = pair;
    const [old, next] = [parts(oldOp, before), parts(newOp, after)];
    // Only operations whose inlined parts differ go to the library: it is the slow step.
    if (JSON.stringify(old) === JSON.stringify(next)) continue;
    const where = `/${oldOp.key}`;
    byKey.set(where, pair);
    newPaths[where] = { post: next };
    // A body or response whose one content type was swapped for another: its two schemas are
    // compared under the new key.
    const swapped = (subject: string, oldNode: unknown, newNode: unknown) => {
      const oldTypes = Object.keys(objectAt(oldNode, "content"));
      const newTypes = Object.keys(objectAt(newNode, "content"));
      const gone = oldTypes.filter((t) => !newTypes.includes(t));
      const came = newTypes.filter((t) => !oldTypes.includes(t));
      if (!isObject(oldNode) || gone.length !== 1 || came.length !== 1) return oldNode;
      const [from = "", to = ""] = [gone[0], came[0]];
      swaps.set(`${where} ${subject}`, `${from} \u2192 ${to}`);
      const prefix = subject.startsWith("request") ? "request-body" : "response";
      const base = { ...baseOf(newOp), subject };
      found.push([`${prefix}.content-type-removed`, { ...base, from }]);
      found.push([`${prefix}.content-type-added`, { ...base, to }]);
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
    oldPaths[where] = { post: { ...old, requestBody, responses: Object.fromEntries(responses) } };
  }
  const openapi = isObject(before) ? before.openapi : undefined;
  const { diffs } = apiCompare({ openapi, paths: oldPaths }, { openapi, paths: newPaths });
  for (const raw of diffs) {
    // A key present with no value comes back as a replacement: read it as added or removed.
    const action =
      raw.after === undefined ? "remove" : raw.before === undefined ? "add" : raw.action;
    const diff = { ...raw, action };
    const pair = diff.path[0] === "paths" ? byKey.get(String(diff.path[1])) : undefined;
    if (pair === undefined || diff.type === "annotation") continue;
    const sides = { before, after, oldOp: pair[0], swaps };
    for (const [kind, fields] of mapDiff(diff, diff.path.slice(3).map(String), sides)) {
      found.push([kind, { ...baseOf(pair[1]), ...fields }, diff.type]);
    }
  }
  // An added (removed) property and its `required` entry come as two differences: one change.
  const key = (f: Fields) => `${f.operationId}\u0000${f.subject}`;
  const keysOf = (event: SchemaEvent) =>
    new Set(found.filter(([k]) => k.endsWith(event)).map(([, f]) => key(f)));
  const added = keysOf("property-added-optional");
  const removed = keysOf("property-removed");
  const required = keysOf("property-now-required");
  const out = found.flatMap(([kind, fields, type]) => {
    if (kind.endsWith("property-now-required") && added.has(key(fields))) return [];
    if (kind.endsWith("property-now-optional") && removed.has(key(fields))) return [];
    if (kind.endsWith("property-added-optional") && required.has(key(fields))) {
      return [classify(kind.replace("optional", "required") as ChangeKind, fields, type)];
    }
    return [classify(kind, fields, type)];
  });
  return pairRenames(out, before, after, [...byKey.values()]);
}

const baseOf = (op: Operation) => ({ operationId: op.key, method: op.method, path: op.path });

interface Sides {
  readonly before: unknown;
  readonly after: unknown;
  readonly oldOp: Operation;
  readonly swaps: ReadonlyMap<string, string>;
}
type Values = Pick<Change, "from" | "to">;
type Event<K> = [K, Values & Pick<Change, "subject">];

function mapDiff(diff: Diff, rest: string[], sides: Sides): Event<ChangeKind>[] {
  const [section, key, field, ...deeper] = rest;
  const { action } = diff;
  if (section === "parameters" && key !== undefined) {
    const param = objectAt(diff, action === "add" ? "after" : "before");
    const whole = field === undefined;
    const subject = label(
      whole && action === "add" ? param : (sides.oldOp.parameters[Number(key)] ?? {}),
    );
    if (whole && action === "add") {
      const kind =
        param.required === true ? "parameter.added-required" : "parameter.added-optional";
      return [[kind, { subject, to: describe(sides.after, param.schema) }]];
    }
    if (whole && action === "remove") {
      return [["parameter.removed", { subject, from: describe(sides.before, param.schema) }]];
    }
    if (field === "required") {
      const kind = diff.after === true ? "parameter.now-required" : "parameter.now-optional";
      return [[kind, { subject }]];
    }
    return field === "schema" ? schemaChanges("parameter", subject, diff, deeper, sides) : [];
  }
  if (section === "requestBody") {
    const subject = "request body";
    if (key === undefined && action === "remove") return [["request-body.removed", { subject }]];
    if (key === undefined) {
      const body = resolve(sides.after, diff.after).node;
      const types = Object.keys(objectAt(body, "content")).sort().join(", ");
      const required = isObject(body) && body.required === true;
      const kind = required ? "request-body.added-required" : "request-body.added-optional";
      return [[kind, { subject, to: types || "(no content)" }]];
    }
    if (key === "required") {
      const kind = diff.after === true ? "request-body.now-required" : "request-body.now-optional";
      return [[kind, { subject }]];
    }
    return key === "content"
      ? content("request-body", subject, diff, [field, ...deeper], sides)
      : [];
  }
  if (section === "responses" && key !== undefined) {
    const subject = `response ${key}`;
    if (field === undefined && action === "add") return [["response.status-added", { subject }]];
    if (field === undefined && action === "remove") {
      return [["response.status-removed", { subject }]];
    }
    return field === "content" ? content("response", subject, diff, deeper, sides) : [];
  }
  return [];
}

function content(
  prefix: "request-body" | "response",
  subject: string,
  diff: Diff,
  [type, schema, ...deeper]: (string | undefined)[],
  sides: Sides,
): Event<ChangeKind>[] {
  if (type === undefined) return [];
  if (schema === undefined && diff.action === "add") {
    return [[`${prefix}.content-type-added`, { subject, to: type }]];
  }
  if (schema === undefined && diff.action === "remove") {
    return [[`${prefix}.content-type-removed`, { subject, from: type }]];
  }
  if (schema !== "schema") return [];
  const swap = sides.swaps.get(`/${sides.oldOp.key} ${subject}`);
  return schemaChanges(prefix, `${subject} ${swap ?? type}`, diff, deeper as string[], sides);
}

/**
 * Library difference inside a schema (`path` below the schema) → the project's schema events,
 * each named by `subject` and a readable place in the schema.
 */
function schemaChanges(
  prefix: "parameter" | "request-body" | "response",
  subject: string,
  diff: Diff,
  path: string[],
  sides: Sides,
): Event<ChangeKind>[] {
  const { action } = diff;
  const last = path[path.length - 1];
  const parentKey = path[path.length - 2];
  const before = () => describe(sides.before, diff.before);
  const after = () => describe(sides.after, diff.after);
  const at = (event: SchemaEvent, place: string[], values: Values = {}): Event<ChangeKind> => {
    const where = schemaPlace(place);
    return [
      `${prefix}.${event}`,
      { subject: where ? `${subject} \`${where}\`` : subject, ...values },
    ];
  };
  if (path.length === 0 && action === "add") return [at("schema-added", path, { to: after() })];
  if (path.length === 0) {
    return action === "remove" ? [at("schema-removed", path, { from: before() })] : [];
  }
  if (parentKey === "properties" && last !== undefined && action !== "replace") {
    // An added property's `required` entry comes as a difference of its own (merged above).
    return action === "remove"
      ? [at("property-removed", path, { from: before() })]
      : [at("property-added-optional", path, { to: after() })];
  }
  if (parentKey === "required") {
    const name = String(action === "add" ? diff.after : diff.before);
    const event = action === "add" ? "property-now-required" : "property-now-optional";
    return [at(event, [...path.slice(0, -2), "properties", name])];
  }
  if (last === "type") {
    const shift = compareTypes(typesOf(diff.before), typesOf(diff.after));
    const [from, to] = [typeText(diff.before), typeText(diff.after)];
    return shift === "same" ? [] : [at(`type-${shift}`, path.slice(0, -1), { from, to })];
  }
  if (last === "enum") {
    // The whole list added (removed): fewer (more) values are allowed.
    if (action === "replace") return [];
    return [at(action === "add" ? "type-narrowed" : "type-widened", path.slice(0, -1))];
  }
  if (parentKey === "enum") {
    const [from, to] = [JSON.stringify(diff.before), JSON.stringify(diff.after)];
    const out: Event<ChangeKind>[] = [];
    if (action !== "add") out.push(at("enum-value-removed", path.slice(0, -2), { from }));
    if (action !== "remove") out.push(at("enum-value-added", path.slice(0, -2), { to }));
    return out;
  }
  if (last === "format") {
    const format = (v: unknown) => (typeof v === "string" ? v : "(none)");
    const values = { from: format(diff.before), to: format(diff.after) };
    return [at("format-changed", path.slice(0, -1), values)];
  }
  if ((parentKey === "oneOf" || parentKey === "anyOf") && action !== "replace") {
    return action === "add"
      ? [at("variants-added", path.slice(0, -2), { to: after() })]
      : [at("variants-removed", path.slice(0, -2), { from: before() })];
  }
  return [];
}

/** `properties/data/items/properties/id` → `data[].id`. */
function schemaPlace(path: readonly string[]): string {
  let out = "";
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i];
    if (segment === "properties" && path[i + 1] !== undefined) {
      out += out === "" ? path[i + 1] : `.${path[i + 1]}`;
      i += 1;
    } else if (segment === "items") out += "[]";
    else if (segment === "additionalProperties") out += "{*}";
    else if ((segment === "oneOf" || segment === "anyOf") && path[i + 1] !== undefined) {
      out += "<variant>";
      i += 1;
    }
  }
  return out;
}

/** Rule kept by the project: the library calls most type replacements non-breaking. */
function compareTypes(oldTypes: ReadonlySet<string>, newTypes: ReadonlySet<string>) {
  const covers = (wide: ReadonlySet<string>, narrow: ReadonlySet<string>) =>
    wide.has("any") ||
    [...narrow].every((t) => wide.has(t) || (t === "integer" && wide.has("number")));
  if (oldTypes.size === newTypes.size && [...oldTypes].every((t) => newTypes.has(t))) return "same";
  if (covers(newTypes, oldTypes)) return "widened";
  if (covers(oldTypes, newTypes)) return "narrowed";
  return "changed";
}

function typesOf(type: unknown): ReadonlySet<string> {
  return new Set(
    typeof type === "string" || Array.isArray(type) ? [type].flat().map(String) : ["any"],
  );
}

const typeText = (type: unknown) => [...typesOf(type)].join(" | ");

function label(parameter: JsonObject): string {
  return `${String(parameter.in)} parameter \`${String(parameter.name)}\``;
}

/**
 * A removed and an added parameter of one operation: same name elsewhere → moved; same location
 * and schema under another name → renamed (the library sees a removal and an addition).
 */
function pairRenames(changes: Change[], before: unknown, after: unknown, pairs: readonly Pair[]) {
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
        if (p === undefined) return false;
        return p.in === oldParam.in && schema(after, p) === schema(before, oldParam);
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
        const now =
          newParam.required === true ? "parameter.now-required" : "parameter.now-optional";
        out.push(classify(now, { ...base, subject: label(newParam) }));
      }
    }
  }
  return out;
}
