/**
 * The diff engine: two parsed OpenAPI 3.x descriptions in, one classed report out. Operations are
 * matched by operationId (a moved path is a change, not a removal plus an addition); what is
 * inside them is compared by api-smart-diff (library-diff.ts); the rest, which the library
 * cannot see once operations are re-keyed, here: routes, security, servers, version, notes.
 * Pure: no I/O, deterministic ordering.
 */
import { compare } from "../codegen/util.js";
import { arrayAt, isObject, objectAt, resolve, stringAt, type JsonObject } from "./json.js";
import { diffOperationBodies } from "./library-diff.js";
import { baseOf } from "./operation-rules.js";
import type { Change, ChangeKind, DiffReport, OperationRef } from "./model.js";
import { classify, classOf } from "./rules.js";
import {
  defaultCredentials,
  diffRequirement,
  diffSchemes,
  type CredentialsOf,
} from "./security.js";

export type { Change, ChangeKind, DiffReport } from "./model.js";
export type { CredentialsOf } from "./security.js";

export interface Operation {
  /** The operationId, or `METHOD path` when the description gives none. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly definition: JsonObject;
  /** Path-level and operation-level parameters, resolved; the operation's win on (in, name). */
  readonly parameters: readonly JsonObject[];
  /** Effective security requirement and servers (the operation's, else the path's or document's). */
  readonly security: readonly JsonObject[];
  readonly servers: readonly string[];
}

export interface DiffOptions {
  readonly credentials?: CredentialsOf;
}

