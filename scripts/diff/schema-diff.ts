/**
 * Structural comparison of two JSON Schemas (OpenAPI 3.1 dialect), with local `$ref`s resolved in
 * each schema's own document. It reports neutral findings (a property was removed, a type
 * widened...); whether a finding breaks a client depends on the direction of the data and is
 * decided by the rule table, not here.
 */
import { arrayAt, canonical, isObject, resolve, sortedEntries, type JsonObject } from "./json.js";
import type { SchemaEvent } from "./model.js";

export interface SchemaFinding {
  readonly event: SchemaEvent;
  /** Where in the schema: `` for the root, `data.items[].name` below it. */
  readonly at: string;
  readonly from?: string;
  readonly to?: string;
}

export interface SchemaSide {
  readonly document: unknown;
  readonly schema: unknown;
}

const maxDepth = 64;

export function diffSchemas(before: SchemaSide, after: SchemaSide): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  compare(before, after, "", [], findings);
  return findings;
}

function compare(
  before: SchemaSide,
  after: SchemaSide,
  at: string,
  stack: readonly string[],
  out: SchemaFinding[],
): void {
  if (before.schema === undefined && after.schema === undefined) return;
  if (before.schema === undefined) {
    out.push({ event: "schema-added", at, to: describe(after) });
    return;
  }
  if (after.schema === undefined) {
    out.push({ event: "schema-removed", at, from: describe(before) });
    return;
  }
  const left = resolve(before.document, before.schema);
  const right = resolve(after.document, after.schema);
  // Recursive schemas: stop when this pair of references is already being compared above us.
  const key = `${left.refs.join(">")}|${right.refs.join(">")}`;
  if ((left.refs.length > 0 || right.refs.length > 0) && stack.includes(key)) return;
  if (stack.length >= maxDepth) return;
  const trail = [...stack, key];
  const oldSchema = flattenAllOf(before.document, left.node);
  const newSchema = flattenAllOf(after.document, right.node);
  const oldSide = { document: before.document, schema: oldSchema };
  const newSide = { document: after.document, schema: newSchema };

  if (canonical(before.document, oldSchema) === canonical(after.document, newSchema)) return;

  const oldVariants = variantsOf(oldSchema);
  const newVariants = variantsOf(newSchema);
  if (oldVariants || newVariants) {
    compareVariants(
      oldSide,
      newSide,
      oldVariants ?? [oldSchema],
      newVariants ?? [newSchema],
      at,
      trail,
      out,
    );
    return;
  }

  const typeShift = compareTypes(typesOf(oldSchema), typesOf(newSchema));
  if (typeShift !== "same") {
    out.push({ event: `type-${typeShift}`, at, from: describe(oldSide), to: describe(newSide) });
    if (typeShift === "changed") return;
  }
  const oldFormat = stringOf(oldSchema, "format");
  const newFormat = stringOf(newSchema, "format");
  if (oldFormat !== newFormat) {
    out.push({
      event: "format-changed",
      at,
      from: oldFormat ?? "(none)",
      to: newFormat ?? "(none)",
    });
  }
  compareEnums(oldSchema, newSchema, at, typeShift !== "same", out);
  compareProperties(oldSide, newSide, at, trail, out);
  const oldItems = isObject(oldSchema) ? oldSchema.items : undefined;
  const newItems = isObject(newSchema) ? newSchema.items : undefined;
  if (isObject(oldItems) && isObject(newItems)) {
    compare(
      { document: before.document, schema: oldItems },
      { document: after.document, schema: newItems },
      `${at}[]`,
      trail,
      out,
    );
  }
  const oldExtra = isObject(oldSchema) ? oldSchema.additionalProperties : undefined;
  const newExtra = isObject(newSchema) ? newSchema.additionalProperties : undefined;
  if (isObject(oldExtra) && isObject(newExtra)) {
    compare(
      { document: before.document, schema: oldExtra },
      { document: after.document, schema: newExtra },
      `${at}{*}`,
      trail,
      out,
    );
  }
}

