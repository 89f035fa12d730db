/**
 * Arguments for every facade method, built from the corrected description alone: each path
 * parameter, each query parameter (required and optional: the optional ones are what the issue's
 * date and array defects are about) and a request body of the schema's required properties, with
 * the schemas' own examples where they fit their schema, else a value made from the schema.
 */
import { readFileSync } from "node:fs";
import { operations } from "../../generated/registry.js";
import { DESCRIPTION } from "./prism.js";

type Schema = Record<string, any>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export const description = JSON.parse(readFileSync(DESCRIPTION, "utf8")) as Schema;

function deref<T = Schema>(node: any, depth = 0): T {
  while (node && typeof node.$ref === "string" && depth++ < 20) {
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce(
        (at: any, key: string) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")],
        description,
      );
  }
  return node as T;
}

export interface Call {
  operationId: string;
  namespace: string;
  method: string;
  params: Record<string, unknown>;
  /** Query parameter names the description declares for the operation. */
  declaredQuery: string[];
}

export function operationOfDescription(operationId: string): {
  path: string;
  method: string;
  op: Schema;
  item: Schema;
} {
  const meta = operations[operationId as keyof typeof operations];
  const item = description.paths[meta.path];
  return { path: meta.path, method: meta.method, op: item[meta.method], item };
}

export function parametersOf(operationId: string): Parameter[] {
  const { op, item } = operationOfDescription(operationId);
  const byKey = new Map<string, Parameter>();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref<Parameter>(raw);
    byKey.set(`${p.in}:${p.name}`, p);
  }
  return [...byKey.values()];
}

/** A value for a path parameter that the SDK's own checks (params.ts) accept too. */
function pathValue(p: Parameter): unknown {
  const schema = deref(p.schema ?? {});
  if (p.name === "phone") return "+13155550175";
  if (isDateName(p.name)) return dateFor(schema, p.example);
  if (p.name === "id" || p.name.endsWith("_id")) {
    const value = sample(schema, p.name, p.example);
    return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 1;
  }
  return sample(schema, p.name, p.example);
}

export function callFor(operationId: string): Call {
  const meta = operations[operationId as keyof typeof operations] as {
    facade: string;
    routing?: Record<string, string>;
  };
  const [namespace, method] = meta.facade.split(".") as [string, string];
  const params: Record<string, unknown> = {};
  const declaredQuery: string[] = [];
  for (const p of parametersOf(operationId)) {
    if (p.in === "path") params[p.name] = pathValue(p);
    else if (p.in === "query") {
      declaredQuery.push(p.name);
      // A name shared by a path and a query parameter is routed by the SDK: one value for both.
      if (p.name in params) continue;
      const schema = deref(p.schema ?? {});
      params[p.name] = isDateName(p.name)
        ? dateFor(schema, p.example)
        : sample(schema, p.name, p.example);
    }
  }
  const body = bodyFor(operationId);
  if (body !== undefined) params.body = body;
  return { operationId, namespace, method, params, declaredQuery };
}

function bodyFor(operationId: string): unknown {
  const { op } = operationOfDescription(operationId);
  const requestBody = deref(op.requestBody);
  const content = requestBody?.content as Record<string, { schema?: Schema }> | undefined;
  if (!content) return undefined;
  const json = content["application/json"];
  if (json) return sample(deref(json.schema ?? {}), "body", undefined, true);
  const multipart = content["multipart/form-data"];
  if (multipart) {
    const schema = deref(multipart.schema ?? {});
    const out: Record<string, unknown> = {};
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const names = schema.required?.length ? (schema.required as string[]) : Object.keys(props);
    for (const name of names) {
      const prop = deref(props[name] ?? {});
      out[name] =
        prop.format === "binary" || prop.type === "file"
          ? new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" })
          : String(sample(prop, name, undefined));
    }
    return out;
  }
  return undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `date`, `start_date`, `end_date`, `*_date`: the description's text says "date" (and its twins
 * type them `string`/`date`), so a caller sends a date whatever type the schema gives: that is
 * the value the date defects are about.
 */
