/**
 * What an update means for the SDK facade, read from the two registries (one OperationMeta per
 * operationId, built from the corrected descriptions): which methods appear or disappear, whose
 * credentials change, and whose call shape changes. Routes are not compared as a break: the facade
 * looks each method's route up in the registry, so a moved path is followed automatically.
 */
import type { AuthLevel, OperationMeta, ParamMeta } from "../codegen/model.js";

export interface FacadeChange {
  readonly operationId: string;
  readonly what: string;
  readonly breaking: boolean;
}

export interface FacadeImpact {
  /** operationId → facade method (`clients.get`), for every operation named here. */
  readonly facade?: Readonly<Record<string, string>>;
  readonly methodsBefore: number;
  readonly methodsAfter: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Methods present in both whose method or path changed (followed by the registry). */
  readonly rerouted: number;
  readonly authChanged: readonly {
    readonly operationId: string;
    readonly from: AuthLevel;
    readonly to: AuthLevel;
  }[];
  /** Methods present in both, counted by auth level after the update. */
  readonly authLevels: Readonly<Partial<Record<AuthLevel, number>>>;
  /** Parameter, body, response and paging differences of methods present in both. */
  readonly shapeChanges: readonly FacadeChange[];
  readonly breaking: boolean;
}

export function facadeImpact(
  before: readonly OperationMeta[],
  after: readonly OperationMeta[],
  names: ReadonlyMap<string, string> = new Map(),
): FacadeImpact {
  const oldById = new Map(before.map((op) => [op.operationId, op]));
  const newById = new Map(after.map((op) => [op.operationId, op]));
  const added = [...newById.keys()].filter((id) => !oldById.has(id)).sort();
  const removed = [...oldById.keys()].filter((id) => !newById.has(id)).sort();
  const common = [...oldById.keys()].filter((id) => newById.has(id)).sort();
  let rerouted = 0;
  const authChanged: { operationId: string; from: AuthLevel; to: AuthLevel }[] = [];
  const authLevels: Partial<Record<AuthLevel, number>> = {};
  const shapeChanges: FacadeChange[] = [];
  for (const id of common) {
    const was = oldById.get(id)!;
    const now = newById.get(id)!;
    if (was.method !== now.method || was.path !== now.path) rerouted += 1;
    if (was.auth !== now.auth) authChanged.push({ operationId: id, from: was.auth, to: now.auth });
    authLevels[now.auth] = (authLevels[now.auth] ?? 0) + 1;
    shapeChanges.push(...compareShape(was, now));
  }
  const named = [...oldById.keys(), ...newById.keys()].filter((id) => names.has(id));
  const facade = Object.fromEntries(named.map((id) => [id, names.get(id) ?? id]));
  return {
    ...(names.size > 0 ? { facade } : {}),
    methodsBefore: before.length,
    methodsAfter: after.length,
    added,
    removed,
    rerouted,
    authChanged,
    authLevels,
    shapeChanges,
    breaking: removed.length > 0 || authChanged.length > 0 || shapeChanges.some((c) => c.breaking),
  };
}

function compareShape(was: OperationMeta, now: OperationMeta): FacadeChange[] {
  const out: FacadeChange[] = [];
  const note = (what: string, breaking: boolean) =>
    out.push({ operationId: now.operationId, what, breaking });
  const oldPath = was.pathParams.map((p) => p.name).join(", ");
  const newPath = now.pathParams.map((p) => p.name).join(", ");
  if (oldPath !== newPath) note(`path parameters (${oldPath}) → (${newPath})`, true);
  compareQuery(was.queryParams, now.queryParams, note);
  if (was.body !== now.body) note(`body ${was.body ?? "none"} → ${now.body ?? "none"}`, true);
  else if (!was.bodyRequired && now.bodyRequired) note("body now required", true);
  if (was.response !== now.response) note(`response ${was.response} → ${now.response}`, true);
  if (was.successStatus !== now.successStatus) {
    note(`success status ${was.successStatus} → ${now.successStatus}`, false);
  }
  if (was.paging !== now.paging) {
    note(`paging ${was.paging ?? "none"} → ${now.paging ?? "none"}`, was.paging !== null);
  }
  return out;
}

function compareQuery(
  before: readonly ParamMeta[],
  after: readonly ParamMeta[],
  note: (what: string, breaking: boolean) => void,
): void {
  const oldByName = new Map(before.map((p) => [p.name, p]));
  const newByName = new Map(after.map((p) => [p.name, p]));
  for (const [name, was] of oldByName) {
    const now = newByName.get(name);
    const what = `query parameter ${name}`;
    if (now === undefined) note(`${what} removed`, true);
    if (now && !was.required && now.required) note(`${what} now required`, true);
    if (now && was.type !== now.type) note(`${what}: ${was.type} → ${now.type}`, true);
  }
  for (const [name, now] of newByName) {
    const required = now.required ? " (required)" : "";
    if (!oldByName.has(name)) note(`query parameter ${name} added${required}`, now.required);
  }
}
