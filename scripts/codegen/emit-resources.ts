/**
 * generated/resources.ts: the facade's shape, as TYPES ONLY (nothing of it reaches the bundle).
 * Per namespace an interface whose members map each method name to its operationId and carry the
 * operation's JSDoc (summary, description, `METHOD /path`, operationId, paging, `@deprecated`);
 * src/ maps each member to a typed method, which keeps the JSDoc for the editor. Then
 * `ResourceMap`, namespace → interface. Names come from resource-names.ts (the same plan gives
 * each runtime registry entry its `facade`).
 */
import type { OperationMeta } from "./model.js";
import { listOperations } from "./operations.js";
import { generatedHeader } from "./output.js";
import type { OpenApiDocument } from "./parse.js";
import type { PlannedNamespace } from "./resource-names.js";
import type { Registry } from "./registry.js";
import { oneLine } from "./util.js";

/** Longest description kept in a method's JSDoc; the rest is in the vendor's docs. */
const DESCRIPTION_LIMIT = 480;

export function resourcesSource(
  document: OpenApiDocument,
  registry: Registry,
  plan: readonly PlannedNamespace[],
): string {
  const descriptions = descriptionsById(document);
  const interfaces = plan.map((ns) => namespaceInterface(ns, descriptions)).join("\n\n");
  const members = plan
    .map(
      (ns) =>
        `  /** Tag "${escapeDoc(ns.tag)}": ${ns.methods.length} operation(s). */\n` +
        `  readonly ${ns.name}: ${interfaceName(ns.name)};`,
    )
    .join("\n");
  return `${generatedHeader(registry.info)}
${interfaces}

/** The namespaces of the facade (one per tag of the description). */
export interface ResourceMap {
${members}
}
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
      return `${doc}\n  readonly ${name}: ${JSON.stringify(operation.operationId)};`;
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
  return `${namespace.charAt(0).toUpperCase()}${namespace.slice(1)}Methods`;
}

/** Text safe inside a JSDoc block: no comment terminator, no accidental tags. */
function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/(^|\s)@(?=\w)/g, "$1\\@");
}
