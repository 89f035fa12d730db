/**
 * Parameters, request bodies and responses of the operations present in both revisions, compared
 * by api-smart-diff (it resolves `$ref`s, cycles included, merges `allOf`, and classes each
 * difference with request/response variance). The library matches operations by path; to match
 * them by operationId, each revision is re-keyed first (`/<operationId>` → `post`), so a moved
 * path or method never shows here (document-diff reports those). Each library difference becomes
 * one Change of the project's vocabulary; where the library's class differs from the project's
 * rule, the rule wins and the change says `classifiedBy: "rule"` (docs/updating.md lists those).
 */
import { apiCompare, type Diff } from "api-smart-diff";
import { canonical, describe, inline, isObject, resolve, type JsonObject } from "./json.js";
import type { Change, ChangeKind, SchemaEvent } from "./model.js";
import type { Operation } from "./document-diff.js";
import { classify } from "./rules.js";

type Base = Pick<Change, "operationId" | "method" | "path">;
type Pair = readonly [Operation, Operation];

export function diffOperationBodies(before: unknown, after: unknown, all: readonly Pair[]) {
  const swaps = new Map<string, string>();
  const part = (op: Operation, doc: unknown) =>
    inline(doc, {
      parameters: op.parameters,
      requestBody: op.definition.requestBody,
      responses: op.definition.responses,
    }) as Record<string, unknown>;
  // Only operations whose inlined parts differ go to the library: it is the slow step.
  const sides = all.map(([o, n]) => [part(o, before), part(n, after)] as const);
  const differ = all.flatMap((pair, i) => {
    const [ops, next] = sides[i]!;
    return JSON.stringify(ops) === JSON.stringify(next) ? [] : [[pair, ops, next] as const];
  });
  const pairs = differ.map(([pair]) => pair);
  const rekey = (side: 0 | 1) => ({
    openapi: isObject(before) ? before.openapi : undefined,
    paths: Object.fromEntries(
      differ.map(([[oldOp], old, next]) => {
        const where = `/${oldOp.key}`;
        if (side === 1) return [where, { post: next }];
        const ops = { ...old };
        ops.requestBody = swapped(
          ops.requestBody,
          next.requestBody,
          `${where} request body`,
          swaps,
        );
        const responses = isObject(ops.responses) ? ops.responses : {};
        const nextResponses = isObject(next.responses) ? next.responses : {};
        ops.responses = Object.fromEntries(
          Object.entries(responses).map(([s, r]) => [
            s,
            swapped(r, nextResponses[s], `${where} response ${s}`, swaps),
          ]),
        );
        return [where, { post: ops }];
      }),
    ),
  });
  const byKey = new Map(pairs.map((pair) => [`/${pair[0].key}`, pair]));
  const found: [ChangeKind, Base & Fields, string][] = [];
  const [oldDoc, newDoc] = [rekey(0), rekey(1)];
  for (const [where, to] of swaps) {
    const [key = "", ...rest] = where.split(" ");
    const [, newOp] = byKey.get(key)!;
    const base = { operationId: newOp.key, method: newOp.method, path: newOp.path };
    const [from = "", type = ""] = to.split(" \u2192 ");
    const subject = rest.join(" ");
    const prefix = subject.startsWith("request") ? "request-body" : "response";
    found.push([`${prefix}.content-type-removed`, { ...base, subject, from }, "rule"]);
    found.push([`${prefix}.content-type-added`, { ...base, subject, to: type }, "rule"]);
  }
  for (const raw of apiCompare(oldDoc, newDoc).diffs) {
    // A key present with no value comes back as a replacement: read it as added or removed.
    const action =
      raw.after === undefined ? "remove" : raw.before === undefined ? "add" : raw.action;
    const diff = { ...raw, action };
    const pair = diff.path[0] === "paths" ? byKey.get(String(diff.path[1])) : undefined;
    if (pair === undefined || diff.type === "annotation") continue;
    const [oldOp, newOp] = pair;
    const base = { operationId: newOp.key, method: newOp.method, path: newOp.path };
    const sides = { before, after, oldOp, newOp, swaps };
    for (const [kind, fields] of mapDiff(diff, diff.path.slice(3).map(String), sides)) {
      found.push([kind, { ...base, ...fields }, diff.type]);
    }
  }
  // An added (removed) property and its `required` entry come as two differences: one change.
  const key = (f: Base & Fields) => `${f.operationId}\u0000${f.subject}`;
  const added = new Set(
    found.filter(([k]) => k.endsWith("property-added-optional")).map(([, f]) => key(f)),
  );
  const removed = new Set(
    found.filter(([k]) => k.endsWith("property-removed")).map(([, f]) => key(f)),
  );
  const required = new Set(
    found.filter(([k]) => k.endsWith("property-now-required")).map(([, f]) => key(f)),
  );
  const out = found.flatMap(([kind, fields, type]) => {
    if (kind.endsWith("property-now-required") && added.has(key(fields))) return [];
    if (kind.endsWith("property-now-optional") && removed.has(key(fields))) return [];
    if (kind.endsWith("property-added-optional") && required.has(key(fields))) {
      return [classify(kind.replace("optional", "required") as ChangeKind, fields, type)];
    }
    return [classify(kind, fields, type)];
  });
  return pairRenames(out, before, after, pairs);
}

