/** Parse: raw bytes (YAML or JSON) → a plain object with the minimum shape of OpenAPI 3.1. */
import { parseYaml } from "./cjs.js";
import { CodegenError } from "./errors.js";
import { isRecord } from "./util.js";

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

export function parseDescription(input: Uint8Array | string): OpenApiDocument {
  const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new CodegenError(
      "DESCRIPTION_UNREADABLE",
      `The description is neither YAML nor JSON: ${(error as Error).message}`,
    );
  }
  assertOpenApi31(parsed);
  return parsed;
}

export function assertOpenApi31(value: unknown): asserts value is OpenApiDocument {
  const fail = (what: string): never => {
    throw new CodegenError("DESCRIPTION_INVALID", `Not an OpenAPI 3.1 description: ${what}`);
  };
  if (!isRecord(value)) return fail("the document is not an object");
  if (typeof value.openapi !== "string" || !/^3\.1\.\d+$/.test(value.openapi)) {
    fail(`\`openapi\` is ${JSON.stringify(value.openapi)}, expected 3.1.x`);
  }
  const info = value.info;
  if (!isRecord(info) || typeof info.title !== "string" || typeof info.version !== "string") {
    fail("`info.title` and `info.version` must be strings");
  }
  if (!isRecord(value.paths)) fail("`paths` is missing");
}
