/**
 * Multipart bodies (`POST /images/{entity}`, client files): a plain object whose values are files
 * (Blob/File/bytes) or text becomes FormData. A FormData given as is passes through.
 */
import { InvalidArgumentError, type ErrorContext } from "./errors.js";

export function toFormData(body: unknown, context: ErrorContext = {}): FormData {
  if (body instanceof FormData) return body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidArgumentError(
      "body",
      `A multipart body must be an object of fields (or a FormData); got ${describe(body)}.`,
      context,
    );
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) append(form, name, item, context);
  }
  return form;
}

function append(form: FormData, name: string, value: unknown, context: ErrorContext): void {
  if (value === undefined || value === null) return;
  if (value instanceof Blob) {
    form.append(name, value);
  } else if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    // A copy: the caller's bytes may be a view on a larger (or shared) buffer.
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value);
    form.append(name, new Blob([bytes]), name);
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    form.append(name, String(value));
  } else {
    throw new InvalidArgumentError(
      name,
      `Multipart field "${name}" must be a Blob, File, Uint8Array, ArrayBuffer, string, number or boolean; got ${describe(value)}.`,
      context,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}