/** A body or response whose one content type was swapped for another: compare the two schemas under the new key. */
function swapped(oldNode: unknown, newNode: unknown, where: string, swaps: Map<string, string>) {
  if (
    !isObject(oldNode) ||
    !isObject(newNode) ||
    !isObject(oldNode.content) ||
    !isObject(newNode.content)
  ) {
    return oldNode;
  }
  const oldTypes = Object.keys(oldNode.content);
  const newTypes = Object.keys(newNode.content);
  const gone = oldTypes.filter((t) => !newTypes.includes(t));
  const came = newTypes.filter((t) => !oldTypes.includes(t));
  if (gone.length !== 1 || came.length !== 1) return oldNode;
  const [from = "", to = ""] = [gone[0], came[0]];
  swaps.set(where, `${from} \u2192 ${to}`);
  const content = Object.fromEntries(
    Object.entries(oldNode.content).map(([t, v]) => [t === from ? to : t, v]),
  );
  return { ...oldNode, content };
}

interface Sides {
  readonly swaps: ReadonlyMap<string, string>;
  readonly before: unknown;
  readonly after: unknown;
  readonly oldOp: Operation;
  readonly newOp: Operation;
}
type Fields = Omit<Change, "kind" | "breaking" | "facadeBreaking" | "classifiedBy" | keyof Base>;
type Found = [ChangeKind, Fields][];

