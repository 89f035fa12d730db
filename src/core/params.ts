/**
 * The call's parameters, checked and encoded: the facade's flat `params` split into path, query and
 * body; path parameters checked against the description before anything is sent and encoded so no
 * value can change the route; the query string the way the API (PHP) reads it; multipart bodies.
 *
 * Path parameter rules (the description types most IDs as `number`, some `integer`, with defects):
 * - IDs (`id` or `*_id`): a positive safe integer, as a number or a digit string (`"42"`); 0 only
 *   where the description says it means "top level" (the product-category lookups);
 * - `phone`: a phone number (phone.ts), whatever type the description gives it;
 * - `date`, `start_date`, `end_date`: `YYYY-MM-DD` or an ISO 8601 date-time;
 * - other `integer`: a safe integer; `number`: finite; `boolean`: true/false; `string`: non-empty;
 * - never an empty segment, `.` or `..`, an object or an array.
 */
import { InvalidArgumentError, type ErrorContext } from "./errors.js";
import { operationOf, type Operation, type ParamType, type Registry } from "./operation.js";
import { isValidPhone } from "./phone.js";

export interface SplitInput {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

/** The facade's flat `params` → `{ path, query, body }`; an unknown name is refused. */
export function splitParams(operation: Operation, params: unknown): SplitInput {
  if (params === undefined || params === null) return {};
  if (typeof params !== "object" || Array.isArray(params)) {
    throw new InvalidArgumentError(
      "params",
      `${operation.operationId} takes one object of parameters ({ ${names(operation)} }); ` +
        `got ${Array.isArray(params) ? "an array" : typeof params}.`,
      operation.context,
    );
  }
  const out: SplitInput = {};
  const source = params as Record<string, unknown>;
  for (const key in source) {
    const value = source[key];
    const where = operation.routing?.[key] ?? whereIs(operation, key);
    if (where === "path") (out.path ??= {})[key] = value;
    else if (where === "query") {
      if (value !== undefined) (out.query ??= {})[key] = value;
    } else if (key === "body") out.body = value;
    else if (value !== undefined) {
      throw new InvalidArgumentError(
        key,
        `${operation.operationId} has no parameter "${key}"; it takes { ${names(operation)} }` +
          (operation.body ? " (request body fields go under `body`)." : "."),
        operation.context,
      );
    }
  }
  return out;
}

function whereIs(operation: Operation, key: string): "path" | "query" | undefined {
  if (operation.pathParams && Object.hasOwn(operation.pathParams, key)) return "path";
  return operation.query?.includes(key) ? "query" : undefined;
}

function names(operation: Operation): string {
  const all = [...Object.keys(operation.pathParams ?? {}), ...(operation.query ?? [])];
  if (operation.body) all.push("body");
  return [...new Set(all)].join(", ") || "nothing";
}

/** `operationId` → ID parameters where 0 means "all/top" (the description says so). */
const ZERO_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  deprecated_get_product_category_list: ["category_id"],
  get_product_category_list: ["parent_category_id"],
};
const DATE_PARAM = /^(date|start_date|end_date)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Throws InvalidArgumentError naming the parameter when a path parameter is missing or wrong. */
export function validatePathParams(
  operation: Operation,
  values: Record<string, unknown> | undefined,
): void {
  for (const name in operation.pathParams) {
    const problem = checkValue(operation.operationId, name, operation.pathParams[name]!, values);
    if (problem !== undefined) {
      throw new InvalidArgumentError(
        name,
        `Path parameter "${name}" of ${operation.operationId} ${problem}.`,
        operation.context,
      );
    }
  }
}

function checkValue(
  operationId: string,
  name: string,
  type: ParamType,
  values: Record<string, unknown> | undefined,
): string | undefined {
  const value = values?.[name];
  if (value === undefined || value === null) return "is required";
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    return `must be a ${type}, got ${Array.isArray(value) ? "an array" : typeof value}`;
  }
  if (name === "phone") {
    return isValidPhone(String(value))
      ? undefined
      : "must be a phone number in international format like +13155550175";
  }
  const isDate = DATE_PARAM.test(name);
  if (isDate && typeof value === "string") {
    return ISO_DATE.test(value) ? undefined : "must be a date like 2024-05-31";
  }
  if ((name === "id" || name.endsWith("_id")) && (type === "integer" || type === "number")) {
    const zeroOk = ZERO_ALLOWED[operationId]?.includes(name) === true;
    const n = asInteger(value, false);
    return n === undefined || n < (zeroOk ? 0 : 1)
      ? `must be a ${zeroOk ? "non-negative" : "positive"} integer ID, got ${describe(value)}`
      : undefined;
  }
  if (type === "integer") {
    return asInteger(value, true) === undefined
      ? `must be an integer, got ${describe(value)}`
      : undefined;
  }
  if (type === "number") {
    if (isDate) return `must be a date like 2024-05-31, got ${describe(value)}`;
    const ok =
      typeof value === "number" ? Number.isFinite(value) : /^-?\d+(\.\d+)?$/.test(String(value));
    return ok ? undefined : `must be a finite number, got ${describe(value)}`;
  }
  if (type === "boolean") {
    return value === true || value === false || value === "true" || value === "false"
      ? undefined
      : `must be true or false, got ${describe(value)}`;
  }
  return typeof value === "string" && !isRouteSafe(value)
    ? `must be a non-empty value other than "." or "..", got ${describe(value)}`
    : undefined;
}

