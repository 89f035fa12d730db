/**
 * Parameters, request bodies and responses of the operations present in both revisions, compared
 * by api-smart-diff, which classes each difference with request/response variance. The library
 * matches operations by path; to match them by operationId, each revision is re-keyed first
 * (`/<operationId>` → `post`), so a moved path or method never shows here (index.ts reports
 * those). Each library difference is named by where it is (parameter, body or response, and the
 * place in the schema) and keeps the library's class, save for rules.ts's overrides. What the
 * library misses is in operation-rules.ts.
 */
import { apiCompare, type Diff } from "api-smart-diff";
import { describe, inline, isObject, objectAt, type JsonObject } from "./json.js";
import type { Change } from "./model.js";
import type { Operation } from "./index.js";
import {
  baseOf,
  compareTypes,
  label,
  mergeRequired,
  pairRenames,
  swapContentTypes,
  typeText,
  type Found,
  type Pair,
  type Swaps,
} from "./operation-rules.js";

export function diffOperationBodies(before: unknown, after: unknown, all: readonly Pair[]) {
  const parts = (op: Operation, doc: unknown) =>
    inline(doc, {
      parameters: op.parameters,
      requestBody: op.definition.requestBody,
      responses: op.definition.responses,
    }) as JsonObject;
  const found: Found[] = [];
  const byKey = new Map<string, Pair>();
  /** `/<operationId>` → its swapped content types (operation-rules.ts). */
  const swaps = new Map<string, Swaps>();
  const [oldPaths, newPaths]: [JsonObject, JsonObject] = [{}, {}];
  for (const pair of all) {
    const [oldOp, newOp] = pair;
    const [old, next] = [parts(oldOp, before), parts(newOp, after)];
    // Only operations whose inlined parts differ go to the library: it is the slow step.
    if (JSON.stringify(old) === JSON.stringify(next)) continue;
    const where = `/${oldOp.key}`;
    byKey.set(where, pair);
    newPaths[where] = { post: next };
    const swapped = swapContentTypes(old, next, newOp);
    found.push(...swapped.found);
    swaps.set(where, swapped.swaps);
    oldPaths[where] = { post: swapped.old };
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
    const place = placeOf(diff.path.slice(3).map(String), diff, pair[0], swaps);
    if (place === undefined) continue;
    for (const [event, fields] of eventsOf(place, diff, { before, after })) {
      found.push([`${place.area}.${event}`, { ...baseOf(pair[1]), ...fields }, diff.type]);
    }
  }
  return pairRenames(mergeRequired(found), before, after, [...byKey.values()]);
}

interface Place {
  readonly area: "parameter" | "request-body" | "response";
  /** `query parameter \`page\``, `request body`, `response 200`. */
  readonly subject: string;
  /** The path below the parameter, body or response. */
  readonly rest: readonly string[];
}

/** Where in the operation a library difference is (its path below `/<operationId>/post`). */
function placeOf(path: string[], diff: Diff, oldOp: Operation, swaps: Map<string, Swaps>) {
  const [section, key, ...below] = path;
  let place: Place | undefined;
  if (section === "parameters" && key !== undefined) {
    const added = below.length === 0 && diff.action === "add";
    const param = added ? objectAt(diff, "after") : oldOp.parameters[Number(key)];
    place = { area: "parameter", subject: label(param ?? {}), rest: below };
  }
  if (section === "requestBody") {
    place = { area: "request-body", subject: "request body", rest: path.slice(1) };
  }
  if (section === "responses" && key !== undefined) {
    place = { area: "response", subject: `response ${key}`, rest: below };
  }
  // A schema under a content type is named by it (or by the swap, `a → b`).
  const [content, type, schema, ...deeper] = place?.rest ?? [];
  if (place && content === "content" && schema === "schema") {
    const swap = swaps.get(`/${oldOp.key}`)?.get(place.subject);
    return { ...place, subject: `${place.subject} ${swap ?? type}`, rest: ["schema", ...deeper] };
  }
  return place;
}

type Event = [string, Pick<Change, "subject" | "from" | "to" | "detail">];

