/**
 * Security schemes and requirements. Scheme names are labels: what matters to a caller is which
 * credentials a requirement asks for, so a requirement that names other schemes carrying the same
 * credentials is a rename, not a change.
 */
import { classify as change } from "./rules.js";
import { canonical, isObject, objectAt, stringAt, type JsonObject } from "./json.js";
import type { Change } from "./model.js";

/**
 * Names the credentials a requirement asks for, e.g. `PartnerToken + UserToken`. Requirements
 * that ask for the same credentials must give the same string.
 */
export type CredentialsOf = (requirement: readonly JsonObject[], schemes: JsonObject) => string;

/** `BearerPartnerUser`, `bearer + user`, `a or b + c`, `none`. */
export function formatRequirement(requirement: readonly JsonObject[]): string {
  if (requirement.length === 0) return "none";
  return requirement
    .map((alternative) => {
      const names = Object.keys(alternative).sort();
      return names.length === 0 ? "anonymous" : names.join(" + ");
    })
    .join(" or ");
}

/**
 * Default reading of credentials: the `{Placeholder}`s a scheme's bearer format or description
 * names (`Bearer {PartnerToken}, User {UserToken}` → PartnerToken, UserToken), else the scheme's
 * name. Two schemes documented with the same placeholders carry the same credential.
 */
export const defaultCredentials: CredentialsOf = (requirement, schemes) => {
  if (requirement.length === 0) return "none";
  const alternatives = requirement.map((alternative) => {
    const tokens = new Set<string>();
    for (const name of Object.keys(alternative)) {
      const scheme = objectAt(schemes, name);
      const text = `${stringAt(scheme, "bearerFormat") ?? ""} ${stringAt(scheme, "description") ?? ""}`;
      const placeholders = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
      if (placeholders.length === 0) tokens.add(name);
      for (const placeholder of placeholders) tokens.add(placeholder);
    }
    return tokens.size === 0 ? "anonymous" : [...tokens].sort().join(" + ");
  });
  return [...new Set(alternatives)].sort().join(" or ");
};

const significantKeys = ["type", "scheme", "in", "name", "openIdConnectUrl", "flows"] as const;
const documentationKeys = ["description", "bearerFormat"] as const;

/**
 * Schemes added, removed or changed. `explain` adds, for a removed scheme, what the operations
 * that used it require now (the usual shape of a scheme rename).
 */
export function diffSecuritySchemes(
  before: unknown,
  after: unknown,
  explain: (removedScheme: string) => string | undefined,
): Change[] {
  const oldSchemes = objectAt(objectAt(before, "components"), "securitySchemes");
  const newSchemes = objectAt(objectAt(after, "components"), "securitySchemes");
  const names = [...new Set([...Object.keys(oldSchemes), ...Object.keys(newSchemes)])].sort();
  const out: Change[] = [];
  for (const name of names) {
    const oldScheme = oldSchemes[name];
    const newScheme = newSchemes[name];
    const subject = `security scheme \`${name}\``;
    if (!isObject(newScheme)) {
      const detail = explain(name);
      out.push(
        change("security-scheme.removed", {
          subject,
          from: describeScheme(oldScheme),
          ...(detail !== undefined ? { detail } : {}),
        }),
      );
    } else if (!isObject(oldScheme)) {
      out.push(change("security-scheme.added", { subject, to: describeScheme(newScheme) }));
    } else if (differs(before, after, oldScheme, newScheme, significantKeys)) {
      out.push(
        change("security-scheme.changed", {
          subject,
          from: describeScheme(oldScheme),
          to: describeScheme(newScheme),
        }),
      );
    } else if (differs(before, after, oldScheme, newScheme, documentationKeys)) {
      out.push(
        change("security-scheme.documentation-changed", {
          subject,
          from: documentation(oldScheme),
          to: documentation(newScheme),
        }),
      );
    }
  }
  return out;
}

function differs(
  before: unknown,
  after: unknown,
  oldScheme: JsonObject,
  newScheme: JsonObject,
  keys: readonly string[],
): boolean {
  return keys.some((key) => canonical(before, oldScheme[key]) !== canonical(after, newScheme[key]));
}

/** `http bearer (Bearer {PartnerToken})`, `apiKey in header Authorization`. */
export function describeScheme(scheme: unknown): string {
  const type = stringAt(scheme, "type") ?? "?";
  if (type === "http") {
    const format = stringAt(scheme, "bearerFormat");
    return `http ${stringAt(scheme, "scheme") ?? "?"}${format ? ` (${format})` : ""}`;
  }
  if (type === "apiKey") {
    return `apiKey in ${stringAt(scheme, "in") ?? "?"} ${stringAt(scheme, "name") ?? "?"}`;
  }
  return type;
}

function documentation(scheme: JsonObject): string {
  const parts = documentationKeys
    .map((key) => [key, stringAt(scheme, key)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return parts.length > 0 ? parts.join("; ") : "(none)";
}
