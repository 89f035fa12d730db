/**
 * What the runtime knows of one operation (generated/registry.ts holds one per operationId, lean:
 * summaries and docs live in the `.d.ts`), and the one place an operation's error context is made.
 */
import type { AuthLevel } from "./auth-level.js";
import { InvalidArgumentError, type ErrorContext } from "./errors.js";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type BodyType = "json" | "multipart";
/** How a success body is read: the JSON envelope (default), raw bytes (PDF), or nothing (204). */
export type ResponseType = "json" | "binary" | "none";
/** The API's paging styles; see src/facade/pagination.ts. */
export type PagingStyle = "page-count" | "body-page" | "meta-from-to" | "date-window";
export type ParamType = "integer" | "number" | "string" | "boolean" | "array" | "object";

export interface OperationMeta {
  readonly method: HttpMethod;
  /** Path template as in the description, e.g. `/client/{location_id}/{id}`. */
  readonly path: string;
  readonly auth: AuthLevel;
  /** `namespace.method` of the facade. */
  readonly facade?: string;
  /** Path parameters in path order, with their declared types. */
  readonly pathParams?: Readonly<Record<string, ParamType>>;
  /** Names of the query parameters. */
  readonly query?: readonly string[];
  readonly body?: BodyType;
  readonly bodyRequired?: boolean;
  readonly response?: ResponseType;
  readonly paging?: PagingStyle;
  /** Where a flat parameter goes when a path and a query parameter share its name. */
  readonly routing?: Readonly<Record<string, "path" | "query">>;
}

/** operationId → metadata: the generated registry, or one given to the client. */
export type Registry = Readonly<Record<string, OperationMeta>>;

/** An operation resolved for the runtime: its metadata, its id and its error context. */
export interface Operation extends OperationMeta {
  readonly operationId: string;
  /** `GET`, `POST`...: as sent. */
  readonly httpMethod: string;
  /** What every error about this operation carries. */
  readonly context: Required<ErrorContext>;
}

const resolved = new WeakMap<Registry, Map<string, Operation>>();

/** The operation `operationId` of `registry`; InvalidArgumentError when it has none. */
export function operationOf(registry: Registry, operationId: string): Operation {
  let cache = resolved.get(registry);
  if (!cache) resolved.set(registry, (cache = new Map()));
  let operation = cache.get(operationId);
  if (operation) return operation;
  const meta = Object.hasOwn(registry, operationId) ? registry[operationId] : undefined;
  if (!meta) {
    throw new InvalidArgumentError(
      "operationId",
      `Unknown operation "${String(operationId)}": it is not in the registry of this client.`,
    );
  }
  const httpMethod = meta.method.toUpperCase();
  operation = {
    ...meta,
    operationId,
    httpMethod,
    context: {
      operationId,
      method: httpMethod,
      path: meta.path,
      idempotent: isIdempotent(httpMethod),
    },
  };
  cache.set(operationId, operation);
  return operation;
}

/** Write methods are never replayed unless the request provably did not reach the server. */
export function isIdempotent(method: string): boolean {
  const m = method.toUpperCase();
  return m === "GET" || m === "HEAD" || m === "PUT" || m === "DELETE" || m === "OPTIONS";
}
