/**
 * Routing, request validation and response mocks, all done by openapi-backend from the
 * description. Quick mode compiles each operation's validators on first use, which keeps start-up
 * well under a second on the 1.3 MB description.
 */
import { OpenAPIBackend, type AjvCustomizer, type Document, type Operation } from "openapi-backend";
import type { ApiDescription } from "./description.js";
import { SandboxProblem } from "./envelope.js";

export interface RequestToCheck {
  method: string;
  /** Full URL path, base path included. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  headers: Record<string, string | string[]>;
  /** Parsed JSON (or multipart fields); undefined when no body was sent. */
  body: unknown;
}

export interface ValidationIssue {
  /** `body`, `query` or `path`. */
  in: "body" | "query" | "path" | "header";
  /** The field, dotted for nested body fields (`client.phone`); empty for the whole body. */
  field: string;
  message: string;
}

export interface CheckedRequest {
  valid: boolean;
  issues: ValidationIssue[];
  /** Path and query parameters coerced to their described types (only when valid). */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Formats the description uses that openapi-backend does not define itself. */
type Ajv = Parameters<AjvCustomizer>[0];

function addFormats(ajv: Ajv): Ajv {
  ajv.addFormat("date", DATE);
  // The API writes both `2026-01-05T10:00:00+00:00` and `2026-01-05 10:00:00`.
  ajv.addFormat("date-time", DATE_TIME);
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat("html", /[\s\S]*/);
  return ajv;
}

/**
 * openapi-backend builds a new Ajv for every validator it compiles; one Ajv per kind of
 * validator and option set compiles the same schemas several times faster.
 */
function sharedAjv(cache: Map<string, Ajv>, fresh: Ajv, options: object, context: string): Ajv {
  const key = `${context} ${JSON.stringify(options)}`;
  let ajv = cache.get(key);
  if (!ajv) {
    ajv = addFormats(fresh);
    cache.set(key, ajv);
  }
  return ajv;
}

/**
 * The description with query parameters named as the request parser reads them: the API (PHP)
 * reads `staff_ids[]=1&staff_ids[]=2` as `staff_ids`, and so does the router's query parser, so a
 * parameter the description names `staff_ids[]` is validated under `staff_ids`.
 */
function phpQueryNames<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => phpQueryNames(v)) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = phpQueryNames(inner);
  if (out.in === "query" && typeof out.name === "string" && out.name.endsWith("[]")) {
    out.name = out.name.slice(0, -2);
  }
  return out as T;
}

export class OpenApiEngine {
  private constructor(private readonly backend: OpenAPIBackend) {}

  static async create(description: ApiDescription, basePath: string): Promise<OpenApiEngine> {
    const ajvs = new Map<string, Ajv>();
    const backend = new OpenAPIBackend({
      definition: phpQueryNames(description) as unknown as Document,
      apiRoot: basePath || "/",
      quick: true,
      strict: false,
      validate: true,
      coerceTypes: true,
      ignoreTrailingSlashes: true,
      ajvOpts: { strict: false, allErrors: true },
      customizeAjv: (ajv, options, context) => sharedAjv(ajvs, ajv, options, String(context)),
    });
    await backend.init();
    // The router rebuilds its operation list on every match; the description never changes
    // while the sandbox runs, so build it once.
    const operations = backend.router.getOperations();
    backend.router.getOperations = () => operations;
    return new OpenApiEngine(backend);
  }

  /** The description with every `$ref` resolved. */
  get document(): ApiDescription {
    return this.backend.definition as unknown as ApiDescription;
  }

  /**
   * The operation for this method and path; throws 404 (the API's second error shape) or 405.
   */
  route(method: string, path: string): Operation {
    try {
      return this.backend.router.matchOperation({ method, path, headers: {} }, true);
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      if (message.startsWith("405")) {
        throw new SandboxProblem(405, `Method ${method.toUpperCase()} is not allowed here`);
      }
      throw new SandboxProblem(
        404,
        "Not found: no API operation has this path",
        undefined,
        "coded",
      );
    }
  }

  check(request: RequestToCheck, operation: Operation): CheckedRequest {
    const result = this.backend.validator.validateRequest(
      {
        method: request.method,
        path: request.path,
        query: request.query,
        headers: request.headers,
        body: request.body as never,
      },
      operation,
    );
    const coerced = (result.coerced ?? {}) as { params?: unknown; query?: unknown };
    const parsed = this.backend.router.parseRequest(
      { method: request.method, path: request.path, query: request.query, headers: {} },
      operation,
    );
    return {
      valid: result.valid,
      issues: (result.errors ?? []).map(toIssue),
      params: { ...(parsed.params as object), ...((coerced.params as object) ?? {}) },
      query: { ...(parsed.query as object), ...((coerced.query as object) ?? {}) },
    };
  }

  /**
   * Checks an answer body against the schema the description gives for that status; the
   * sandbox's own tests use it to prove its stateful answers keep the described shapes.
   */
  checkResponse(operationId: string, status: number, body: unknown): ValidationIssue[] {
    const result = this.backend.validator.validateResponse(body, operationId, status);
    return (result.errors ?? []).map((error) => ({
      in: "body" as const,
      field: error.instancePath,
      message: error.message ?? error.keyword,
    }));
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function toIssue(error: AjvIssue): ValidationIssue {
  const segments = error.instancePath.split("/").filter(Boolean);
  const root = segments.shift() ?? "";
  const where: ValidationIssue["in"] =
    root === "requestBody"
      ? "body"
      : root === "query"
        ? "query"
        : root === "path"
          ? "path"
          : "header";
  if (error.keyword === "parse") {
    return { in: "body", field: "", message: `The body is not valid JSON: ${error.message ?? ""}` };
  }
  let field = segments.join(".");
  let message = error.message ?? "is invalid";
  if (error.keyword === "required") {
    const missing = String(error.params.missingProperty);
    if (missing === "requestBody")
      return { in: "body", field: "", message: "A request body is required" };
    if (root === "" && ["path", "query", "header"].includes(missing)) {
      return {
        in: missing as ValidationIssue["in"],
        field: "",
        message: `Required ${missing} parameters are missing`,
      };
    }
    field = field ? `${field}.${missing}` : missing;
    message = "is required";
  } else if (error.keyword === "additionalProperties") {
    const extra = String(error.params.additionalProperty);
    field = field ? `${field}.${extra}` : extra;
    message = root === "query" ? "is not a parameter of this operation" : "is not allowed";
  }
  return { in: where, field, message };
}
