/** Walking the operations of a description: every (path, method, operation object). */
import type { HttpMethod } from "./model.js";
import { isRecord } from "./util.js";
import type { OpenApiDocument } from "./parse.js";

/** The methods an OpenAPI path item may hold, in the order the spec lists them. */
export const PATH_ITEM_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

export const SDK_METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

export interface OperationRef {
  readonly path: string;
  readonly method: (typeof PATH_ITEM_METHODS)[number];
  readonly pathItem: Record<string, unknown>;
  readonly operation: Record<string, unknown>;
}

/** Every operation in document order (path order, then method order within a path item). */
export function listOperations(document: Pick<OpenApiDocument, "paths">): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isRecord(pathItem)) continue;
    for (const method of Object.keys(pathItem)) {
      const operation = pathItem[method];
      if ((PATH_ITEM_METHODS as readonly string[]).includes(method) && isRecord(operation)) {
        out.push({ path, method: method as OperationRef["method"], pathItem, operation });
      }
    }
  }
  return out;
}

export function findOperation(
  document: Pick<OpenApiDocument, "paths">,
  operationId: string,
): OperationRef | undefined {
  return listOperations(document).find((op) => op.operation.operationId === operationId);
}
