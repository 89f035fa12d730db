/**
 * Parameters of one operation, old against new. A parameter is identified by (location, name);
 * a removed and an added parameter in the same location with the same schema are a rename, and
 * the same name in another location is a move.
 */
import { change } from "./change.js";
import { booleanAt, canonical, isObject, stringAt, type JsonObject } from "./json.js";
import type { Change } from "./model.js";
import { describe, diffSchemas } from "./schema-diff.js";

export interface ParameterSide {
  readonly document: unknown;
  readonly parameters: readonly JsonObject[];
}

export interface OperationBase {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
}

export function diffParameters(
  before: ParameterSide,
  after: ParameterSide,
  base: OperationBase,
): Change[] {
  const out: Change[] = [];
  const oldByKey = byKey(before.parameters);
  const newByKey = byKey(after.parameters);
  const removed = [...oldByKey.keys()].filter((k) => !newByKey.has(k));
  const added = [...newByKey.keys()].filter((k) => !oldByKey.has(k));

  for (const key of [...oldByKey.keys()].filter((k) => newByKey.has(k))) {
    compareParameter(before, after, oldByKey.get(key)!, newByKey.get(key)!, base, out);
  }

  // Same name, other location: a move.
  for (const oldKey of [...removed]) {
    const oldParam = oldByKey.get(oldKey)!;
    const match = added.find((k) => nameOf(newByKey.get(k)!) === nameOf(oldParam));
    if (match === undefined) continue;
    const newParam = newByKey.get(match)!;
    out.push(
      change("parameter.location-changed", {
        ...base,
        subject: label(newParam),
        from: locationOf(oldParam),
        to: locationOf(newParam),
      }),
    );
    compareParameter(before, after, oldParam, newParam, base, out);
    removed.splice(removed.indexOf(oldKey), 1);
    added.splice(added.indexOf(match), 1);
  }

  // Same location, same schema, other name: a rename (paired in declaration order).
  for (const oldKey of [...removed]) {
    const oldParam = oldByKey.get(oldKey)!;
    const signature = schemaSignature(before.document, oldParam);
    const match = added.find((k) => {
      const candidate = newByKey.get(k)!;
      return (
        locationOf(candidate) === locationOf(oldParam) &&
        schemaSignature(after.document, candidate) === signature
      );
    });
    if (match === undefined) continue;
    const newParam = newByKey.get(match)!;
    out.push(
      change("parameter.renamed", {
        ...base,
        subject: `${locationOf(newParam)} parameter`,
        from: nameOf(oldParam),
        to: nameOf(newParam),
      }),
    );
    compareRequired(oldParam, newParam, base, out);
    removed.splice(removed.indexOf(oldKey), 1);
    added.splice(added.indexOf(match), 1);
  }

  for (const key of removed) {
    const parameter = oldByKey.get(key)!;
    out.push(
      change("parameter.removed", {
        ...base,
        subject: label(parameter),
        from: typeOf(before.document, parameter),
      }),
    );
  }
  for (const key of added) {
    const parameter = newByKey.get(key)!;
    const kind = booleanAt(parameter, "required")
      ? "parameter.added-required"
      : "parameter.added-optional";
    out.push(
      change(kind, { ...base, subject: label(parameter), to: typeOf(after.document, parameter) }),
    );
  }
  return out;
}

function compareParameter(
  before: ParameterSide,
  after: ParameterSide,
  oldParam: JsonObject,
  newParam: JsonObject,
  base: OperationBase,
  out: Change[],
): void {
  compareRequired(oldParam, newParam, base, out);
  const findings = diffSchemas(
    { document: before.document, schema: schemaOf(oldParam) },
    { document: after.document, schema: schemaOf(newParam) },
  );
  for (const finding of findings) {
    const subject = finding.at === "" ? label(newParam) : `${label(newParam)} \`${finding.at}\``;
    out.push(
      change(`parameter.${finding.event}`, {
        ...base,
        subject,
        ...(finding.from !== undefined ? { from: finding.from } : {}),
        ...(finding.to !== undefined ? { to: finding.to } : {}),
      }),
    );
  }
}

function compareRequired(
  oldParam: JsonObject,
  newParam: JsonObject,
  base: OperationBase,
  out: Change[],
): void {
  const wasRequired = booleanAt(oldParam, "required");
  const isRequired = booleanAt(newParam, "required");
  if (wasRequired === isRequired) return;
  out.push(
    change(isRequired ? "parameter.now-required" : "parameter.now-optional", {
      ...base,
      subject: label(newParam),
    }),
  );
}

function byKey(parameters: readonly JsonObject[]): Map<string, JsonObject> {
  return new Map(parameters.map((p) => [`${locationOf(p)}:${nameOf(p)}`, p]));
}

function nameOf(parameter: JsonObject): string {
  return stringAt(parameter, "name") ?? "(unnamed)";
}

function locationOf(parameter: JsonObject): string {
  return stringAt(parameter, "in") ?? "(unknown)";
}

function label(parameter: JsonObject): string {
  return `${locationOf(parameter)} parameter \`${nameOf(parameter)}\``;
}

/** A parameter's schema: `schema`, or the schema of its single `content` entry. */
function schemaOf(parameter: JsonObject): unknown {
  if (parameter.schema !== undefined) return parameter.schema;
  const content = parameter.content;
  if (!isObject(content)) return undefined;
  const first = Object.keys(content).sort()[0];
  const media = first === undefined ? undefined : content[first];
  return isObject(media) ? media.schema : undefined;
}

function schemaSignature(document: unknown, parameter: JsonObject): string {
  return canonical(document, schemaOf(parameter) ?? null);
}

function typeOf(document: unknown, parameter: JsonObject): string {
  return describe({ document, schema: schemaOf(parameter) });
}