function compareProperties(
  before: SchemaSide,
  after: SchemaSide,
  at: string,
  stack: readonly string[],
  out: SchemaFinding[],
): void {
  const oldProps = propertiesOf(before.schema);
  const newProps = propertiesOf(after.schema);
  const oldRequired = requiredOf(before.schema);
  const newRequired = requiredOf(after.schema);
  const names = [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])].sort();
  for (const name of names) {
    const where = at === "" ? name : `${at}.${name}`;
    const oldProp = oldProps[name];
    const newProp = newProps[name];
    if (newProp === undefined) {
      out.push({
        event: "property-removed",
        at: where,
        from: describe({ ...before, schema: oldProp }),
      });
    } else if (oldProp === undefined) {
      const event = newRequired.has(name) ? "property-added-required" : "property-added-optional";
      out.push({ event, at: where, to: describe({ ...after, schema: newProp }) });
    } else {
      if (!oldRequired.has(name) && newRequired.has(name)) {
        out.push({ event: "property-now-required", at: where });
      } else if (oldRequired.has(name) && !newRequired.has(name)) {
        out.push({ event: "property-now-optional", at: where });
      }
      compare({ ...before, schema: oldProp }, { ...after, schema: newProp }, where, stack, out);
    }
  }
}

function compareEnums(
  oldSchema: unknown,
  newSchema: unknown,
  at: string,
  typeShiftReported: boolean,
  out: SchemaFinding[],
): void {
  const oldValues = enumOf(oldSchema);
  const newValues = enumOf(newSchema);
  if (oldValues === undefined && newValues === undefined) return;
  if (oldValues === undefined || newValues === undefined) {
    if (typeShiftReported) return;
    // An enum appearing restricts the values; one disappearing frees them.
    out.push({
      event: oldValues === undefined ? "type-narrowed" : "type-widened",
      at,
      from: oldValues === undefined ? "any value" : `one of ${[...oldValues].join(", ")}`,
      to: newValues === undefined ? "any value" : `one of ${[...newValues].join(", ")}`,
    });
    return;
  }
  for (const value of [...newValues].filter((v) => !oldValues.has(v)).sort()) {
    out.push({ event: "enum-value-added", at, to: value });
  }
  for (const value of [...oldValues].filter((v) => !newValues.has(v)).sort()) {
    out.push({ event: "enum-value-removed", at, from: value });
  }
}

/**
 * oneOf/anyOf: identical alternatives match each other; the rest are paired in order when their
 * numbers agree, else reported as alternatives added or removed.
 */
function compareVariants(
  before: SchemaSide,
  after: SchemaSide,
  oldVariants: readonly unknown[],
  newVariants: readonly unknown[],
  at: string,
  stack: readonly string[],
  out: SchemaFinding[],
): void {
  const oldKeys = oldVariants.map((v) => canonical(before.document, v));
  const newKeys = newVariants.map((v) => canonical(after.document, v));
  const oldLeft = oldVariants.filter((_, i) => !newKeys.includes(oldKeys[i] ?? ""));
  const newLeft = newVariants.filter((_, i) => !oldKeys.includes(newKeys[i] ?? ""));
  if (oldLeft.length === newLeft.length) {
    oldLeft.forEach((variant, i) => {
      const where = `${at}<${oldLeft.length === 1 ? "variant" : `variant ${i + 1}`}>`;
      compare({ ...before, schema: variant }, { ...after, schema: newLeft[i] }, where, stack, out);
    });
    return;
  }
  if (newLeft.length > 0) {
    const to = newLeft.map((v) => describe({ ...after, schema: v })).join(" | ");
    out.push({ event: "variants-added", at, to });
  }
  if (oldLeft.length > 0) {
    const from = oldLeft.map((v) => describe({ ...before, schema: v })).join(" | ");
    out.push({ event: "variants-removed", at, from });
  }
}

type TypeShift = "same" | "widened" | "narrowed" | "changed";

