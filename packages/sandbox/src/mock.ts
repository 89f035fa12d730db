/**
 * Example answers for operations the sandbox keeps no state for, made by openapi-backend's
 * schema mocker. That mocker predates OpenAPI 3.1 and turns `type: ["string", "null"]` into `{}`,
 * so it works on a copy of the description where each such type list keeps its first non-null
 * type. The copy is built on the first mocked request, so start-up does not pay for it.
 */
import { OpenAPIBackend, type Document } from "openapi-backend";
import type { ApiDescription } from "./description.js";

export class SchemaMocker {
  private backend: Promise<OpenAPIBackend> | undefined;

  constructor(private readonly document: ApiDescription) {}

  async mock(operationId: string, status: number, mediaType: string): Promise<unknown> {
    this.backend ??= this.build();
    const backend = await this.backend;
    return backend.mockResponseForOperation(operationId, { code: status, mediaType }).mock;
  }

  private async build(): Promise<OpenAPIBackend> {
    const copy = structuredClone(this.document);
    singleTypes(copy, new Set());
    const backend = new OpenAPIBackend({
      definition: copy as unknown as Document,
      quick: true,
      validate: false,
    });
    return backend.init();
  }
}

/** Rewrites every `type: [T, "null"]` to `type: T`, in place; shared nodes are visited once. */
function singleTypes(node: unknown, seen: Set<object>): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) singleTypes(item, seen);
    return;
  }
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.type)) {
    record.type = record.type.find((t) => t !== "null") ?? "null";
  }
  for (const value of Object.values(record)) singleTypes(value, seen);
}
