/**
 * Request bodies and responses of one operation, old against new: presence, required flag,
 * status codes, content types, and the schemas under each content type.
 */
import { change } from "./change.js";
import { booleanAt, isObject, objectAt, resolve, type JsonObject } from "./json.js";
import type { Change } from "./model.js";
import type { OperationBase } from "./parameters-diff.js";
import { diffSchemas } from "./schema-diff.js";

export interface BodySide {
  readonly document: unknown;
  readonly definition: JsonObject;
}

export function diffRequestBody(before: BodySide, after: BodySide, base: OperationBase): Change[] {
  const oldBody = resolve(before.document, before.definition.requestBody).node;
  const newBody = resolve(after.document, after.definition.requestBody).node;
  if (!isObject(oldBody) && !isObject(newBody)) return [];
  if (!isObject(newBody))
    return [change("request-body.removed", { ...base, subject: "request body" })];
  if (!isObject(oldBody)) {
    const kind = booleanAt(newBody, "required")
      ? "request-body.added-required"
      : "request-body.added-optional";
    return [change(kind, { ...base, subject: "request body", to: contentTypes(newBody) })];
  }
  const out: Change[] = [];
  const wasRequired = booleanAt(oldBody, "required");
  const isRequired = booleanAt(newBody, "required");
  if (wasRequired !== isRequired) {
    const kind = isRequired ? "request-body.now-required" : "request-body.now-optional";
    out.push(change(kind, { ...base, subject: "request body" }));
  }
  diffContent(
    { document: before.document, content: objectAt(oldBody, "content") },
    { document: after.document, content: objectAt(newBody, "content") },
    "request-body",
    "request body",
    base,
    out,
  );
  return out;
}

export function diffResponses(before: BodySide, after: BodySide, base: OperationBase): Change[] {
  const out: Change[] = [];
  const oldResponses = objectAt(before.definition, "responses");
  const newResponses = objectAt(after.definition, "responses");
  const statuses = [
    ...new Set([...Object.keys(oldResponses), ...Object.keys(newResponses)]),
  ].sort();
  for (const status of statuses) {
    if (!(status in newResponses)) {
      out.push(change("response.status-removed", { ...base, subject: `response ${status}` }));
      continue;
    }
    if (!(status in oldResponses)) {
      out.push(change("response.status-added", { ...base, subject: `response ${status}` }));
      continue;
    }
    const oldResponse = resolve(before.document, oldResponses[status]).node;
    const newResponse = resolve(after.document, newResponses[status]).node;
    diffContent(
      { document: before.document, content: objectAt(oldResponse, "content") },
      { document: after.document, content: objectAt(newResponse, "content") },
      "response",
      `response ${status}`,
      base,
      out,
    );
  }
  return out;
}

interface ContentSide {
  readonly document: unknown;
  readonly content: JsonObject;
}

/**
 * Content types present on both sides have their schemas compared; when exactly one type was
 * swapped for another (e.g. `*\/*` for `application/json`), the two schemas are compared too.
 */
function diffContent(
  before: ContentSide,
  after: ContentSide,
  prefix: "request-body" | "response",
  subject: string,
  base: OperationBase,
  out: Change[],
): void {
  const oldTypes = Object.keys(before.content).sort();
  const newTypes = Object.keys(after.content).sort();
  const removed = oldTypes.filter((t) => !newTypes.includes(t));
  const added = newTypes.filter((t) => !oldTypes.includes(t));
  for (const type of removed) {
    out.push(change(`${prefix}.content-type-removed`, { ...base, subject, from: type }));
  }
  for (const type of added) {
    out.push(change(`${prefix}.content-type-added`, { ...base, subject, to: type }));
  }
  const pairs: [string, string][] = oldTypes.filter((t) => newTypes.includes(t)).map((t) => [t, t]);
  const [onlyRemoved] = removed;
  const [onlyAdded] = added;
  if (removed.length === 1 && added.length === 1 && onlyRemoved && onlyAdded) {
    pairs.push([onlyRemoved, onlyAdded]);
  }
  for (const [oldType, newType] of pairs) {
    const findings = diffSchemas(
      { document: before.document, schema: objectAt(before.content, oldType).schema },
      { document: after.document, schema: objectAt(after.content, newType).schema },
    );
    const where = oldType === newType ? newType : `${oldType} → ${newType}`;
    for (const finding of findings) {
      out.push(
        change(`${prefix}.${finding.event}`, {
          ...base,
          subject:
            finding.at === "" ? `${subject} ${where}` : `${subject} ${where} \`${finding.at}\``,
          ...(finding.from !== undefined ? { from: finding.from } : {}),
          ...(finding.to !== undefined ? { to: finding.to } : {}),
        }),
      );
    }
  }
}

function contentTypes(body: JsonObject): string {
  const types = Object.keys(objectAt(body, "content")).sort();
  return types.length > 0 ? types.join(", ") : "(no content)";
}