/** The events a library difference stands for, named `<event>` of the place's area. */
function eventsOf(place: Place, diff: Diff, docs: { before: unknown; after: unknown }): Event[] {
  const { subject, rest } = place;
  const { action } = diff;
  const [head, type] = rest;
  const value = objectAt(diff, action === "add" ? "after" : "before");
  if (rest.length === 0 && place.area === "response") {
    return action === "replace" ? [] : [[`status-${past[action]}`, { subject }]];
  }
  if (rest.length === 0 && action === "add") {
    const content = Object.keys(objectAt(value, "content")).sort().join(", ") || "(no content)";
    const to = place.area === "parameter" ? describe(docs.after, value.schema) : content;
    return [[`added-${value.required === true ? "required" : "optional"}`, { subject, to }]];
  }
  if (rest.length === 0 && action === "remove") {
    const from = place.area === "parameter" ? describe(docs.before, value.schema) : undefined;
    return [["removed", { subject, from }]];
  }
  if (head === "required" && rest.length === 1) {
    return [[diff.after === true ? "now-required" : "now-optional", { subject }]];
  }
  if (head === "content" && type !== undefined && rest.length === 2 && action !== "replace") {
    const values = action === "add" ? { to: type } : { from: type };
    return [[`content-type-${action === "add" ? "added" : "removed"}`, { subject, ...values }]];
  }
  return head === "schema"
    ? schemaEvents(subject, diff, rest.slice(1), docs)
    : otherChange(diff, subject);
}

/** A difference inside a schema (`path` below it), named by a readable place in the schema. */
function schemaEvents(subject: string, diff: Diff, path: string[], docs: JsonObject): Event[] {
  const { action } = diff;
  const [parentKey, last] = [path[path.length - 2], path[path.length - 1]];
  const before = () => describe(docs.before, diff.before);
  const after = () => describe(docs.after, diff.after);
  const named = (place: string[]) => {
    const where = schemaPlace(place);
    return where ? `${subject} \`${where}\`` : subject;
  };
  const at = (event: string, place: string[], values = {}): Event => [
    event,
    { subject: named(place), ...values },
  ];
  if (path.length === 0 && action !== "replace") {
    const values = action === "add" ? { to: after() } : { from: before() };
    return [at(`schema-${past[action]}`, path, values)];
  }
  if (parentKey === "properties" && action !== "replace") {
    // An added property's `required` entry comes as a difference of its own (mergeRequired).
    return action === "remove"
      ? [at("property-removed", path, { from: before() })]
      : [at("property-added-optional", path, { to: after() })];
  }
  if (parentKey === "required") {
    const name = String(action === "add" ? diff.after : diff.before);
    const event = action === "add" ? "property-now-required" : "property-now-optional";
    return [at(event, [...path.slice(0, -2), "properties", name])];
  }
  if (parentKey === "enum") {
    const [from, to] = [JSON.stringify(diff.before), JSON.stringify(diff.after)];
    return [
      ...(action !== "add" ? [at("enum-value-removed", path.slice(0, -2), { from })] : []),
      ...(action !== "remove" ? [at("enum-value-added", path.slice(0, -2), { to })] : []),
    ];
  }
  if ((parentKey === "oneOf" || parentKey === "anyOf") && action !== "replace") {
    return action === "add"
      ? [at("variants-added", path.slice(0, -2), { to: after() })]
      : [at("variants-removed", path.slice(0, -2), { from: before() })];
  }
  if (last === "type") {
    const shift = compareTypes(diff.before, diff.after);
    const [from, to] = [typeText(diff.before), typeText(diff.after)];
    return shift === "same" ? [] : [at(`type-${shift}`, path.slice(0, -1), { from, to })];
  }
  if (last === "enum" && action !== "replace") {
    // The whole list added (removed): fewer (more) values are allowed.
    return [at(action === "add" ? "type-narrowed" : "type-widened", path.slice(0, -1))];
  }
  if (last === "format") {
    const format = (v: unknown) => (typeof v === "string" ? v : "(none)");
    const values = { from: format(diff.before), to: format(diff.after) };
    return [at("format-changed", path.slice(0, -1), values)];
  }
  return otherChange(diff, named(path));
}

/**
 * Any other difference (a validator such as `maximum`, `additionalProperties`, a parameter's
 * `style`...): reported with the library's own description and class (breaking when it has none).
 */
function otherChange(diff: Diff, subject: string): Event[] {
  const keyword = String(diff.path[diff.path.length - 1]);
  return [["other-changed", { subject: `${subject} (${keyword})`, detail: diff.description }]];
}

const past = { add: "added", remove: "removed", replace: "replaced", rename: "renamed" } as const;

/** `properties/data/items/properties/id` → `data[].id`. */
function schemaPlace(path: readonly string[]): string {
  let out = "";
  for (let i = 0; i < path.length; i += 1) {
    const [segment, next] = [path[i], path[i + 1]];
    if (segment === "properties" && next !== undefined) {
      out += out === "" ? next : `.${next}`;
      i += 1;
    } else if (segment === "items") out += "[]";
    else if (segment === "additionalProperties") out += "{*}";
    else if ((segment === "oneOf" || segment === "anyOf") && next !== undefined) {
      out += "<variant>";
      i += 1;
    }
  }
  return out;
}