export function diffDescriptions(
  before: unknown,
  after: unknown,
  options: DiffOptions = {},
): DiffReport {
  const credentials = options.credentials ?? defaultCredentials;
  const [oldOps, newOps] = [readOperations(before), readOperations(after)];
  const removedOps = [...oldOps.values()].filter((op) => !newOps.has(op.key));
  const addedOps = [...newOps.values()].filter((op) => !oldOps.has(op.key));
  const pairs = [...oldOps.values()].flatMap((op) => {
    const next = newOps.get(op.key);
    return next ? [[op, next] as const] : [];
  });
  const bodies = diffOperationBodies(before, after, pairs);
  const changed = pairs.flatMap(([oldOp, newOp]) => {
    const out: Change[] = bodies.filter((c) => c.operationId === newOp.key);
    const add = (kind: ChangeKind, subject: string, from?: string, to?: string, detail?: string) =>
      out.push(classify(kind, { ...baseOf(newOp), subject, from, to, detail }));
    const [oldMethod, newMethod] = [oldOp.method.toUpperCase(), newOp.method.toUpperCase()];
    if (oldMethod !== newMethod) add("operation.method-changed", "method", oldMethod, newMethod);
    if (oldOp.path !== newOp.path) {
      const url = effectiveUrl(oldOp);
      const detail = url !== undefined && url === effectiveUrl(newOp) ? "same full URL" : undefined;
      add("operation.path-changed", "path", oldOp.path, newOp.path, detail);
    }
    out.push(...diffRequirement([oldOp, newOp], [before, after], credentials));
    const deprecated = newOp.definition.deprecated === true;
    if ((oldOp.definition.deprecated === true) !== deprecated)
      add(deprecated ? "operation.deprecated" : "operation.undeprecated", "deprecated flag");
    for (const key of ["summary", "tags"] as const) {
      const [a, b] = [textOf(oldOp, key), textOf(newOp, key)];
      if (a !== b) add(`operation.${key}-changed`, key, a, b);
    }
    if (out.length === 0) return [];
    const changes = sortChanges(out);
    const moved = oldOp.method !== newOp.method || oldOp.path !== newOp.path;
    const previous = moved ? { previous: { method: oldOp.method, path: oldOp.path } } : {};
    return [{ ...refOf(newOp), ...previous, changes, breaking: changes.some((c) => c.breaking) }];
  });
  const operationChanges = [
    ...changed.flatMap((op) => op.changes),
    ...removedOps.map((op) => {
      const successor = addedOps.find(
        (a) => a.method === op.method && shape(a.path) === shape(op.path),
      );
      const detail = `${summaryOf(op)}${successor ? `; its route is now \`${successor.key}\`` : ""}`;
      return classify("operation.removed", { ...baseOf(op), subject: "operation", detail });
    }),
    ...addedOps.map((op) =>
      classify("operation.added", { ...baseOf(op), subject: "operation", detail: summaryOf(op) }),
    ),
  ];
  const version = (doc: unknown) => stringAt(objectAt(doc, "info"), "version") ?? "(none)";
  const [fromVersion, toVersion] = [version(before), version(after)];
  const versions = { subject: "info.version", from: fromVersion, to: toVersion };
  const document = sortChanges([
    ...(fromVersion === toVersion ? [] : [classify("document.version-changed", versions)]),
    ...diffServers(before, after),
    ...diffSchemes([before, after], [oldOps, newOps]),
  ]);
  const changes = sortChanges([...document, ...operationChanges]);
  const info = (doc: unknown, operations: number) => ({
    title: stringAt(objectAt(doc, "info"), "title") ?? "(untitled)",
    version: version(doc),
    operations,
  });
  const byId = (a: { operationId: string }, b: { operationId: string }) =>
    compare(a.operationId, b.operationId);
  return {
    from: info(before, oldOps.size),
    to: info(after, newOps.size),
    counts: {
      breaking: changes.filter((c) => c.breaking).length,
      nonBreaking: changes.filter((c) => !c.breaking).length,
      facadeBreaking: changes.filter((c) => c.facadeBreaking).length,
      operationsAdded: addedOps.length,
      operationsRemoved: removedOps.length,
      operationsChanged: changed.length,
      operationsUnchanged: pairs.length - changed.length,
    },
    document,
    added: addedOps.map(refOf).sort(byId),
    removed: removedOps.map(refOf).sort(byId),
    changed: changed.sort(byId),
    changes,
    notes: notesFor(pairs),
  };
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The operations of a description by operationId, path-level parameters and servers folded in. */
function readOperations(document: unknown): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = objectAt(document, "paths");
  const servers = (node: unknown, fallback: readonly string[] = []) => {
    const urls = arrayAt(node, "servers").flatMap((s) => stringAt(s, "url") ?? []);
    return urls.length > 0 ? urls : fallback;
  };
  const documentServers = servers(document);
  for (const path of Object.keys(paths).sort()) {
    const item = resolve(document, paths[path]).node;
    if (!isObject(item)) continue;
    for (const method of methods) {
      const definition = item[method];
      if (!isObject(definition)) continue;
      let key = stringAt(definition, "operationId") ?? `${method.toUpperCase()} ${path}`;
      // A duplicated operationId (invalid, but seen in the wild) must not hide an operation.
      if (operations.has(key)) key = `${key} (${method.toUpperCase()} ${path})`;
      const parameters = new Map<string, JsonObject>();
      for (const raw of [...arrayAt(item, "parameters"), ...arrayAt(definition, "parameters")]) {
        const p = resolve(document, raw).node;
        if (isObject(p)) parameters.set(`${stringAt(p, "in")}:${stringAt(p, "name")}`, p);
      }
      const security = Array.isArray(definition.security)
        ? definition.security
        : arrayAt(document, "security");
      operations.set(key, {
        key,
        method,
        path,
        definition,
        parameters: [...parameters.values()],
        security: security.filter(isObject),
        servers: servers(definition, servers(item, documentServers)),
      });
    }
  }
  return operations;
}

function notesFor(pairs: readonly (readonly [Operation, Operation])[]): string[] {
  const notes: string[] = [];
  const moved = pairs.filter(([a, b]) => a.path !== b.path);
  const prefixes = new Set(
    moved.map(([a, b]) =>
      b.path.endsWith(a.path) ? b.path.slice(0, b.path.length - a.path.length) : null,
    ),
  );
  const [prefix] = prefixes;
  if (moved.length > 0 && prefixes.size === 1 && typeof prefix === "string") {
    const scope =
      moved.length === pairs.length
        ? `Every operation present in both revisions (${moved.length})`
        : `${moved.length} of ${pairs.length} operations present in both revisions`;
    notes.push(`${scope} gained the path prefix "${prefix}".`);
  }
  const comparable = pairs.filter(([a]) => effectiveUrl(a) !== undefined);
  const same = comparable.filter(([a, b]) => effectiveUrl(a) === effectiveUrl(b)).length;
  if (comparable.some(([a, b]) => a.path !== b.path || a.servers[0] !== b.servers[0])) {
    notes.push(
      `Effective URL (first server + path) unchanged for ${same} of ${comparable.length} ` +
        `operations present in both revisions${same === comparable.length ? ": requests go to the same addresses." : "."}`,
    );
  }
  return notes;
}

/** Servers, old against new; a changed URL is paired by description, else by position. */
function diffServers(before: unknown, after: unknown): Change[] {
  const read = (doc: unknown) =>
    arrayAt(doc, "servers").flatMap((raw, index) => {
      const url = stringAt(raw, "url");
      return url === undefined ? [] : [{ url, description: stringAt(raw, "description"), index }];
    });
  type Server = ReturnType<typeof read>[number];
  const label = (s: Server) =>
    `server ${s.description !== undefined ? `"${s.description}"` : `#${s.index + 1}`}`;
  const [oldServers, newServers] = [read(before), read(after)];
  const removed = oldServers.filter((s) => !newServers.some((n) => n.url === s.url));
  const added = newServers.filter((s) => !oldServers.some((o) => o.url === s.url));
  const out: Change[] = [];
  for (const server of [...removed]) {
    const named = server.description !== undefined;
    const match =
      added.find((n) => named && n.description === server.description) ??
      added.find((n) => n.index === server.index && (!named || n.description === undefined));
    if (match === undefined) continue;
    out.push(
      classify("server.url-changed", { subject: label(match), from: server.url, to: match.url }),
    );
    removed.splice(removed.indexOf(server), 1);
    added.splice(added.indexOf(match), 1);
  }
  for (const s of removed) out.push(classify("server.removed", { subject: label(s), from: s.url }));
  for (const s of added) out.push(classify("server.added", { subject: label(s), to: s.url }));
  return out;
}

function effectiveUrl(op: Operation): string | undefined {
  const server = op.servers[0];
  return server === undefined ? undefined : `${server.replace(/\/+$/, "")}${shape(op.path)}`;
}

/** A path with its parameter names blanked: `/client/{}/{}`. Renaming a parameter keeps the route. */
const shape = (path: string) => path.replace(/\{[^}]*\}/g, "{}");

const textOf = (op: Operation, key: "summary" | "tags") =>
  key === "summary"
    ? (stringAt(op.definition, "summary") ?? "")
    : arrayAt(op.definition, "tags")
        .filter((t) => typeof t === "string")
        .join(", ");

/** `"Get a client's loyalty summary", deprecated` */
const summaryOf = (op: Operation) =>
  `${JSON.stringify(stringAt(op.definition, "summary") ?? "")}${op.definition.deprecated === true ? ", deprecated" : ""}`;

const refOf = (op: Operation): OperationRef => ({
  ...baseOf(op),
  summary: stringAt(op.definition, "summary") ?? "",
  deprecated: op.definition.deprecated === true,
});

const rank = { breaking: 0, raw: 1, "non-breaking": 2 };

/** Breaking for facade users, then for raw paths only, then the rest; each by kind, operation, subject, values. */
function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      rank[classOf(a)] - rank[classOf(b)] ||
      compare(a.kind, b.kind) ||
      compare(a.operationId ?? "", b.operationId ?? "") ||
      compare(a.subject, b.subject) ||
      compare(a.from ?? "", b.from ?? "") ||
      compare(a.to ?? "", b.to ?? ""),
  );
}
