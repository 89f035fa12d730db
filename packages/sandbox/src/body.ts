/**
 * Reads a request body and parses it as the operation declares: JSON, or multipart/form-data
 * (parsed by the platform's own `Request.formData()`), with the content type checked first.
 */
import type { IncomingMessage } from "node:http";
import type { JsonObject, SandboxOperation } from "./description.js";
import { SandboxProblem } from "./envelope.js";
import type { UploadedFile } from "./handlers/types.js";

/** Larger bodies get 413: the API's uploads are small images and documents. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        reject(new SandboxProblem(413, `The body is larger than ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

export interface ParsedBody {
  /** JSON value or multipart text fields; undefined when no body was sent. */
  value: unknown;
  files: UploadedFile[];
}

const isJsonType = (type: string): boolean => /^application\/([\w.+-]+\+)?json$/i.test(type);

/** The media type without parameters, lower-cased. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Parses the body the way the operation declares it. 415 for a content type the operation does
 * not take, 400 for JSON or multipart that cannot be parsed.
 */
export async function parseBody(
  operation: SandboxOperation,
  contentType: string | undefined,
  raw: Buffer,
): Promise<ParsedBody> {
  if (operation.bodyTypes.length === 0 || raw.length === 0) return { value: undefined, files: [] };
  const type = mediaTypeOf(contentType);
  const acceptsJson = operation.bodyTypes.some((t) => isJsonType(t) || t === "*/*");
  const acceptsMultipart = operation.bodyTypes.includes("multipart/form-data");
  if (acceptsMultipart && type === "multipart/form-data") {
    return parseMultipart(operation, contentType as string, raw);
  }
  if (acceptsJson && isJsonType(type)) {
    try {
      return { value: JSON.parse(raw.toString("utf8")), files: [] };
    } catch (error) {
      const reason = error instanceof Error ? error.message : "syntax error";
      throw new SandboxProblem(400, `The body is not valid JSON: ${reason}`);
    }
  }
  const expected = acceptsMultipart ? "multipart/form-data" : "application/json";
  throw new SandboxProblem(
    415,
    `Content-Type ${type || "(none)"} is not supported here: send ${expected}`,
  );
}

async function parseMultipart(
  operation: SandboxOperation,
  contentType: string,
  raw: Buffer,
): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Request("http://sandbox.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    throw new SandboxProblem(400, "The multipart/form-data body could not be parsed");
  }
  const types = multipartPropertyTypes(operation);
  const value: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [field, entry] of form.entries()) {
    if (typeof entry === "string") {
      value[field] = coerce(entry, types[field]);
    } else {
      const head = new Uint8Array(await entry.slice(0, 12).arrayBuffer());
      files.push({
        field,
        name: entry.name,
        type: entry.type,
        size: entry.size,
        sniffedImageType: sniffImageType(head),
      });
      // The schema types file fields as strings; the file itself is checked by the handler.
      value[field] = entry.name;
    }
  }
  return { value, files };
}

/**
 * The API judges an image by its bytes, not the part's declared type: bytes sent without a type
 * (the SDK's Uint8Array, a curl `-F` upload) arrive as application/octet-stream.
 */
export function sniffImageType(head: Uint8Array): string {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  const riff = starts(0x52, 0x49, 0x46, 0x46);
  if (riff && String.fromCharCode(...head.subarray(8, 12)) === "WEBP") return "image/webp";
  return "";
}

function multipartPropertyTypes(operation: SandboxOperation): Record<string, string | undefined> {
  const content = (operation.raw.requestBody as JsonObject | undefined)?.content as
    Record<string, { schema?: { properties?: Record<string, { type?: unknown }> } }> | undefined;
  const properties = content?.["multipart/form-data"]?.schema?.properties ?? {};
  const types: Record<string, string | undefined> = {};
  for (const [name, schema] of Object.entries(properties)) {
    types[name] = typeof schema.type === "string" ? schema.type : undefined;
  }
  return types;
}

/** Multipart text fields are strings on the wire; numbers and booleans are read as described. */
function coerce(text: string, type: string | undefined): unknown {
  if (
    (type === "number" || type === "integer") &&
    text.trim() !== "" &&
    Number.isFinite(Number(text))
  ) {
    return Number(text);
  }
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
