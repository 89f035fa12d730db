/**
 * Registry: one OperationMeta (model.ts) per operation of the corrected description, plus the
 * excluded operations and what identifies the description. Pure: no file access. This in-memory
 * registry is what the codegen, its tests and the update flow read; generated/registry.ts gets
 * the runtime part of it (emit-registry.ts).
 */
import { CodegenError } from "./errors.js";
import type { ExcludedOperation } from "./exclude.js";
import type {
  BodyType,
  HttpMethod,
  OperationMeta,
  ParamMeta,
  ParamType,
  ResponseType,
} from "./model.js";
import { listOperations, SDK_METHODS, type OperationRef } from "./operations.js";
import { derivePaging, type PagingOverrides } from "./paging.js";
import type { OpenApiDocument } from "./parse.js";
import { deref } from "./refs.js";
import { operationAuthLevel, type SecurityLevels } from "./security.js";
import { compare, isRecord, oneLine } from "./util.js";

export interface DescriptionInfo {
  readonly title: string;
  readonly version: string;
  /** sha256 of the pulled (uncorrected) bytes: the pin. */
  readonly sha256: string;
  readonly servers: readonly { readonly url: string; readonly description?: string }[];
}

export interface Registry {
  /** Sorted by operationId. */
  readonly operations: readonly OperationMeta[];
  readonly excluded: readonly ExcludedOperation[];
  readonly info: DescriptionInfo;
}

export interface RegistryOptions {
  readonly sha256: string;
  readonly securityLevels: SecurityLevels;
  readonly pagingOverrides: PagingOverrides;
  readonly excluded?: readonly ExcludedOperation[];
}

const PARAM_TYPES: readonly ParamType[] = [
  "integer",
  "number",
  "string",
  "boolean",
  "array",
  "object",
];

export function buildRegistry(document: OpenApiDocument, options: RegistryOptions): Registry {
  const seen = new Map<string, string>();
  const operations = listOperations(document).map((ref) => {
    const meta = operationMeta(document, ref, options);
    const where = `${ref.method.toUpperCase()} ${ref.path}`;
    const previous = seen.get(meta.operationId);
    if (previous) {
      throw new CodegenError(
        "REGISTRY_INVALID",
        `operationId ${meta.operationId} is used by both ${previous} and ${where}`,
      );
    }
    seen.set(meta.operationId, where);
    return meta;
  });
  const stale = Object.keys(options.pagingOverrides).filter((id) => !seen.has(id));
  if (stale.length > 0) {
    throw new CodegenError(
      "CORRECTION_UNMATCHED",
      `openapi/paging.json names operations the description does not have: ${stale.join(", ")}. ` +
        `Remove or rename those entries.`,
    );
  }
  operations.sort((a, b) => compare(a.operationId, b.operationId));
  return {
    operations,
    excluded: [...(options.excluded ?? [])].sort((a, b) => compare(a.operationId, b.operationId)),
    info: {
      title: document.info.title,
      version: document.info.version,
      sha256: options.sha256,
      servers: (document.servers ?? []).map((s) =>
        s.description === undefined ? { url: s.url } : { url: s.url, description: s.description },
      ),
    },
  };
}

function operationMeta(
  document: OpenApiDocument,
  ref: OperationRef,
  options: RegistryOptions,
): OperationMeta {
  const { operation, method, path } = ref;
  const where = `${method.toUpperCase()} ${path}`;
  const fail = (what: string): never => {
    throw new CodegenError("REGISTRY_INVALID", `${where}: ${what}`);
  };
  if (typeof operation.operationId !== "string" || operation.operationId === "") {
    fail("has no operationId");
  }
  if (!(SDK_METHODS as readonly string[]).includes(method))
    fail(`method ${method} is not supported`);
  const operationId = operation.operationId as string;
  const params = parameters(document, ref, where);
  const body = requestBody(document, operation.requestBody, where);
  const success = successResponse(document, operation.responses, where);
  const queryParams = params.filter((p) => p.in === "query").map((p) => p.meta);
  return {
    operationId,
    method: method as HttpMethod,
    path,
    tag:
      Array.isArray(operation.tags) && typeof operation.tags[0] === "string"
        ? operation.tags[0]
        : "",
    security: securityOf(operation.security ?? document.security),
    auth: operationAuthLevel(
      operation.security ?? document.security,
      options.securityLevels,
      where,
    ),
    deprecated: operation.deprecated === true,
    summary: typeof operation.summary === "string" ? oneLine(operation.summary) : "",
    body: body.type,
    bodyContentType: body.contentType,
    bodyRequired: body.required,
    response: success.response,
    successStatus: success.status,
    pathParams: params.filter((p) => p.in === "path").map((p) => p.meta),
    queryParams,
    paging: derivePaging(
      { queryParams: queryParams.map((p) => p.name), bodyProperties: body.properties },
      options.pagingOverrides[operationId],
    ),
  };
}

