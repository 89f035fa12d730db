/**
 * Names of the facade: tag → namespace, operationId → method. Pure and deterministic: the same
 * operations and openapi/method-names.json always give the same names, and names depend on the
 * operationId only (never on the path), so they survive the vendor moving paths.
 *
 * Rules (documented in openapi/README.md, "Method names"):
 * 1. Namespace: the tag's entry in `namespaces` (name), else the camelCase of the tag's words.
 * 2. Method: the rename table (`methods`) wins. Otherwise, from the operationId's words:
 *    - the word `deprecated` is dropped and `Deprecated` appended;
 *    - `get_…_list…` becomes `list…` with the listed noun in the plural;
 *    - the namespace's noun (the tag's last word in the singular, or the entry's `noun`) is
 *      removed once (`get_client` in Clients → `get`, `bulk_create_clients` → `bulkCreate`);
 *    - the rest is camelCased.
 * 3. Generation fails on: two methods of a namespace with one name, a name that is reserved
 *    (client members for namespaces, hand-written helpers and JS specials for methods), a table
 *    entry naming an operation or tag the description lacks, a path parameter sharing a query
 *    parameter's name or a parameter named `body` (unless the collision table routes it).
 */
import { CodegenError } from "./errors.js";
import type { OperationMeta } from "./model.js";
import { compare, isRecord, readConfigFile } from "./util.js";

export const METHOD_NAMES_PATH = "openapi/method-names.json";

export interface NamespaceRule {
  /** The namespace on the client, e.g. `auth` for "Authentication B2B". */
  readonly name?: string;
  /** Words removed from method names, e.g. "client account"; default: the tag's last word. */
  readonly noun?: string;
}

export interface MethodNamesConfig {
  readonly namespaces: Readonly<Record<string, NamespaceRule>>;
  /** operationId → method name. */
  readonly methods: Readonly<Record<string, string>>;
  /** operationId → parameter → where the flat parameter goes when path and query share it. */
  readonly parameterCollisions: Readonly<
    Record<string, Readonly<Record<string, "path" | "query">>>
  >;
  /** namespace → names of hand-written helpers (src/helpers) attached to it. */
  readonly helpers: Readonly<Record<string, readonly string[]>>;
}

export interface PlannedMethod {
  readonly name: string;
  readonly operation: OperationMeta;
}

export interface PlannedNamespace {
  readonly name: string;
  readonly tag: string;
  /** Sorted by method name. */
  readonly methods: readonly PlannedMethod[];
}

/** Members of the client object: a namespace with one of these names would hide it. */
export const CLIENT_MEMBERS: readonly string[] = [
  "request",
  "requestWithResponse",
  "login",
  "logout",
  "session",
  "raw",
  "baseUrl",
  "registry",
  "paginate",
  "collectAll",
  "helpers",
];

