/**
 * Systematic corrections (openapi/corrections.json) for what Overlay 1.0 cannot express: renaming
 * a media-type key and wrapping a request body in an array. Declarative, applied in order, each
 * reporting how many nodes it changed (0 = stale, which generation treats as an error).
 */
import { CodegenError } from "./errors.js";
import { findOperation, listOperations } from "./operations.js";
import type { OpenApiDocument } from "./parse.js";
import { isRecord } from "./source-config.js";
import type { ActionReport } from "./overlay.js";

export type Correction =
  | {
      readonly kind: "rename-request-media-type";
      readonly from: string;
      readonly to: string;
      readonly description?: string;
    }
  | {
      readonly kind: "request-body-as-array";
      readonly operationId: string;
      readonly required?: boolean;
      readonly description?: string;
    };

export function parseCorrections(raw: unknown, where = "corrections"): Correction[] {
  const bad = (what: string): never => {
    throw new CodegenError("CORRECTION_INVALID", `${where}: ${what}`);
  };
  if (!isRecord(raw) || !Array.isArray(raw.corrections)) return bad("expected { corrections: [] }");
  return raw.corrections.map((c: unknown, i: number): Correction => {
    if (!isRecord(c)) return bad(`corrections[${i}] must be an object`);
    if (c.kind === "rename-request-media-type") {
      if (typeof c.from !== "string" || typeof c.to !== "string") {
        bad(`corrections[${i}]: \`from\` and \`to\` must be media types`);
      }
      return c as unknown as Correction;
    }
    if (c.kind === "request-body-as-array") {
      if (typeof c.operationId !== "string") bad(`corrections[${i}]: \`operationId\` is required`);
      if (c.required !== undefined && typeof c.required !== "boolean") {
        bad(`corrections[${i}]: \`required\` must be a boolean`);
      }
      return c as unknown as Correction;
    }
    return bad(`corrections[${i}]: unknown kind ${JSON.stringify(c.kind)}`);
  });
}

/** Applies `corrections` to `document` IN PLACE. */
export function applyCorrectionsInPlace(
  document: OpenApiDocument,
  corrections: readonly Correction[],
  where = "corrections",
): ActionReport[] {
  return corrections.map((correction, i) => {
    const matched =
      correction.kind === "rename-request-media-type"
        ? renameRequestMediaType(document, correction.from, correction.to)
        : requestBodyAsArray(document, correction.operationId, correction.required);
    return {
      where: `${where} corrections[${i}]`,
      target:
        correction.kind === "rename-request-media-type"
          ? `request bodies ${correction.from} → ${correction.to}`
          : `${correction.operationId} request body → array`,
      description: correction.description ?? correction.kind,
      matched,
    };
  });
}

function renameRequestMediaType(document: OpenApiDocument, from: string, to: string): number {
  let renamed = 0;
  for (const { operation, method, path } of listOperations(document)) {
    const body = operation.requestBody;
    if (!isRecord(body) || !isRecord(body.content) || !(from in body.content)) continue;
    if (to in body.content) {
      throw new CodegenError(
        "CORRECTION_INVALID",
        `${method.toUpperCase()} ${path}: cannot rename request media type ${from} to ${to}, ` +
          `${to} is already declared`,
      );
    }
    // Rebuild the map so the renamed entry keeps its position (stable output).
    body.content = Object.fromEntries(
      Object.entries(body.content).map(([type, media]) => [type === from ? to : type, media]),
    );
    renamed += 1;
  }
  return renamed;
}

function requestBodyAsArray(
  document: OpenApiDocument,
  operationId: string,
  required: boolean | undefined,
): number {
  const found = findOperation(document, operationId);
  const body = found?.operation.requestBody;
  if (!isRecord(body) || !isRecord(body.content)) return 0;
  let wrapped = 0;
  for (const media of Object.values(body.content)) {
    if (!isRecord(media) || !isRecord(media.schema) || media.schema.type === "array") continue;
    media.schema = { type: "array", items: media.schema };
    wrapped += 1;
  }
  if (wrapped > 0 && required !== undefined) body.required = required;
  return wrapped;
}