function mapDiff(diff: Diff, rest: string[], sides: Sides): Found {
  const [section, key, field, ...deeper] = rest;
  if (section === "parameters") {
    const param = (diff.action === "add" ? diff.after : diff.before) as JsonObject;
    if (key === undefined) return [];
    const whole = field === undefined;
    const subject = label(
      whole && diff.action === "add" ? param : (sides.oldOp.parameters[Number(key)] ?? {}),
    );
    if (field === undefined && diff.action === "add") {
      const kind =
        param.required === true ? "parameter.added-required" : "parameter.added-optional";
      return [[kind, { subject, to: describe(sides.after, param.schema) }]];
    }
    if (field === undefined && diff.action === "remove") {
      return [["parameter.removed", { subject, from: describe(sides.before, param.schema) }]];
    }
    if (field === "required") {
      return [
        [diff.after === true ? "parameter.now-required" : "parameter.now-optional", { subject }],
      ];
    }
    if (field !== "schema") return [];
    return schemaEvents(diff, deeper, sides).map(([e, f]) => [`parameter.${e}`, at(subject, f)]);
  }
  if (section === "requestBody") {
    const subject = "request body";
    if (key === undefined) {
      if (diff.action === "remove") return [["request-body.removed", { subject }]];
      const body = resolve(sides.after, diff.after).node;
      const required = isObject(body) && body.required === true;
      const types = Object.keys(isObject(body) && isObject(body.content) ? body.content : {});
      const kind = required ? "request-body.added-required" : "request-body.added-optional";
      return [[kind, { subject, to: types.sort().join(", ") || "(no content)" }]];
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
    if (field === undefined) {
      if (diff.action === "add") return [["response.status-added", { subject }]];
      if (diff.action === "remove") return [["response.status-removed", { subject }]];
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
): Found {
  if (type === undefined) return [];
  if (schema === undefined) {
    if (diff.action === "add") return [[`${prefix}.content-type-added`, { subject, to: type }]];
    if (diff.action === "remove")
      return [[`${prefix}.content-type-removed`, { subject, from: type }]];
    return [];
  }
  if (schema !== "schema") return [];
  const swap = sides.swaps.get(`/${sides.oldOp.key} ${subject}`);
  const where = `${subject} ${swap ?? type}`;
  const events = schemaEvents(diff, deeper as string[], sides);
  return events.map(([event, fields]) => [`${prefix}.${event}`, at(where, fields)]);
}

/** `subject` plus the place in the schema, e.g. "response 200 application/json `data[].id`". */
function at(subject: string, fields: Fields & { at?: string }): Fields {
  const { at: where, ...rest } = fields;
  return { ...rest, subject: where ? `${subject} \`${where}\`` : subject };
}

/** Library difference inside a schema → the project's schema event, with a readable place. */
function schemaEvents(
  diff: Diff,
  path: string[],
  sides: Sides,
): [SchemaEvent, Fields & { at: string }][] {
  const last = path[path.length - 1];
  const parentKey = path[path.length - 2];
  const place = (segments: string[]) => schemaPlace(segments);
  const before = () => describe(sides.before, diff.before);
  const after = () => describe(sides.after, diff.after);
  if (path.length === 0) {
    if (diff.action === "add") return [["schema-added", { subject: "", at: "", to: after() }]];
    if (diff.action === "remove")
      return [["schema-removed", { subject: "", at: "", from: before() }]];
    return [];
  }
  if (parentKey === "properties" && last !== undefined) {
    const where = place(path);
    if (diff.action === "remove") {
      return [["property-removed", { subject: "", at: where, from: before() }]];
    }
    if (diff.action === "add") {
      // Its `required` entry comes as a difference of its own (merged by the caller).
      return [["property-added-optional", { subject: "", at: where, to: after() }]];
    }
  }
  if (parentKey === "required") {
    const name = String(diff.action === "add" ? diff.after : diff.before);
    const where = place([...path.slice(0, -2), "properties", name]);
    const event = diff.action === "add" ? "property-now-required" : "property-now-optional";
    return [[event, { subject: "", at: where }]];
  }
  if (last === "type") {
    const shift = compareTypes(typesOf(diff.before), typesOf(diff.after));
    if (shift === "same") return [];
    return [
      [
        `type-${shift}`,
        {
          subject: "",
          at: place(path.slice(0, -1)),
          from: typeText(diff.before),
          to: typeText(diff.after),
        },
      ],
    ];
  }
  if (parentKey === "enum" || last === "enum") {
    const where = place(path.slice(0, parentKey === "enum" ? -2 : -1));
    if (last === "enum") {
      const event = diff.action === "add" ? "type-narrowed" : "type-widened";
      return diff.action === "replace" ? [] : [[event, { subject: "", at: where }]];
    }
    if (diff.action === "add")
      return [["enum-value-added", { subject: "", at: where, to: JSON.stringify(diff.after) }]];
    if (diff.action === "remove")
      return [
        ["enum-value-removed", { subject: "", at: where, from: JSON.stringify(diff.before) }],
      ];
    return [
      ["enum-value-removed", { subject: "", at: where, from: JSON.stringify(diff.before) }],
      ["enum-value-added", { subject: "", at: where, to: JSON.stringify(diff.after) }],
    ];
  }
  if (last === "format") {
    const fmt = (v: unknown) => (typeof v === "string" ? v : "(none)");
    return [
      [
        "format-changed",
        { subject: "", at: place(path.slice(0, -1)), from: fmt(diff.before), to: fmt(diff.after) },
      ],
    ];
  }
  if ((parentKey === "oneOf" || parentKey === "anyOf") && diff.action !== "replace") {
    const where = place(path.slice(0, -2));
    return diff.action === "add"
      ? [["variants-added", { subject: "", at: where, to: after() }]]
      : [["variants-removed", { subject: "", at: where, from: before() }]];
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

type TypeShift = "same" | "widened" | "narrowed" | "changed";

/** Rule kept by the project: the library calls most type replacements non-breaking. */
function compareTypes(oldTypes: ReadonlySet<string>, newTypes: ReadonlySet<string>): TypeShift {
  const covers = (wide: ReadonlySet<string>, narrow: ReadonlySet<string>) =>
    wide.has("any") ||
    [...narrow].every((t) => wide.has(t) || (t === "integer" && wide.has("number")));
  if (oldTypes.size === newTypes.size && [...oldTypes].every((t) => newTypes.has(t))) return "same";
  if (covers(newTypes, oldTypes)) return "widened";
  if (covers(oldTypes, newTypes)) return "narrowed";
  return "changed";
}

function typesOf(type: unknown): ReadonlySet<string> {
  if (typeof type === "string") return new Set([type]);
  if (Array.isArray(type)) return new Set(type.map(String));
  return new Set(["any"]);
}

function typeText(type: unknown): string {
  return Array.isArray(type) ? type.join(" | ") : typeof type === "string" ? type : "any";
}

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
    const removed = out.filter(
      (c) => c.operationId === newOp.key && c.kind === "parameter.removed",
    );
    for (const gone of removed) {
      const oldParam = oldOp.parameters.find((p) => label(p) === gone.subject);
      if (oldParam === undefined) continue;
      const added = out.filter(
        (c) => c.operationId === newOp.key && c.kind.startsWith("parameter.added"),
      );
      const newParamOf = (c: Change) => newOp.parameters.find((p) => label(p) === c.subject);
      const moved = added.find((c) => newParamOf(c)?.name === oldParam.name);
      const renamed = added.find((c) => {
        const p = newParamOf(c);
        return (
          p !== undefined &&
          p.in === oldParam.in &&
          canonical(after, p.schema ?? null) === canonical(before, oldParam.schema ?? null)
        );
      });
      const match = moved ?? renamed;
      const newParam = match && newParamOf(match);
      if (!match || !newParam) continue;
      out.splice(out.indexOf(gone), 1);
      out.splice(out.indexOf(match), 1);
      const base = { operationId: newOp.key, method: newOp.method, path: newOp.path };
      if (moved) {
        out.push(
          classify("parameter.location-changed", {
            ...base,
            subject: label(newParam),
            from: String(oldParam.in),
            to: String(newParam.in),
          }),
        );
      } else {
        out.push(
          classify("parameter.renamed", {
            ...base,
            subject: `${String(newParam.in)} parameter`,
            from: String(oldParam.name),
            to: String(newParam.name),
          }),
        );
      }
      if (oldParam.required !== newParam.required) {
        const kind =
          newParam.required === true ? "parameter.now-required" : "parameter.now-optional";
        out.push(classify(kind, { ...base, subject: label(newParam) }));
      }
    }
  }
  return out;
}
