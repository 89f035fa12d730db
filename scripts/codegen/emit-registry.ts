/**
 * generated/registry.ts: the runtime registry, what the SDK reads at run time and nothing else
 * (see docs/ARCHITECTURE.md). No imports: generated/ depends on nothing. Printed in its final
 * layout (`print` below), so no formatter runs at generation time. Summaries, tags, security
 * requirements and the rest of the in-memory registry (model.ts) stay in the codegen; the docs
 * reach the editor through generated/resources.ts, which holds types only.
 */
import { CodegenError } from "./errors.js";
import type { OperationMeta, ParamType } from "./model.js";
import { generatedHeader } from "./output.js";
import type { Registry } from "./registry.js";
import type { MethodNamesConfig, PlannedNamespace } from "./resource-names.js";

/** One operation as generated/registry.ts writes it (optional fields are left out when empty). */
export interface RuntimeOperation {
  readonly method: OperationMeta["method"];
  readonly path: string;
  readonly auth: OperationMeta["auth"];
  /** `namespace.method` of the facade. */
  readonly facade: string;
  /** Path parameter → type, in the order the path template names them. */
  readonly pathParams?: Readonly<Record<string, ParamType>>;
  /** Query parameter names, as declared. */
  readonly query?: readonly string[];
  readonly body?: "json" | "multipart";
  readonly bodyRequired?: true;
  /** Absent: a JSON envelope. */
  readonly response?: "binary" | "none";
  readonly paging?: NonNullable<OperationMeta["paging"]>;
  /** Where a flat parameter goes when a path and a query parameter share its name. */
  readonly routing?: Readonly<Record<string, "path" | "query">>;
}

/** The runtime entry of each operation, by operationId, in the registry's (sorted) order. */
export function runtimeOperations(
  registry: Registry,
  plan: readonly PlannedNamespace[],
  routing: MethodNamesConfig["parameterCollisions"],
): Record<string, RuntimeOperation> {
  const facade = new Map<string, string>();
  for (const ns of plan) {
    for (const m of ns.methods) facade.set(m.operation.operationId, `${ns.name}.${m.name}`);
  }
  return Object.fromEntries(
    registry.operations.map((op) => {
      const name = facade.get(op.operationId);
      if (name === undefined) {
        throw new CodegenError("REGISTRY_INVALID", `${op.operationId} has no facade method`);
      }
      const entry: Record<string, unknown> = {
        method: op.method,
        path: op.path,
        auth: op.auth,
        facade: name,
      };
      if (op.pathParams.length > 0) {
        entry.pathParams = Object.fromEntries(
          inPathOrder(op).map((p) => [p.name, p.type] as const),
        );
      }
      if (op.queryParams.length > 0) entry.query = op.queryParams.map((p) => p.name);
      if (op.body !== null) entry.body = op.body;
      if (op.body !== null && op.bodyRequired) entry.bodyRequired = true;
      if (op.response !== "json") entry.response = op.response;
      if (op.paging !== null) entry.paging = op.paging;
      const routes = routing[op.operationId];
      if (routes !== undefined) entry.routing = routes;
      return [op.operationId, entry as unknown as RuntimeOperation];
    }),
  );
}

/** Path parameters in the order the template names them; any it does not name come last. */
function inPathOrder(op: OperationMeta): OperationMeta["pathParams"] {
  const at = (name: string) => {
    const index = op.path.indexOf(`{${name}}`);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...op.pathParams].sort((a, b) => at(a.name) - at(b.name));
}

export function registrySource(
  registry: Registry,
  plan: readonly PlannedNamespace[],
  routing: MethodNamesConfig["parameterCollisions"],
): string {
  const operations = runtimeOperations(registry, plan, routing);
  return `${generatedHeader(registry.info)}
/**
 * Every operation of the corrected description, by operationId: \`method\`, \`path\` (template as in
 * the description), \`auth\` (none | partner | user), \`facade\` (namespace.method); when present:
 * \`pathParams\` (name → type, in path order), \`query\` (names), \`body\` (json | multipart),
 * \`bodyRequired\`, \`response\` (binary | none; absent: JSON), \`paging\` (the paging style),
 * \`routing\` (where a flat parameter goes when a path and a query parameter share its name).
 */
${print(operations, "", "export const operations = ", " as const;")}

export type OperationId = keyof typeof operations;

export interface ExcludedOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly reason: string;
}

/** Operations of the description kept out of the client surface, with the reason. */
${print(registry.excluded, "", "export const excludedOperations: readonly ExcludedOperation[] = ", ";")}

export interface DescriptionInfo {
  readonly title: string;
  readonly version: string;
  /** sha256 of the pinned description's raw bytes. */
  readonly sha256: string;
  readonly servers: readonly { readonly url: string; readonly description?: string }[];
}

/** Which description this layer was generated from. */
${print(registry.info, "", "export const descriptionInfo = ", " as const satisfies DescriptionInfo;")}
`;
}

/** The project's prettier printWidth (.prettierrc.json). */
const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * `value` as a JavaScript literal laid out as prettier lays out this project's code (a test checks
 * that prettier leaves the file unchanged), so generation needs no formatter: an object or array
 * stays on one line when that line fits in the width, else takes one line per member; a string
 * that does not fit after its key goes to the next line (unless the key is short).
 */
function print(value: unknown, indent: string, head: string, tail: string): string {
  const inline = literal(value);
  if (indent.length + head.length + inline.length + tail.length <= WIDTH) {
    return `${indent}${head}${inline}${tail}`;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value) && value.length > 0) {
    const items = value.map((item) => print(item, inner, "", ","));
    return `${indent}${head}[\n${items.join("\n")}\n${indent}]${tail}`;
  }
  if (typeof value === "object" && value !== null && Object.keys(value).length > 0) {
    const members = Object.entries(value).map(([k, v]) => print(v, inner, `${key(k)}: `, ","));
    return `${indent}${head}{\n${members.join("\n")}\n${indent}}${tail}`;
  }
  // Like prettier: a value that does not fit moves to the next line unless the key is shorter
  // than tabWidth (2) + 3 characters, too little room to gain.
  const keyWidth = head.replace(/: $/, "").length;
  return keyWidth < 5
    ? `${indent}${head}${inline}${tail}`
    : `${indent}${head.trimEnd()}\n${inner}${inline}${tail}`;
}

/** A JavaScript literal on one line, keys unquoted where possible. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).map(([k, v]) => `${key(k)}: ${literal(v)}`);
    return members.length === 0 ? "{}" : `{ ${members.join(", ")} }`;
  }
  return JSON.stringify(value);
}
