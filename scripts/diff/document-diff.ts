/**
 * The diff engine: two parsed OpenAPI 3.x descriptions in, one classed report out. Operations are
 * matched by operationId, so an operation whose path moved is a change, not a removal plus an
 * addition. Pure: no I/O, deterministic ordering.
 */
import { arrayAt, booleanAt, objectAt, stringAt, type JsonObject } from "./json.js";
import { diffOperationBodies } from "./library-diff.js";
import type { Change, DescriptionRef, DiffReport, OperationDiff, OperationRef } from "./model.js";
import { readOperations, type Operation } from "./operations.js";
import { classify as change, kindOrder } from "./rules.js";
import {
  defaultCredentials,
  diffSecuritySchemes,
  formatRequirement,
  type CredentialsOf,
} from "./security.js";

type OperationBase = Pick<Change, "operationId" | "method" | "path">;

export interface DiffOptions {
  /** How to name the credentials a security requirement asks for; see `defaultCredentials`. */
  readonly credentials?: CredentialsOf;
}

export function diffDescriptions(
  before: unknown,
  after: unknown,
  options: DiffOptions = {},
): DiffReport {
  const credentials = options.credentials ?? defaultCredentials;
  const oldOps = readOperations(before);
  const newOps = readOperations(after);
  const removedOps = [...oldOps.values()].filter((op) => !newOps.has(op.key));
  const addedOps = [...newOps.values()].filter((op) => !oldOps.has(op.key));
  const common = [...oldOps.values()].filter((op) => newOps.has(op.key));

  const changed: OperationDiff[] = [];
  const operationChanges: Change[] = [];
  const bodies = diffOperationBodies(
    before,
    after,
    common.map((op) => [op, newOps.get(op.key)!] as const),
  );
  for (const oldOp of common) {
    const newOp = newOps.get(oldOp.key)!;
    const changes = sortChanges([
      ...diffOperation(before, after, oldOp, newOp, credentials),
      ...bodies.filter((c) => c.operationId === newOp.key),
    ]);
    if (changes.length === 0) continue;
    operationChanges.push(...changes);
    const moved = oldOp.method !== newOp.method || oldOp.path !== newOp.path;
    changed.push({
      ...refOf(newOp),
      ...(moved ? { previous: { method: oldOp.method, path: oldOp.path } } : {}),
      changes,
      breaking: changes.some((c) => c.breaking),
    });
  }

  for (const op of removedOps) {
    const successor = addedOps.find(
      (a) => a.method === op.method && routeShape(a.path) === routeShape(op.path),
    );
    const summary = describeOperation(op);
    const detail = successor ? `${summary}; its route is now \`${successor.key}\`` : summary;
    operationChanges.push(
      change("operation.removed", { ...baseOf(op), subject: "operation", detail }),
    );
  }
  for (const op of addedOps) {
    operationChanges.push(
      change("operation.added", {
        ...baseOf(op),
        subject: "operation",
        detail: describeOperation(op),
      }),
    );
  }

  const document = sortChanges([
    ...versionChange(before, after),
    ...diffServers(before, after),
    ...diffSecuritySchemes(before, after, (scheme) => explainRemoval(scheme, oldOps, newOps)),
  ]);
  const changes = sortChanges([...document, ...operationChanges]);
  return {
    from: describeDocument(before, oldOps.size),
    to: describeDocument(after, newOps.size),
    counts: {
      breaking: changes.filter((c) => c.breaking).length,
      nonBreaking: changes.filter((c) => !c.breaking).length,
      facadeBreaking: changes.filter((c) => c.facadeBreaking).length,
      operationsAdded: addedOps.length,
      operationsRemoved: removedOps.length,
      operationsChanged: changed.length,
      operationsUnchanged: common.length - changed.length,
    },
    document,
    added: addedOps.map(refOf).sort(byOperationId),
    removed: removedOps.map(refOf).sort(byOperationId),
    changed: changed.sort(byOperationId),
    changes,
    notes: notesFor(common, newOps),
  };
}

