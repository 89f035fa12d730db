/** Builds a Change with its class taken from the rule table, so no finding is classed by hand. */
import type { Change, ChangeKind } from "./model.js";
import { rules } from "./rules.js";

export type ChangeFields = Omit<Change, "kind" | "breaking" | "facadeBreaking">;

export function change(kind: ChangeKind, fields: ChangeFields): Change {
  const rule = rules[kind];
  const result: { -readonly [K in keyof Change]: Change[K] } = {
    kind,
    breaking: rule.breaking,
    facadeBreaking: rule.facadeBreaking,
    subject: fields.subject,
  };
  // Only defined fields, so JSON output and deep-equality in tests stay tidy.
  if (fields.operationId !== undefined) result.operationId = fields.operationId;
  if (fields.method !== undefined) result.method = fields.method;
  if (fields.path !== undefined) result.path = fields.path;
  if (fields.from !== undefined) result.from = fields.from;
  if (fields.to !== undefined) result.to = fields.to;
  if (fields.detail !== undefined) result.detail = fields.detail;
  return result;
}