function asInteger(value: unknown, signed: boolean): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== "string" || !(signed ? /^-?\d{1,16}$/ : /^\d{1,16}$/).test(value)) {
    return undefined;
  }
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A short, safe description of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value !== "string") return String(value);
  return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
}

/** Empty, `.` and `..` segments would be dropped or resolved by the URL parser. */
function isRouteSafe(value: string): boolean {
  return value !== "" && value !== "." && value !== "..";
}

/** Templates split once: literal text at even indexes, parameter names at odd ones. */
const templates = new Map<string, readonly string[]>();

/**
 * openapi-fetch's `pathSerializer` for raw calls: the values are checked against the operation of
 * the template first (`altegio.raw.GET("/client/{location_id}/{id}", ...)`), as for the facade.
 */
export function checkedPathSerializer(registry: Registry) {
  let byTemplate: Map<string, string> | undefined;
  return (pathname: string, values: Record<string, unknown>): string => {
    // Operations that share a template share its parameters; a GET names them in errors.
    byTemplate ??= Object.entries(registry).reduce((map, [id, meta]) => {
      if (!map.has(meta.path) || meta.method === "get") map.set(meta.path, id);
      return map;
    }, new Map<string, string>());
    // openapi-fetch hands over the base URL and the template joined: the longest suffix that is a
    // template of the registry (after the origin) names the operation.
    let operationId: string | undefined;
    const origin = pathname.indexOf("//");
    for (let i = pathname.indexOf("/", origin < 0 ? 0 : origin + 2); i >= 0 && !operationId;) {
      operationId = byTemplate.get(pathname.slice(i));
      i = pathname.indexOf("/", i + 1);
    }
    if (operationId !== undefined) validatePathParams(operationOf(registry, operationId), values);
    return serializePath(pathname, values);
  };
}

/**
 * Each `{name}` becomes its value through `encodeURIComponent` (no `/`, `?`, `#` or `%` left
 * unescaped); missing values, objects, arrays, `""`, `.`, `..` and strings that cannot be encoded
 * are refused.
 */
export function serializePath(pathname: string, pathParams: Record<string, unknown>): string {
  let parts = templates.get(pathname);
  if (parts === undefined) {
    parts = pathname.split(/\{([^{}]+)\}/);
    if (templates.size >= 2_000) templates.clear(); // raw callers may build templates on the fly
    templates.set(pathname, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    out += encodePathSegment(parts[i]!, pathParams?.[parts[i]!]) + parts[i + 1]!;
  }
  return out;
}

function encodePathSegment(name: string, value: unknown): string {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(name, `Path parameter "${name}" ${why}.`);
  };
  if (value === undefined || value === null) fail("is required");
  const type = typeof value;
  if (type !== "string" && type !== "number" && type !== "boolean" && type !== "bigint") {
    fail(`must be a string or a number, got ${Array.isArray(value) ? "an array" : type}`);
  }
  const text = String(value);
  if (!isRouteSafe(text)) fail('must not be empty, "." or "..": it would change the route');
  try {
    return encodeURIComponent(text);
  } catch {
    return fail("is not a well-formed string");
  }
}

/**
 * openapi-fetch's `querySerializer`, the way the API (PHP) reads a query:
 * - arrays repeat the name with brackets, `staff_ids[]=1&staff_ids[]=2` (a declared `id[]` keeps
 *   its brackets; PHP keeps only the last of repeated plain names);
 * - objects nest with brackets: `filter[is_approved]=1`; booleans are `1` / `0`;
 * - Dates are ISO 8601; undefined and null are left out; empty arrays send nothing.
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const name in query) appendQuery(parts, name, query[name]);
  return parts.join("&");
}

function appendQuery(parts: string[], name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const key = name.endsWith("[]") ? name : `${name}[]`;
    for (const item of value) appendQuery(parts, key, item);
  } else if (value instanceof Date) {
    parts.push(`${encodeName(name)}=${encodeURIComponent(value.toISOString())}`);
  } else if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) appendQuery(parts, `${name}[${key}]`, inner);
  } else {
    const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
    parts.push(`${encodeName(name)}=${encodeURIComponent(text)}`);
  }
}

function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/%5B/gi, "[").replace(/%5D/gi, "]");
}

/**
 * A multipart body (`POST /images/{entity}`, client files): an object whose values are files
 * (Blob/File/bytes) or text becomes FormData; a FormData passes through.
 */
export function toFormData(body: unknown, context: ErrorContext = {}): FormData {
  if (body instanceof FormData) return body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidArgumentError(
      "body",
      `A multipart body must be an object of fields (or a FormData); got ${kind(body)}.`,
      context,
    );
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === undefined || item === null) continue;
      if (item instanceof Blob) form.append(name, item);
      else if (item instanceof Uint8Array || item instanceof ArrayBuffer) {
        // A copy: the caller's bytes may be a view on a larger (or shared) buffer.
        form.append(name, new Blob([new Uint8Array(item)]), name);
      } else if (["string", "number", "boolean"].includes(typeof item)) {
        form.append(name, String(item));
      } else {
        throw new InvalidArgumentError(
          name,
          `Multipart field "${name}" must be a Blob, File, Uint8Array, ArrayBuffer, string, ` +
            `number or boolean; got ${kind(item)}.`,
          context,
        );
      }
    }
  }
  return form;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}