function isDateName(name: string): boolean {
  return /(^|_)date$/.test(name);
}

function dateFor(schema: Schema, example: unknown): string {
  if (schema.format === "date-time") return "2026-01-05T10:00:00+00:00";
  for (const candidate of [example, schema.example, schema.examples?.[0]]) {
    if (typeof candidate === "string" && DATE.test(candidate)) return candidate;
  }
  return "2026-01-05";
}

/** Does a documented example fit its schema (type, enum, date format)? Vendor examples often do not. */
function fits(value: unknown, schema: Schema): boolean {
  if (value === undefined) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  const types: string[] = Array.isArray(schema.type)
    ? schema.type
    : schema.type
      ? [schema.type]
      : [];
  if (types.length === 0) return value !== null && typeof value !== "object";
  return types.some((type) => {
    switch (type) {
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "string":
        if (typeof value !== "string") return false;
        if (schema.format === "date") return DATE.test(value);
        if (schema.format === "date-time") return !Number.isNaN(Date.parse(value));
        return true;
      case "boolean":
        return typeof value === "boolean";
      default:
        return false; // arrays and objects are built from their schema
    }
  });
}

/** A value valid for the schema: its example when it fits, else one made from the schema. */
export function sample(
  input: Schema,
  name: string,
  example: unknown,
  requiredOnly = true,
  depth = 0,
): unknown {
  const schema = deref(input ?? {});
  for (const candidate of [example, schema.example, schema.examples?.[0], schema.default]) {
    if (fits(candidate, schema)) return candidate;
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  if (schema.allOf) {
    return Object.assign(
      {},
      ...schema.allOf.map((s: Schema) => sample(s, name, undefined, requiredOnly, depth + 1)),
    );
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    // The first alternative, with the properties and requirements the schema states beside it.
    const { oneOf: _one, anyOf: _any, ...base } = schema;
    const first = deref(alternatives[0]);
    const merged = Object.keys(base).some((k) => k === "properties" || k === "type")
      ? {
          ...base,
          ...first,
          properties: { ...base.properties, ...first.properties },
          required: [...(base.required ?? []), ...(first.required ?? [])],
        }
      : first;
    return sample(merged, name, undefined, requiredOnly, depth + 1);
  }
  const type = Array.isArray(schema.type)
    ? (schema.type.find((t: string) => t !== "null") ?? "null")
    : schema.type;
  switch (type) {
    case "integer":
    case "number":
      return Math.max(1, Math.ceil(schema.minimum ?? 1));
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return depth > 6
        ? []
        : [sample(schema.items ?? {}, name, undefined, requiredOnly, depth + 1)];
    case "string":
      return stringFor(schema, name);
    default:
      if (type === "object" || schema.properties) {
        const out: Record<string, unknown> = {};
        const props = (schema.properties ?? {}) as Record<string, Schema>;
        const names: string[] = requiredOnly ? (schema.required ?? []) : Object.keys(props);
        for (const key of names) {
          out[key] = sample(props[key] ?? {}, key, undefined, requiredOnly, depth + 1);
        }
        return out;
      }
      return "x";
  }
}

function stringFor(schema: Schema, name: string): string {
  if (schema.format === "date-time") return "2026-01-05T10:00:00+00:00";
  if (schema.format === "date" || /(^|_)date$/.test(name)) return "2026-01-05";
  if (/datetime|_at$/.test(name)) return "2026-01-05T10:00:00+00:00";
  if (schema.format === "email" || name === "email") return "client@example.com";
  if (schema.format === "uri" || schema.format === "url") return "https://example.com/";
  if (name === "phone" || name === "login") return "+13155550175";
  if (name === "password") return "prism-test-password-7";
  const text = "text";
  return schema.minLength > text.length ? text.padEnd(schema.minLength, "x") : text;
}
