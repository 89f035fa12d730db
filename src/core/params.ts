/**
 * A call's parameters, checked and encoded: flat `params` split into path, query and body; path
 * parameters checked against the description before anything is sent, then encoded so that no
 * value can change the route; the query string as the API (PHP) reads it; multipart bodies.
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
  const { operationId, pathParams, query, context } = operation;
  const takes = () => {
    const names = new Set([...Object.keys(pathParams ?? {}), ...(query ?? [])]);
    if (operation.body) names.add("body");
    return `{ ${[...names].join(", ") || "nothing"} }`;
  };
  if (typeof params !== "object" || Array.isArray(params)) {
    const got = Array.isArray(params) ? "an array" : typeof params;
    const message = `${operationId} takes one object of parameters (${takes()}); got ${got}.`;
    throw new InvalidArgumentError("params", message, context);
  }
  const out: SplitInput = {};
  const source = params as Record<string, unknown>;
  for (const key in source) {
    const value = source[key];
    const where =
      operation.routing?.[key] ??
      (pathParams && Object.hasOwn(pathParams, key) ? "path" : query?.includes(key) && "query");
    if (where === "path") (out.path ??= {})[key] = value;
    else if (value === undefined) continue;
    else if (where === "query") (out.query ??= {})[key] = value;
    else if (key === "body") out.body = value;
    else {
      const hint = operation.body ? " (request body fields go under `body`)." : ".";
      const message = `${operationId} has no parameter "${key}"; it takes ${takes()}${hint}`;
      throw new InvalidArgumentError(key, message, context);
    }
  }
  return out;
}

/** `operationId` → ID parameters where 0 means "all/top" (the description says so). */
const ZERO_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  deprecated_get_product_category_list: ["category_id"],
  get_product_category_list: ["parent_category_id"],
};
const DATE_PARAM = /^(date|start_date|end_date)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Throws InvalidArgumentError naming the first path parameter that is missing or wrong. The
 * description types most IDs as `number`, with defects, so by name: IDs (`id`, `*_id`) are
 * positive safe integers (0 only where it means "top level"), `phone` a phone number, `date`,
 * `start_date`, `end_date` dates; else by type. Never an object, an array, `""`, `.` or `..`.
 */
export function validatePathParams(
  operation: Operation,
  values: Record<string, unknown> | undefined,
): void {
  for (const name in operation.pathParams) {
    const problem = checkValue(operation.operationId, name, operation.pathParams[name]!, values);
    if (problem !== undefined) {
      const message = `Path parameter "${name}" of ${operation.operationId} ${problem}.`;
      throw new InvalidArgumentError(name, message, operation.context);
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
  const got = () => `, got ${describe(value)}`;
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
      ? `must be a ${zeroOk ? "non-negative" : "positive"} integer ID${got()}`
      : undefined;
  }
  if (type === "integer") {
    return asInteger(value, true) === undefined ? `must be an integer${got()}` : undefined;
  }
  if (type === "number") {
    if (isDate) return `must be a date like 2024-05-31${got()}`;
    const ok =
      typeof value === "number" ? Number.isFinite(value) : /^-?\d+(\.\d+)?$/.test(String(value));
    return ok ? undefined : `must be a finite number${got()}`;
  }
  if (type === "boolean") {
    return ["true", "false"].includes(String(value)) ? undefined : `must be true or false${got()}`;
  }
  return typeof value === "string" && !isRouteSafe(value)
    ? `must be a non-empty value other than "." or ".."${got()}`
    : undefined;
}

function asInteger(value: string | number | boolean, signed: boolean): number | undefined {
  if (typeof value === "string" && (signed ? /^-?\d{1,16}$/ : /^\d{1,16}$/).test(value)) {
    value = Number(value);
  }
  return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
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

/**
 * openapi-fetch's `pathSerializer` for raw calls (`altegio.raw.GET("/client/{location_id}/{id}")`):
 * the values are checked against the operation of the template first, as for the facade.
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
 * A raw call given no `params.path` never reaches the path serializer: openapi-fetch leaves the
 * template's `{name}` in the URL (percent-encoded by the URL parser). Refused before sending.
 */
export function checkPathFilled(url: string, context?: ErrorContext): void {
  if (!url.includes("%7B")) return; // the common case, without parsing the URL
  const name = /\/%7B([^/]+?)%7D(?=\/|$)/.exec(new URL(url).pathname)?.[1];
  if (name !== undefined) {
    throw new InvalidArgumentError(name, `Path parameter "${name}" is required.`, context);
  }
}

/** Templates split once: literal text at even indexes, parameter names at odd ones. */
const templates = new Map<string, readonly string[]>();

/**
 * Each `{name}` becomes its value through `encodeURIComponent` (no `/`, `?`, `#` or `%` left
 * unescaped); missing values, objects, arrays, `""`, `.`, `..` and unencodable strings are refused.
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
 * openapi-fetch's `querySerializer`, as the API (PHP) reads a query: arrays repeat the name with
 * brackets (`staff_ids[]=1&staff_ids[]=2`; PHP keeps only the last of repeated plain names),
 * objects nest (`filter[is_approved]=1`), booleans are `1`/`0`, Dates ISO 8601; undefined and null
 * are left out.
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  const append = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      const key = name.endsWith("[]") ? name : `${name}[]`;
      for (const item of value) append(key, item);
    } else if (typeof value === "object" && !(value instanceof Date)) {
      for (const [key, inner] of Object.entries(value)) append(`${name}[${key}]`, inner);
    } else {
      const text =
        value instanceof Date ? value.toISOString() : typeof value === "boolean" ? +value : value;
      const encodedName = encodeURIComponent(name).replace(/%5B/gi, "[").replace(/%5D/gi, "]");
      parts.push(`${encodedName}=${encodeURIComponent(String(text))}`);
    }
  };
  for (const name in query) append(name, query[name]);
  return parts.join("&");
}

/**
 * A multipart body (`POST /images/{entity}`, client files): an object whose values are files
 * (Blob/File/bytes) or text, or arrays of them, becomes FormData; a FormData passes through.
 */
export function toFormData(body: unknown, context: ErrorContext = {}): FormData {
  if (body instanceof FormData) return body;
  const kind = (value: unknown) =>
    value === null
      ? "null"
      : Array.isArray(value)
        ? "an array"
        : typeof value === "object"
          ? (value.constructor?.name ?? "an object")
          : typeof value;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const message = `A multipart body must be an object of fields (or a FormData); got ${kind(body)}.`;
    throw new InvalidArgumentError("body", message, context);
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
