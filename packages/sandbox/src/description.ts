/**
 * Loads the API description the sandbox serves and indexes its operations: method, path, which
 * credentials each needs, how its body and success answer look. Everything is read from the
 * description itself, so the sandbox follows a revision change (1.0.0 → 1.0.1) without edits.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { authLevelOf, ConfigurationError, type AuthLevel } from "altegio-sdk";

export type JsonObject = Record<string, unknown>;

/** The HTTP methods an OpenAPI path item can hold operations under that the sandbox serves. */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** An OpenAPI document as parsed JSON; only the parts the sandbox reads are named. */
export interface ApiDescription extends JsonObject {
  openapi: string;
  info: { title?: string; version?: string };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, JsonObject>; schemas?: JsonObject };
  security?: Record<string, string[]>[];
}

export interface SandboxOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path template as in the description, e.g. `/client/{location_id}/{id}`. */
  readonly path: string;
  readonly auth: AuthLevel;
  /** Request media types the description declares (`*∕*` is read as JSON). */
  readonly bodyTypes: readonly string[];
  readonly bodyRequired: boolean;
  readonly successStatus: number;
  /** Media type of the success answer; undefined when it has no body (204). */
  readonly responseType: string | undefined;
  /**
   * True when the described success body is the `{success, data, meta}` envelope (or is not
   * described); false for the few operations whose schema is a bare object or list.
   */
  readonly envelope: boolean;
  /** The operation object itself (parameters, schemas). */
  readonly raw: JsonObject;
}

const METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

/** Where the codegen writes the corrected description, relative to the package root. */
const GENERATED_DESCRIPTION = join("generated", "openapi.json");

/**
 * Reads a description given as an object (cloned: the router dereferences in place) or a path to
 * a `.json` or `.yaml` file. Without one, the package's corrected `generated/openapi.json`.
 */
export async function loadDescription(source?: string | object): Promise<ApiDescription> {
  if (source !== undefined && typeof source === "object") {
    return checkDescription(structuredClone(source), "the description object");
  }
  const path = source ?? findGeneratedDescription();
  if (!existsSync(path)) {
    throw new ConfigurationError(`Sandbox description not found: ${path}`);
  }
  const text = readFileSync(path, "utf8");
  if (/\.ya?ml$/i.test(path)) {
    // `yaml` is an optional dependency: only needed when someone points the sandbox at YAML.
    const { parse } = await import("yaml");
    return checkDescription(parse(text), path);
  }
  return checkDescription(JSON.parse(text), path);
}

/** `relative` in this module's folder or the nearest folder above that has it. */
function findUp(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, "..");
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function findGeneratedDescription(): string {
  const found = findUp(GENERATED_DESCRIPTION);
  if (found) return found;
  throw new ConfigurationError(
    "The sandbox found no generated/openapi.json: run `npm run generate`, or pass `description` " +
      "(a path to an OpenAPI file or the parsed object).",
  );
}

function checkDescription(value: unknown, origin: string): ApiDescription {
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as JsonObject).openapi !== "string" ||
    typeof (value as JsonObject).paths !== "object"
  ) {
    throw new ConfigurationError(`${origin} is not an OpenAPI description (no openapi/paths).`);
  }
  return value as ApiDescription;
}

/**
 * The path part of the production server URL (`/api/v1` for 1.0.0, `/api` for 1.0.1): the
 * description's paths are served under it, so SDK base URLs keep the API's shape.
 */
export function basePathOf(description: ApiDescription): string {
  const server = description.servers?.find((s) => /^https?:\/\//i.test(s.url));
  if (!server) return "";
  const path = new URL(server.url).pathname.replace(/\/+$/, "");
  return path === "/" ? "" : path;
}

/** Scheme name → auth level, as the codegen's `openapi/security.json` declares it. */
export type SecurityLevels = Readonly<Record<string, AuthLevel>>;

/**
 * Reads the codegen's scheme mapping (`openapi/security.json`) when the package has it, so the
 * sandbox asks for exactly the credentials the registry says each operation needs.
 */
export function findSecurityLevels(): SecurityLevels {
  const file = findUp(join("openapi", "security.json"));
  if (!file) return {};
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { levels?: SecurityLevels };
  return parsed.levels ?? {};
}

/**
 * The operation's auth level by the SDK's one rule (`authLevelOf`: a requirement object needs ALL
 * its schemes, alternatives need any one, `[]` or none is `none`), each scheme's level taken from
 * the codegen's mapping. A scheme the mapping does not name counts as a user token when its format
 * or description mentions one (`User {UserToken}`), else as partner.
 */
export function operationAuthLevel(
  security: readonly Record<string, unknown>[] | undefined,
  schemes: Record<string, JsonObject>,
  levels: SecurityLevels,
): AuthLevel {
  return authLevelOf(
    security,
    (name) => levels[name] ?? (mentionsUserToken(schemes[name]) ? "user" : "partner"),
  );
}

function mentionsUserToken(scheme: JsonObject | undefined): boolean {
  if (!scheme) return false;
  const text = `${String(scheme.bearerFormat ?? "")} ${String(scheme.description ?? "")}`;
  return /\bUser\s*\{?\s*user_?token/i.test(text);
}

/** Indexes every operation of a dereferenced description by operationId. */
export function indexOperations(
  description: ApiDescription,
  levels: SecurityLevels,
): Map<string, SandboxOperation> {
  const schemes = description.components?.securitySchemes ?? {};
  const operations = new Map<string, SandboxOperation>();
  for (const [path, item] of Object.entries(description.paths)) {
    for (const method of METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op || typeof op.operationId !== "string") continue;
      const security = (op.security ?? description.security) as
        Record<string, unknown>[] | undefined;
      const requestBody = op.requestBody as
        { required?: boolean; content?: Record<string, unknown> } | undefined;
      const { status, mediaType, schema } = successOf(op);
      operations.set(op.operationId, {
        operationId: op.operationId,
        method,
        path,
        auth: operationAuthLevel(security, schemes, levels),
        bodyTypes: Object.keys(requestBody?.content ?? {}),
        bodyRequired: requestBody?.required === true,
        successStatus: status,
        responseType: mediaType,
        envelope: isEnvelope(schema),
        raw: op,
      });
    }
  }
  return operations;
}

function successOf(op: JsonObject): {
  status: number;
  mediaType: string | undefined;
  schema: JsonObject | undefined;
} {
  const responses = (op.responses ?? {}) as Record<
    string,
    { content?: Record<string, { schema?: JsonObject }> }
  >;
  const code = Object.keys(responses).find((c) => /^2\d\d$/.test(c)) ?? "200";
  const status = Number(code);
  if (status === 204) return { status, mediaType: undefined, schema: undefined };
  const content = responses[code]?.content ?? {};
  const mediaType = Object.keys(content)[0];
  return {
    status,
    mediaType: mediaType ?? "application/json",
    schema: mediaType ? content[mediaType]?.schema : undefined,
  };
}

function isEnvelope(schema: JsonObject | undefined): boolean {
  if (!schema) return true;
  const properties = schema.properties as JsonObject | undefined;
  if (properties && "success" in properties) return true;
  // The corrected description may compose the envelope with allOf.
  return Array.isArray(schema.allOf) && schema.allOf.some((part) => isEnvelope(part as JsonObject));
}
