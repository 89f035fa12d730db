/**
 * Path parameters: checked against the description before anything is sent, and encoded so that
 * no value can change the route.
 *
 * Rules (the description types most IDs as `number`, some as `integer`, and has known defects):
 * - IDs (`id` or a name ending in `_id`): a positive safe integer, as a number or a digit string
 *   (`"42"`). Zero is accepted only where the description documents it (the product-category
 *   lookups, where 0 means "top level").
 * - `phone`: a phone number (see phone.ts), whatever type the description gives it (it says
 *   `number` in two places, yet the API wants `+13155550175`).
 * - `date`, `start_date`, `end_date`: `YYYY-MM-DD` or an ISO 8601 date-time (the description types
 *   two of them as `number` by mistake).
 * - other `integer`: a safe integer; other `number`: a finite number (or its decimal string);
 *   `string`: non-empty; `boolean`: true/false.
 * - Never an empty segment, `.` or `..`, an object or an array.
 */
import { InvalidArgumentError, type ErrorContext } from "./errors.js";
import type { OperationMeta, ParamMeta } from "./operation.js";
import { isValidPhone } from "./phone.js";

/** `operationId` → ID parameters that accept 0 because the description says 0 means "all/top". */
const ZERO_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  deprecated_get_product_category_list: ["category_id"],
  get_product_category_list: ["parent_category_id"],
};

const DATE_PARAM = /^(date|start_date|end_date)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIdParam(name: string): boolean {
  return name === "id" || name.endsWith("_id");
}

/**
 * Throws `InvalidArgumentError` naming the parameter and the operation when a declared path
 * parameter is missing or not of its declared type. Undeclared extra values are ignored (the
 * URL only uses declared ones).
 */
export function validatePathParams(
  operation: OperationMeta,
  values: Record<string, unknown> | undefined,
): void {
  for (const param of operation.pathParams) {
    const value = values?.[param.name];
    const problem = checkValue(operation.operationId, param, value);
    if (problem !== undefined) {
      const context: ErrorContext = {
        operationId: operation.operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
      };
      throw new InvalidArgumentError(
        param.name,
        `Path parameter "${param.name}" of ${operation.operationId} ${problem}.`,
        context,
      );
    }
  }
}

/** Why `value` is not acceptable for `param`, or `undefined` when it is. */
function checkValue(operationId: string, param: ParamMeta, value: unknown): string | undefined {
  if (value === undefined || value === null) return "is required";
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    return `must be a ${param.type}, got ${Array.isArray(value) ? "an array" : typeof value}`;
  }
  const name = param.name;
  if (name === "phone") {
    return isValidPhone(String(value))
      ? undefined
      : "must be a phone number in international format like +13155550175";
  }
  if (DATE_PARAM.test(name) && typeof value === "string") {
    return ISO_DATE.test(value) ? undefined : "must be a date like 2024-05-31";
  }
  if (isIdParam(name) && (param.type === "integer" || param.type === "number")) {
    const zeroOk = ZERO_ALLOWED[operationId]?.includes(name) === true;
    const n = asInteger(value);
    if (n === undefined || n < (zeroOk ? 0 : 1)) {
      return `must be a ${zeroOk ? "non-negative" : "positive"} integer ID, got ${describe(value)}`;
    }
    return undefined;
  }
  switch (param.type) {
    case "integer":
      return asInteger(value, true) === undefined
        ? `must be an integer, got ${describe(value)}`
        : undefined;
    case "number":
      if (DATE_PARAM.test(name)) return `must be a date like 2024-05-31, got ${describe(value)}`;
      return asNumber(value) === undefined
        ? `must be a finite number, got ${describe(value)}`
        : undefined;
    case "boolean":
      return value === true || value === false || value === "true" || value === "false"
        ? undefined
        : `must be true or false, got ${describe(value)}`;
    default:
      return typeof value === "string" && !isRouteSafe(value)
        ? `must be a non-empty value other than "." or "..", got ${describe(value)}`
        : undefined;
  }
}

function asInteger(value: unknown, signed = false): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  if (!(signed ? /^-?\d{1,16}$/ : /^\d{1,16}$/).test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** A short, safe description of a bad value for an error message. */
function describe(value: unknown): string {
  if (typeof value === "string") {
    return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  }
  return String(value);
}

/** Empty, `.` and `..` segments would be dropped or resolved by the URL parser. */
function isRouteSafe(value: string): boolean {
  return value !== "" && value !== "." && value !== "..";
}

const PATH_PARAM = /\{([^{}]+)\}/;

/** Templates split once: literal text at even indexes, parameter names at odd ones. */
const templates = new Map<string, readonly string[]>();
/** Bounds the cache for callers that build templates on the fly (the registry has a few hundred). */
const MAX_TEMPLATES = 2_000;

/**
 * openapi-fetch 0.17 `pathSerializer`: replaces each `{name}` with the value encoded by
 * `encodeURIComponent`, which leaves no `/`, `?`, `#` or `%` unescaped. `.`, `..` and `""` are
 * refused (the URL parser would resolve them, `%2E` included), as are missing values, objects,
 * arrays and strings that cannot be encoded (lone surrogates).
 */
export function pathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  let parts = templates.get(pathname);
  if (parts === undefined) {
    // A split with a capturing group keeps the names; cheaper per call than a replace callback.
    parts = pathname.split(PATH_PARAM);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(pathname, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += encodePathSegment(name, pathParams?.[name]) + parts[i + 1]!;
  }
  return out;
}

/** One path segment, encoded; throws `InvalidArgumentError` for anything that could be unsafe. */
export function encodePathSegment(name: string, value: unknown): string {
  if (value === undefined || value === null) {
    throw new InvalidArgumentError(name, `Path parameter "${name}" is required.`);
  }
  if (
    typeof value !== "string" &&
    typeof value !== "number" &&
    typeof value !== "boolean" &&
    typeof value !== "bigint"
  ) {
    throw new InvalidArgumentError(
      name,
      `Path parameter "${name}" must be a string or a number, got ${Array.isArray(value) ? "an array" : typeof value}.`,
    );
  }
  const text = String(value);
  if (!isRouteSafe(text)) {
    throw new InvalidArgumentError(
      name,
      `Path parameter "${name}" must not be empty, "." or "..": it would change the route.`,
    );
  }
  try {
    return encodeURIComponent(text);
  } catch {
    throw new InvalidArgumentError(name, `Path parameter "${name}" is not a well-formed string.`);
  }
}
