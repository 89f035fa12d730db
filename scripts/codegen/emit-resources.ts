/**
 * generated/resources.ts: the facade's shape. Per namespace an interface whose members carry the
 * operation's JSDoc (summary, description, `METHOD /path`, operationId, `@deprecated`) and are typed
 * by operationId (src/resource-types.ts), plus the runtime table namespace → method → operationId
 * that src/resources.ts turns into functions. Names come from resource-names.ts.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { OperationMeta } from "../../src/operation.js";
import { generatedHeader, type Emitter } from "./emitter.js";
import { CodegenError } from "./errors.js";
import { formatTypeScript } from "./format.js";
import { listOperations } from "./operations.js";
import type { OpenApiDocument } from "./parse.js";
import {
  METHOD_NAMES_PATH,
  parseMethodNamesConfig,
  planResources,
  type MethodNamesConfig,
  type PlannedNamespace,
} from "./resource-names.js";
import type { Registry } from "./registry.js";

/** Longest description kept in a method's JSDoc; the rest is in the vendor's docs. */
const DESCRIPTION_LIMIT = 480;

export const resourcesEmitter: Emitter = {
  name: "resources.ts",
  async emit({ root, document, registry, prettier }) {
    const config = await loadMethodNamesConfig(root);
    const contents = await formatTypeScript(resourcesSource(document, registry, config), prettier);
    return [
      {
        path: "resources.ts",
        contents,
        barrel:
          'export { parameterRouting, resourceTable } from "./resources.js";\n' +
          'export type { GeneratedResources, ResourceTable } from "./resources.js";',
      },
    ];
  },
};

export async function loadMethodNamesConfig(root: string): Promise<MethodNamesConfig> {
  const file = join(root, METHOD_NAMES_PATH);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CodegenError("CONFIG_INVALID", `Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseMethodNamesConfig(raw, METHOD_NAMES_PATH);
}

export function resourcesSource(
  document: OpenApiDocument,
  registry: Registry,
  config: MethodNamesConfig,
): string {
  const plan = planResources(registry.operations, config);
  const descriptions = descriptionsById(document);
  const interfaces = plan.map((ns) => namespaceInterface(ns, descriptions)).join("\n\n");
  const members = plan
    .map(
      (ns) =>
        `  /** Tag "${escapeDoc(ns.tag)}": ${ns.methods.length} operation(s). */\n` +
        `  readonly ${ns.name}: ${interfaceName(ns.name)};`,
    )
    .join("\n");
  const table = Object.fromEntries(
    plan.map((ns) => [
      ns.name,
      Object.fromEntries(ns.methods.map((m) => [m.name, m.operation.operationId])),
    ]),
  );
  const routing = Object.fromEntries(
    Object.entries(config.parameterCollisions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return `${generatedHeader(registry)}
import type { OperationId } from "./registry.js";
import type { ResourceMethod } from "../src/resource-types.js";

${interfaces}

/** The namespaces of the facade (one per tag of the description). */
export interface GeneratedResources {
${members}
}

/** namespace → method name → operationId. */
export const resourceTable = ${JSON.stringify(table, null, 2)} as const satisfies Readonly<
  Record<string, Readonly<Record<string, OperationId>>>
>;

export type ResourceTable = typeof resourceTable;

/**
 * Where a flat parameter goes when the description gives a path and a query parameter one name
 * (a defect; see openapi/method-names.json).
 */
export const parameterRouting: Readonly<
  Record<string, Readonly<Record<string, "path" | "query">>>
> = ${JSON.stringify(routing, null, 2)};
`;
}

interface OperationText {
  readonly summary: string;
  readonly description: string;
}

function descriptionsById(document: OpenApiDocument): Map<string, OperationText> {
  const out = new Map<string, OperationText>();
  for (const { operation } of listOperations(document)) {
    if (typeof operation.operationId !== "string") continue;
    out.set(operation.operationId, {
      summary: typeof operation.summary === "string" ? operation.summary : "",
      description: typeof operation.description === "string" ? operation.description : "",
    });
  }
  return out;
}

function namespaceInterface(ns: PlannedNamespace, texts: Map<string, OperationText>): string {
  const body = ns.methods
    .map(({ name, operation }) => {
      const doc = methodDoc(operation, texts.get(operation.operationId));
      return `${doc}\n  readonly ${name}: ResourceMethod<${JSON.stringify(operation.operationId)}>;`;
    })
    .join("\n");
  return (
    `/** \`altegio.${ns.name}\`: the operations tagged "${escapeDoc(ns.tag)}". */\n` +
    `export interface ${interfaceName(ns.name)} {\n${body}\n}`
  );
}

function methodDoc(operation: OperationMeta, text: OperationText | undefined): string {
  const lines: string[] = [];
  const summary = oneLine(text?.summary || operation.summary || operation.operationId);
  lines.push(escapeDoc(summary));
  const description = trimDescription(text?.description ?? "", summary);
  for (const paragraph of description) lines.push("", escapeDoc(paragraph));
  lines.push(
    "",
    `\`${operation.method.toUpperCase()} ${escapeDoc(operation.path)}\` (operationId ` +
      `\`${operation.operationId}\`)`,
  );
  if (operation.paging) {
    lines.push(`Paged (${operation.paging}): iterate with \`altegio.paginate(...)\`.`);
  }
  if (operation.deprecated) {
    lines.push("@deprecated The API description marks this operation as deprecated.");
  }
  return `  /**\n${lines.map((l) => (l ? `   * ${l}` : "   *")).join("\n")}\n   */`;
}

/** Whole paragraphs while they fit; a cut paragraph ends with an ellipsis. */
function trimDescription(text: string, summary: string): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map(oneLine)
    .filter((p) => p !== "" && p !== summary);
  const kept: string[] = [];
  let length = 0;
  for (const paragraph of paragraphs) {
    const room = DESCRIPTION_LIMIT - length;
    if (paragraph.length <= room) {
      kept.push(paragraph);
      length += paragraph.length;
      continue;
    }
    if (kept.length === 0) kept.push(`${paragraph.slice(0, room).replace(/\s+\S*$/, "")}…`);
    else kept.push("…");
    break;
  }
  return kept;
}

function interfaceName(namespace: string): string {
  return `${namespace.charAt(0).toUpperCase()}${namespace.slice(1)}Resource`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Text safe inside a JSDoc block: no comment terminator, no accidental tags. */
function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/(^|\s)@(?=\w)/g, "$1\\@");
}
