/**
 * Security, compared by the credentials it asks for. api-smart-diff compares requirements by
 * scheme name and calls an added scheme breaking; to the facade only the credentials matter (it
 * sends the Authorization header each operation's requirement calls for), so these are rules.
 */
import { compare } from "../codegen/util.js";
import { canonical, isObject, objectAt, stringAt, type JsonObject } from "./json.js";
import type { Change, ChangeFields } from "./model.js";
import type { Operation } from "./index.js";
import { baseOf } from "./operation-rules.js";
import { classify } from "./rules.js";

/**
 * Names the credentials a requirement asks for, e.g. `PartnerToken + UserToken`. Requirements
 * asking for the same credentials must give the same string.
 */
export type CredentialsOf = (requirement: readonly JsonObject[], schemes: JsonObject) => string;

/**
 * The `{Placeholder}`s a scheme's bearer format or description names (`Bearer {PartnerToken}`),
 * else the scheme's name: schemes documented with the same placeholders carry the same credential.
 */
export const defaultCredentials: CredentialsOf = (requirement, schemes) => {
  if (requirement.length === 0) return "none";
  const alternatives = requirement.map((alternative) => {
    const tokens = new Set<string>();
    for (const name of Object.keys(alternative)) {
      const scheme = objectAt(schemes, name);
      const text = `${stringAt(scheme, "bearerFormat") ?? ""} ${stringAt(scheme, "description") ?? ""}`;
      const placeholders = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
      for (const token of placeholders.length > 0 ? placeholders : [name]) tokens.add(token);
    }
    return tokens.size === 0 ? "anonymous" : [...tokens].sort().join(" + ");
  });
  return [...new Set(alternatives)].sort().join(" or ");
};

/** `BearerPartnerUser`, `bearer + user`, `a or b + c`, `none`. */
const formatRequirement = (requirement: readonly JsonObject[]): string =>
  requirement.map((alt) => Object.keys(alt).sort().join(" + ") || "anonymous").join(" or ") ||
  "none";

const schemesOf = (doc: unknown) => objectAt(objectAt(doc, "components"), "securitySchemes");

/** An operation's requirement naming other schemes: a rename if the credentials are the same. */
export function diffRequirement(
  [oldOp, newOp]: readonly [Operation, Operation],
  docs: readonly [unknown, unknown],
  credentials: CredentialsOf,
): Change[] {
  const [from, to] = [formatRequirement(oldOp.security), formatRequirement(newOp.security)];
  if (from === to) return [];
  const was = credentials(oldOp.security, schemesOf(docs[0]));
  const now = credentials(newOp.security, schemesOf(docs[1]));
  const renamed = was === now; // other scheme names, the same credentials
  const kind = renamed ? "operation.security-renamed" : "operation.security-changed";
  const detail = `credentials: ${renamed ? now : `${was} → ${now}`}`;
  return [classify(kind, { ...baseOf(newOp), subject: "security requirement", from, to, detail })];
}

/** Schemes added, removed, changed in how the credential is sent, or in documentation only. */
export function diffSchemes(
  [before, after]: readonly [unknown, unknown],
  [oldOps, newOps]: readonly [ReadonlyMap<string, Operation>, ReadonlyMap<string, Operation>],
): Change[] {
  const [oldSchemes, newSchemes] = [schemesOf(before), schemesOf(after)];
  const names = [...new Set([...Object.keys(oldSchemes), ...Object.keys(newSchemes)])].sort();
  const differs = (a: JsonObject, b: JsonObject, keys: readonly string[]) =>
    keys.some((key) => canonical(before, a[key]) !== canonical(after, b[key]));
  return names.flatMap((name) => {
    const [was, now] = [oldSchemes[name], newSchemes[name]];
    type Kind = "added" | "removed" | "changed" | "documentation-changed";
    const change = (kind: Kind, fields: Omit<ChangeFields, "subject">) => [
      classify(`security-scheme.${kind}`, { subject: `security scheme \`${name}\``, ...fields }),
    ];
    if (!isObject(now)) {
      return change("removed", { from: describeScheme(was), detail: users(name, oldOps, newOps) });
    }
    if (!isObject(was)) return change("added", { to: describeScheme(now) });
    const sent = ["type", "scheme", "in", "name", "openIdConnectUrl", "flows"];
    if (differs(was, now, sent)) {
      return change("changed", { from: describeScheme(was), to: describeScheme(now) });
    }
    if (!differs(was, now, documentationKeys)) return [];
    return change("documentation-changed", { from: documentation(was), to: documentation(now) });
  });
}

const documentationKeys = ["description", "bearerFormat"];

const documentation = (scheme: JsonObject): string =>
  documentationKeys
    .flatMap((key) => (typeof scheme[key] === "string" ? [`${key}: ${scheme[key]}`] : []))
    .join("; ") || "(none)";

/** `http bearer (Bearer {PartnerToken})`, `apiKey in header Authorization`. */
function describeScheme(scheme: unknown): string {
  const type = stringAt(scheme, "type") ?? "?";
  const format = stringAt(scheme, "bearerFormat");
  if (type === "http")
    return `http ${stringAt(scheme, "scheme") ?? "?"}${format ? ` (${format})` : ""}`;
  if (type === "apiKey")
    return `apiKey in ${stringAt(scheme, "in") ?? "?"} ${stringAt(scheme, "name") ?? "?"}`;
  return type;
}

/** What the operations that used a removed scheme require now (the usual shape of a rename). */
function users(
  scheme: string,
  oldOps: ReadonlyMap<string, Operation>,
  newOps: ReadonlyMap<string, Operation>,
): string {
  const users = [...oldOps.values()].filter((op) => op.security.some((alt) => scheme in alt));
  if (users.length === 0) return "no operation used it";
  const now = new Map<string, number>();
  let gone = 0;
  for (const op of users) {
    const successor = newOps.get(op.key);
    if (successor === undefined) gone += 1;
    const requirement = successor && formatRequirement(successor.security);
    if (requirement !== undefined) now.set(requirement, (now.get(requirement) ?? 0) + 1);
  }
  const parts = [...now.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([requirement, count]) => `\`${requirement}\` (${count})`);
  if (gone > 0) parts.push(`removed (${gone})`);
  return `used by ${users.length} operation(s), which now require: ${parts.join(", ")}`;
}