/** Names no namespace or method may take: `then` would make objects thenable, the rest clash. */
const JS_RESERVED: readonly string[] = [
  "then",
  "constructor",
  "prototype",
  "__proto__",
  "toString",
  "toJSON",
  "valueOf",
  "hasOwnProperty",
];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function parseMethodNamesConfig(raw: unknown, file: string): MethodNamesConfig {
  const bad = (what: string): never => {
    throw new CodegenError("CONFIG_INVALID", `${file}: ${what}`);
  };
  if (!isRecord(raw)) bad("expected an object");
  const root = raw as Record<string, unknown>;
  const section = (key: string): Record<string, unknown> => {
    const value = root[key] ?? {};
    if (!isRecord(value)) bad(`"${key}" must be an object`);
    return value as Record<string, unknown>;
  };
  const namespaces: Record<string, NamespaceRule> = {};
  for (const [tag, rule] of Object.entries(section("namespaces"))) {
    if (
      !isRecord(rule) ||
      (rule.name !== undefined && typeof rule.name !== "string") ||
      (rule.noun !== undefined && typeof rule.noun !== "string")
    ) {
      bad(`namespaces["${tag}"] must be { name?: string, noun?: string }`);
    }
    namespaces[tag] = rule as NamespaceRule;
  }
  const methods: Record<string, string> = {};
  for (const [id, name] of Object.entries(section("methods"))) {
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      bad(`methods["${id}"] must be a JavaScript identifier; got ${JSON.stringify(name)}`);
    }
    methods[id] = name as string;
  }
  const parameterCollisions: Record<string, Record<string, "path" | "query">> = {};
  for (const [id, entry] of Object.entries(section("parameterCollisions"))) {
    const routes = isRecord(entry) ? { ...entry } : bad(`parameterCollisions["${id}"]`);
    delete routes.reason;
    for (const [param, where] of Object.entries(routes)) {
      if (where !== "path" && where !== "query") {
        bad(`parameterCollisions["${id}"]["${param}"] must be "path" or "query"`);
      }
    }
    parameterCollisions[id] = routes as Record<string, "path" | "query">;
  }
  const helpers: Record<string, string[]> = {};
  for (const [ns, names] of Object.entries(section("helpers"))) {
    if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
      bad(`helpers["${ns}"] must be an array of names`);
    }
    helpers[ns] = names as string[];
  }
  return { namespaces, methods, parameterCollisions, helpers };
}

export async function loadMethodNamesConfig(root: string): Promise<MethodNamesConfig> {
  return parseMethodNamesConfig(await readConfigFile(root, METHOD_NAMES_PATH), METHOD_NAMES_PATH);
}

