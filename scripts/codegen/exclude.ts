/**
 * Exclusion: operations the overlay marks with `x-sdk-excluded: <reason>` (calls the vendor makes
 * to a partner's server) leave the client surface: they are removed from `paths` and listed, with
 * the reason, in the registry's `excludedOperations`.
 */
import { CodegenError } from "./errors.js";
import { listOperations, PATH_ITEM_METHODS } from "./operations.js";
import type { OpenApiDocument } from "./parse.js";

export const EXCLUDED_EXTENSION = "x-sdk-excluded";

export interface ExcludedOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly reason: string;
}

/** Removes the marked operations from `document` IN PLACE and returns them. */
export function extractExcluded(document: OpenApiDocument): ExcludedOperation[] {
  const excluded: ExcludedOperation[] = [];
  for (const { path, method, pathItem, operation } of listOperations(document)) {
    const reason = operation[EXCLUDED_EXTENSION];
    if (reason === undefined) continue;
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new CodegenError(
        "CORRECTION_INVALID",
        `${method.toUpperCase()} ${path}: ${EXCLUDED_EXTENSION} must be a non-empty reason`,
      );
    }
    excluded.push({
      operationId: String(operation.operationId ?? `${method} ${path}`),
      method,
      path,
      reason: reason.replace(/\s+/g, " ").trim(),
    });
    delete pathItem[method];
    const remaining = Object.keys(pathItem).filter((k) =>
      (PATH_ITEM_METHODS as readonly string[]).includes(k),
    );
    if (remaining.length === 0) delete document.paths[path];
  }
  return excluded;
}