function diffOperation(
  before: unknown,
  after: unknown,
  oldOp: Operation,
  newOp: Operation,
  credentials: CredentialsOf,
): Change[] {
  const base = baseOf(newOp);
  const out: Change[] = [];
  if (oldOp.method !== newOp.method) {
    out.push(
      change("operation.method-changed", {
        ...base,
        subject: "method",
        from: oldOp.method.toUpperCase(),
        to: newOp.method.toUpperCase(),
      }),
    );
  }
  if (oldOp.path !== newOp.path) {
    const oldUrl = effectiveUrl(oldOp);
    const sameUrl = oldUrl !== undefined && oldUrl === effectiveUrl(newOp);
    out.push(
      change("operation.path-changed", {
        ...base,
        subject: "path",
        from: oldOp.path,
        to: newOp.path,
        ...(sameUrl ? { detail: "same full URL" } : {}),
      }),
    );
  }
  out.push(...diffSecurity(before, after, oldOp, newOp, credentials, base));
  const wasDeprecated = booleanAt(oldOp.definition, "deprecated");
  const isDeprecated = booleanAt(newOp.definition, "deprecated");
  if (wasDeprecated !== isDeprecated) {
    const kind = isDeprecated ? "operation.deprecated" : "operation.undeprecated";
    out.push(change(kind, { ...base, subject: "deprecated flag" }));
  }
  const oldSummary = stringAt(oldOp.definition, "summary") ?? "";
  const newSummary = stringAt(newOp.definition, "summary") ?? "";
  if (oldSummary !== newSummary) {
    out.push(
      change("operation.summary-changed", {
        ...base,
        subject: "summary",
        from: oldSummary,
        to: newSummary,
      }),
    );
  }
  const oldTags = tagsOf(oldOp);
  const newTags = tagsOf(newOp);
  if (oldTags !== newTags) {
    out.push(
      change("operation.tags-changed", { ...base, subject: "tags", from: oldTags, to: newTags }),
    );
  }
  return out;
}

function diffSecurity(
  before: unknown,
  after: unknown,
  oldOp: Operation,
  newOp: Operation,
  credentials: CredentialsOf,
  base: OperationBase,
): Change[] {
  const from = formatRequirement(oldOp.security);
  const to = formatRequirement(newOp.security);
  if (from === to) return [];
  const oldCredentials = credentials(oldOp.security, schemesOf(before));
  const newCredentials = credentials(newOp.security, schemesOf(after));
  if (oldCredentials === newCredentials) {
    return [
      change("operation.security-renamed", {
        ...base,
        subject: "security requirement",
        from,
        to,
        detail: `credentials: ${newCredentials}`,
      }),
    ];
  }
  return [
    change("operation.security-changed", {
      ...base,
      subject: "security requirement",
      from,
      to,
      detail: `credentials: ${oldCredentials} → ${newCredentials}`,
    }),
  ];
}

/** What the operations that used a removed scheme require now, e.g. `now \`bearer + user\` (240)`. */
function explainRemoval(
  scheme: string,
  oldOps: ReadonlyMap<string, Operation>,
  newOps: ReadonlyMap<string, Operation>,
): string | undefined {
  const users = [...oldOps.values()].filter((op) =>
    op.security.some((alternative) => scheme in alternative),
  );
  if (users.length === 0) return "no operation used it";
  const now = new Map<string, number>();
  let gone = 0;
  for (const op of users) {
    const successor = newOps.get(op.key);
    if (successor === undefined) gone += 1;
    else {
      const requirement = formatRequirement(successor.security);
      now.set(requirement, (now.get(requirement) ?? 0) + 1);
    }
  }
  const parts = [...now.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([requirement, count]) => `\`${requirement}\` (${count})`);
  if (gone > 0) parts.push(`removed (${gone})`);
  return `used by ${users.length} operation(s), which now require: ${parts.join(", ")}`;
}