/** Every operation placed in a namespace under a method name; throws CodegenError on conflicts. */
export function planResources(
  operations: readonly OperationMeta[],
  config: MethodNamesConfig,
): PlannedNamespace[] {
  const problems: string[] = [];
  checkTableEntries(operations, config, problems);
  checkParameters(operations, config, problems);

  const byNamespace = new Map<string, { tag: string; methods: PlannedMethod[] }>();
  for (const operation of operations) {
    const namespace = namespaceName(operation.tag, config);
    let group = byNamespace.get(namespace);
    if (!group) {
      group = { tag: operation.tag, methods: [] };
      byNamespace.set(namespace, group);
    } else if (group.tag !== operation.tag) {
      problems.push(
        `tags "${group.tag}" and "${operation.tag}" both map to namespace "${namespace}"; ` +
          `give one a distinct name in namespaces`,
      );
    }
    const name = config.methods[operation.operationId] ?? methodName(operation, config);
    group.methods.push({ name, operation });
  }

  const planned: PlannedNamespace[] = [];
  for (const [name, group] of byNamespace) {
    if (!IDENTIFIER.test(name)) problems.push(`namespace "${name}" is not an identifier`);
    if (CLIENT_MEMBERS.includes(name) || JS_RESERVED.includes(name)) {
      problems.push(`namespace "${name}" (tag "${group.tag}") collides with a client member`);
    }
    const reserved = new Set([...JS_RESERVED, ...(config.helpers[name] ?? [])]);
    const seen = new Map<string, string>();
    for (const { name: method, operation } of group.methods) {
      const id = operation.operationId;
      if (!IDENTIFIER.test(method)) problems.push(`${id}: method name "${method}" is invalid`);
      if (reserved.has(method)) {
        problems.push(`${id}: method "${name}.${method}" is reserved (helper or JS member)`);
      }
      const other = seen.get(method);
      if (other) {
        problems.push(
          `${other} and ${id} both become "${name}.${method}"; rename one in ${METHOD_NAMES_PATH}`,
        );
      }
      seen.set(method, id);
    }
    planned.push({
      name,
      tag: group.tag,
      methods: [...group.methods].sort((a, b) => compare(a.name, b.name)),
    });
  }
  if (problems.length > 0) {
    throw new CodegenError(
      "REGISTRY_INVALID",
      `Facade names (${METHOD_NAMES_PATH}):\n` + problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
  return planned.sort((a, b) => compare(a.name, b.name));
}

/** The namespace of a tag: the table's name, else camelCase of the tag's words. */
export function namespaceName(tag: string, config: MethodNamesConfig): string {
  return config.namespaces[tag]?.name ?? camelCase(words(tag));
}

/** The rule-derived method name (the rename table is applied by the caller). */
export function methodName(operation: OperationMeta, config: MethodNamesConfig): string {
  let parts = operation.operationId.toLowerCase().split("_").filter(Boolean);
  const deprecated = parts.includes("deprecated");
  parts = parts.filter((p) => p !== "deprecated");
  const noun = nounOf(operation.tag, config);

  let name: string[];
  const listAt = parts.indexOf("list");
  if (parts[0] === "get" && listAt > 0) {
    const listed = removeNoun(parts.slice(1, listAt), noun);
    const last = listed.length - 1;
    if (last >= 0) listed[last] = plural(listed[last] as string);
    name = ["list", ...listed, ...parts.slice(listAt + 1)];
  } else {
    const [verb = "", ...rest] = parts;
    name = [verb, ...removeNoun(rest, noun)];
  }
  if (deprecated) name.push("deprecated");
  return camelCase(name);
}

function nounOf(tag: string, config: MethodNamesConfig): string[] {
  const declared = config.namespaces[tag]?.noun;
  if (declared !== undefined) return words(declared);
  const tagWords = words(tag);
  const last = tagWords[tagWords.length - 1];
  return last === undefined ? [] : [singular(last)];
}

/** Removes the first occurrence of the noun (its last word singular or plural). */
function removeNoun(parts: readonly string[], noun: readonly string[]): string[] {
  if (noun.length === 0) return [...parts];
  for (let i = 0; i + noun.length <= parts.length; i += 1) {
    const matches = noun.every((word, k) => {
      const part = parts[i + k];
      return k === noun.length - 1 ? part === word || part === plural(word) : part === word;
    });
    if (matches) return [...parts.slice(0, i), ...parts.slice(i + noun.length)];
  }
  return [...parts];
}

function words(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function camelCase(parts: readonly string[]): string {
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join("");
}

function plural(word: string): string {
  if (/[^s]s$/.test(word) && !/us$/.test(word)) return word; // already plural
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  if (/(x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

function checkTableEntries(
  operations: readonly OperationMeta[],
  config: MethodNamesConfig,
  problems: string[],
): void {
  const ids = new Set(operations.map((o) => o.operationId));
  const tags = new Set(operations.map((o) => o.tag));
  for (const id of Object.keys(config.methods)) {
    if (!ids.has(id)) problems.push(`methods names "${id}", which the description lacks`);
  }
  for (const id of Object.keys(config.parameterCollisions)) {
    if (!ids.has(id)) {
      problems.push(`parameterCollisions names "${id}", which the description lacks`);
    }
  }
  for (const tag of Object.keys(config.namespaces)) {
    if (!tags.has(tag)) problems.push(`namespaces names tag "${tag}", which no operation has`);
  }
}

function checkParameters(
  operations: readonly OperationMeta[],
  config: MethodNamesConfig,
  problems: string[],
): void {
  for (const operation of operations) {
    const id = operation.operationId;
    const routed = config.parameterCollisions[id] ?? {};
    const pathNames = new Set(operation.pathParams.map((p) => p.name));
    const clashes = new Set<string>();
    for (const param of [...operation.pathParams, ...operation.queryParams]) {
      if (param.name === "body") problems.push(`${id}: a parameter is named "body"`);
    }
    for (const param of operation.queryParams) {
      if (pathNames.has(param.name)) clashes.add(param.name);
    }
    for (const name of clashes) {
      if (!routed[name]) {
        problems.push(
          `${id}: "${name}" is both a path and a query parameter; fix the description (overlay) ` +
            `or route it in parameterCollisions`,
        );
      }
    }
    for (const name of Object.keys(routed)) {
      if (!clashes.has(name)) {
        problems.push(`parameterCollisions["${id}"]["${name}"] is stale: no such collision`);
      }
    }
  }
}
