/** What a stateful operation handler receives and returns. */
import type { AuthRegistry, Caller } from "../auth.js";
import type { SandboxOperation } from "../description.js";
import { SandboxProblem, type Meta } from "../envelope.js";
import type { SandboxState } from "../state/store.js";
import type { FieldErrors } from "altegio-sdk";

/** A file part of a multipart body: its metadata (the bytes are not kept). */
export interface UploadedFile {
  field: string;
  name: string;
  type: string;
  size: number;
  /** The image type its first bytes show (PNG, JPEG, GIF, WebP), else "". */
  sniffedImageType: string;
}

export interface HandlerInput {
  readonly operation: SandboxOperation;
  /** Path parameters, coerced to the description's types. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Query parameters, coerced to the description's types. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body, or the text fields of a multipart body. */
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  readonly caller: Caller;
  readonly state: SandboxState;
  readonly auth: AuthRegistry;
}

export interface HandlerOutput {
  /** Defaults to the success status the description declares. */
  status?: number;
  data: unknown;
  meta?: Meta;
}

export type OperationHandler = (input: HandlerInput) => HandlerOutput;

export type HandlerMap = Readonly<Record<string, OperationHandler>>;

/** 422 with field errors, the API's answer to business validation failures. */
export function invalid(fieldErrors: FieldErrors, message = "Validation failed"): SandboxProblem {
  return new SandboxProblem(422, message, fieldErrors);
}

/** A numeric parameter the validator already coerced; NaN-safe. */
export function idParam(source: Readonly<Record<string, unknown>>, name: string): number {
  const value = Number(source[name]);
  if (!Number.isFinite(value)) throw new SandboxProblem(400, `${name} must be a number`);
  return value;
}

/** An optional numeric query parameter. */
export function optionalNumber(
  source: Readonly<Record<string, unknown>>,
  name: string,
): number | undefined {
  const value = source[name];
  if (value === undefined || value === null || value === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** `page` (from 1) and a page size bounded by `max`; 422 for values out of range. */
export function pageWindow(
  page: number | undefined,
  size: number | undefined,
  defaults: { size: number; max: number; sizeName: string },
): { page: number; size: number; offset: number } {
  const p = page ?? 1;
  const s = size ?? defaults.size;
  const errors: FieldErrors = {};
  if (!Number.isInteger(p) || p < 1) errors.page = ["The page must be a whole number from 1"];
  if (!Number.isInteger(s) || s < 1 || s > defaults.max) {
    errors[defaults.sizeName] = [`The ${defaults.sizeName} must be between 1 and ${defaults.max}`];
  }
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return { page: p, size: s, offset: (p - 1) * s };
}

/** Copies the listed keys of `source` that are present onto a new object. */
export function pickDefined<K extends string>(
  source: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function requireString(
  body: Record<string, unknown>,
  field: string,
  errors: FieldErrors,
): string {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "") {
    errors[field] = [`The ${field} field is required`];
    return "";
  }
  return value.trim();
}