function notesFor(common: readonly Operation[], newOps: ReadonlyMap<string, Operation>): string[] {
  const notes: string[] = [];
  const moved = common.filter((op) => op.path !== newOps.get(op.key)!.path);
  if (moved.length > 0) {
    const prefixes = new Set(
      moved.map((op) => {
        const newPath = newOps.get(op.key)!.path;
        return newPath.endsWith(op.path) ? newPath.slice(0, newPath.length - op.path.length) : null;
      }),
    );
    const [prefix] = prefixes;
    if (prefixes.size === 1 && typeof prefix === "string") {
      const scope =
        moved.length === common.length
          ? `Every operation present in both revisions (${moved.length})`
          : `${moved.length} of ${common.length} operations present in both revisions`;
      notes.push(`${scope} gained the path prefix "${prefix}".`);
    }
  }
  const comparable = common.filter((op) => effectiveUrl(op) !== undefined);
  const sameUrl = comparable.filter((op) => effectiveUrl(op) === effectiveUrl(newOps.get(op.key)!));
  const serverOrPathMoved = comparable.some(
    (op) =>
      op.path !== newOps.get(op.key)!.path || op.servers[0] !== newOps.get(op.key)!.servers[0],
  );
  if (serverOrPathMoved && comparable.length > 0) {
    notes.push(
      `Effective URL (first server + path) unchanged for ${sameUrl.length} of ${comparable.length} ` +
        `operations present in both revisions${
          sameUrl.length === comparable.length ? ": requests go to the same addresses." : "."
        }`,
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
  const oldServers = read(before);
  const newServers = read(after);
  const removed = oldServers.filter((s) => !newServers.some((n) => n.url === s.url));
  const added = newServers.filter((s) => !oldServers.some((o) => o.url === s.url));
  const out: Change[] = [];
  for (const server of [...removed]) {
    const match =
      added.find((n) => server.description !== undefined && n.description === server.description) ??
      added.find(
        (n) =>
          n.index === server.index &&
          (n.description === undefined || server.description === undefined),
      );
    if (match === undefined) continue;
    out.push(
      change("server.url-changed", { subject: label(match), from: server.url, to: match.url }),
    );
    removed.splice(removed.indexOf(server), 1);
    added.splice(added.indexOf(match), 1);
  }
  for (const s of removed) out.push(change("server.removed", { subject: label(s), from: s.url }));
  for (const s of added) out.push(change("server.added", { subject: label(s), to: s.url }));
  return out;
}

function effectiveUrl(op: Operation): string | undefined {
  const server = op.servers[0];
  return server === undefined ? undefined : `${server.replace(/\/+$/, "")}${routeShape(op.path)}`;
}

/** A path with its parameter names blanked: `/client/{}/{}`. Renaming a parameter keeps the route. */
function routeShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

function versionChange(before: unknown, after: unknown): Change[] {
  const from = stringAt(objectAt(before, "info"), "version") ?? "(none)";
  const to = stringAt(objectAt(after, "info"), "version") ?? "(none)";
  return from === to
    ? []
    : [change("document.version-changed", { subject: "info.version", from, to })];
}

function describeDocument(document: unknown, operations: number): DescriptionRef {
  const info = objectAt(document, "info");
  return {
    title: stringAt(info, "title") ?? "(untitled)",
    version: stringAt(info, "version") ?? "(none)",
    operations,
  };
}

function schemesOf(document: unknown): JsonObject {
  return objectAt(objectAt(document, "components"), "securitySchemes");
}

/** `"Get a client's loyalty summary", deprecated` */
function describeOperation(op: Operation): string {
  const summary = JSON.stringify(stringAt(op.definition, "summary") ?? "");
  return booleanAt(op.definition, "deprecated") ? `${summary}, deprecated` : summary;
}

function tagsOf(op: Operation): string {
  return arrayAt(op.definition, "tags")
    .filter((t): t is string => typeof t === "string")
    .join(", ");
}

function baseOf(op: Operation): OperationBase {
  return { operationId: op.key, method: op.method, path: op.path };
}

function refOf(op: Operation): OperationRef {
  return {
    operationId: op.key,
    method: op.method,
    path: op.path,
    summary: stringAt(op.definition, "summary") ?? "",
    deprecated: booleanAt(op.definition, "deprecated"),
  };
}

function byOperationId(a: { operationId: string }, b: { operationId: string }): number {
  return compareText(a.operationId, b.operationId);
}

const rank = new Map(kindOrder.map((kind, index) => [kind, index]));

/** Breaking first (by the rule table's order), then operation, subject and values. */
export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) ||
      compareText(a.operationId ?? "", b.operationId ?? "") ||
      compareText(a.subject, b.subject) ||
      compareText(a.from ?? "", b.from ?? "") ||
      compareText(a.to ?? "", b.to ?? ""),
  );
}

/** Code-point order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