/** Scheme names per alternative requirement (authLevelOf refuses malformed requirements). */
function securityOf(security: unknown): string[][] {
  if (!Array.isArray(security)) return [];
  return security.map((requirement: unknown) =>
    isRecord(requirement) ? Object.keys(requirement) : [],
  );
}

interface LocatedParam {
  readonly in: string;
  readonly meta: ParamMeta;
}

/** Path-item parameters, overridden by the operation's own (same name + location). */
function parameters(document: OpenApiDocument, ref: OperationRef, where: string): LocatedParam[] {
  const byKey = new Map<string, LocatedParam>();
  const all = [
    ...(Array.isArray(ref.pathItem.parameters) ? ref.pathItem.parameters : []),
    ...(Array.isArray(ref.operation.parameters) ? ref.operation.parameters : []),
  ];
  for (const raw of all) {
    const param = deref(document, raw);
    if (!isRecord(param) || typeof param.name !== "string" || typeof param.in !== "string") {
      throw new CodegenError("REGISTRY_INVALID", `${where}: a parameter has no name or location`);
    }
    const schema = deref(document, param.schema);
    const type = schemaType(document, schema);
    const itemType =
      type === "array" && isRecord(schema) ? schemaType(document, schema.items) : null;
    const meta: ParamMeta = {
      name: param.name,
      type,
      required: param.in === "path" || param.required === true,
      ...(itemType ? { itemType } : {}),
    };
    byKey.set(`${param.in}:${param.name}`, { in: param.in, meta });
  }
  return [...byKey.values()];
}

/** The JSON type of a schema; `string` when the schema does not say (a query value is text). */
function schemaType(document: OpenApiDocument, raw: unknown): ParamType {
  const schema = deref(document, raw);
  if (!isRecord(schema)) return "string";
  const declared = Array.isArray(schema.type)
    ? schema.type.find((t) => t !== "null")
    : (schema.type as unknown);
  if (PARAM_TYPES.includes(declared as ParamType)) return declared as ParamType;
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const members = schema[key];
    if (Array.isArray(members) && members.length > 0) {
      const types = new Set(members.map((m) => schemaType(document, m)));
      if (types.size === 1) return [...types][0] as ParamType;
    }
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const t = typeof schema.enum[0];
    if (t === "number") return "number";
    if (t === "boolean") return "boolean";
  }
  return "string";
}

interface BodyInfo {
  readonly type: BodyType | null;
  readonly contentType: string | null;
  readonly required: boolean;
  readonly properties: readonly string[];
}

function requestBody(document: OpenApiDocument, raw: unknown, where: string): BodyInfo {
  const body = deref(document, raw);
  if (!isRecord(body) || !isRecord(body.content))
    return { type: null, contentType: null, required: false, properties: [] };
  const types = Object.keys(body.content);
  const json = types.find(isJsonMediaType);
  const required = body.required === true;
  if (json) {
    const media = body.content[json];
    const schema = deref(document, isRecord(media) ? media.schema : undefined);
    const props =
      isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : [];
    return { type: "json", contentType: json, required, properties: props };
  }
  if (types.includes("multipart/form-data")) {
    return { type: "multipart", contentType: "multipart/form-data", required, properties: [] };
  }
  throw new CodegenError(
    "REGISTRY_INVALID",
    `${where}: request body media type ${types.join(", ") || "(none)"} is neither JSON nor ` +
      `multipart/form-data; add a correction in openapi/overlay.yaml`,
  );
}

function successResponse(
  document: OpenApiDocument,
  raw: unknown,
  where: string,
): { status: number; response: ResponseType } {
  const responses = isRecord(raw) ? raw : {};
  const statuses = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  const status = statuses[0];
  if (status === undefined) {
    throw new CodegenError("REGISTRY_INVALID", `${where}: declares no 2xx response`);
  }
  const response = deref(document, responses[status]);
  const content =
    isRecord(response) && isRecord(response.content) ? Object.keys(response.content) : [];
  if (content.length === 0) return { status: Number(status), response: "none" };
  return { status: Number(status), response: content.some(isJsonMediaType) ? "json" : "binary" };
}

export function isJsonMediaType(type: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);
}