function compareTypes(oldTypes: ReadonlySet<string>, newTypes: ReadonlySet<string>): TypeShift {
  const covers = (wide: ReadonlySet<string>, narrow: ReadonlySet<string>): boolean =>
    wide.has("any") ||
    [...narrow].every((t) => wide.has(t) || (t === "integer" && wide.has("number")));
  const sameSet = oldTypes.size === newTypes.size && [...oldTypes].every((t) => newTypes.has(t));
  if (sameSet) return "same";
  if (covers(newTypes, oldTypes)) return "widened";
  if (covers(oldTypes, newTypes)) return "narrowed";
  return "changed";
}

/** The JSON types a schema admits; `any` when it does not constrain the type. */
export function typesOf(schema: unknown): ReadonlySet<string> {
  if (!isObject(schema)) return new Set(["any"]);
  const declared = schema.type;
  if (typeof declared === "string") return new Set([declared]);
  if (Array.isArray(declared)) return new Set(declared.filter((t) => typeof t === "string"));
  if ("const" in schema) return new Set([jsonType(schema.const)]);
  const values = arrayAt(schema, "enum");
  if (values.length > 0) return new Set(values.map(jsonType));
  if (isObject(schema.properties)) return new Set(["object"]);
  if (isObject(schema.items)) return new Set(["array"]);
  return new Set(["any"]);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** A short human description of a schema, e.g. `array<integer>`, `string (date-time) | null`. */
export function describe(side: SchemaSide, depth = 0): string {
  const { node } = resolve(side.document, side.schema);
  const schema = flattenAllOf(side.document, node);
  if (!isObject(schema)) return "any";
  const variants = variantsOf(schema);
  if (variants && depth < 3) {
    return variants.map((v) => describe({ ...side, schema: v }, depth + 1)).join(" | ");
  }
  const values = enumOf(schema);
  if (values) return `one of ${[...values].join(", ")}`;
  const format = stringOf(schema, "format");
  return [...typesOf(schema)]
    .map((type) => {
      if (type === "array" && isObject(schema.items) && depth < 3) {
        return `array<${describe({ ...side, schema: schema.items }, depth + 1)}>`;
      }
      return type === "string" && format ? `string (${format})` : type;
    })
    .join(" | ");
}

function variantsOf(schema: unknown): readonly unknown[] | undefined {
  const oneOf = arrayAt(schema, "oneOf");
  if (oneOf.length > 0) return oneOf;
  const anyOf = arrayAt(schema, "anyOf");
  return anyOf.length > 0 ? anyOf : undefined;
}

/** allOf is read as one schema: properties and required lists merged, other keywords kept. */
function flattenAllOf(document: unknown, schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const parts = arrayAt(schema, "allOf");
  if (parts.length === 0) return schema;
  const { allOf: _omitted, ...rest } = schema;
  let merged: JsonObject = rest;
  for (const part of parts) {
    const resolved = flattenAllOf(document, resolve(document, part).node);
    if (!isObject(resolved)) continue;
    merged = {
      ...resolved,
      ...merged,
      properties: { ...propertiesOf(resolved), ...propertiesOf(merged) },
      required: [...new Set([...requiredOf(resolved), ...requiredOf(merged)])].sort(),
    };
  }
  return merged;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const props = isObject(schema) ? schema.properties : undefined;
  return isObject(props) ? Object.fromEntries(sortedEntries(props)) : {};
}

function requiredOf(schema: unknown): ReadonlySet<string> {
  return new Set(arrayAt(schema, "required").filter((n): n is string => typeof n === "string"));
}

function enumOf(schema: unknown): ReadonlySet<string> | undefined {
  if (!isObject(schema)) return undefined;
  if ("const" in schema) return new Set([JSON.stringify(schema.const)]);
  if (!Array.isArray(schema.enum)) return undefined;
  return new Set(schema.enum.map((v) => JSON.stringify(v)));
}

function stringOf(schema: unknown, key: string): string | undefined {
  const value = isObject(schema) ? schema[key] : undefined;
  return typeof value === "string" ? value : undefined;
}
