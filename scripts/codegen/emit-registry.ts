/** generated/registry.ts: the runtime operation registry (see docs/ARCHITECTURE.md). */
import { generatedHeader, type Emitter } from "./emitter.js";
import { formatTypeScript } from "./format.js";
import type { Registry } from "./registry.js";

export const registryEmitter: Emitter = {
  name: "registry.ts",
  async emit({ registry, prettier }) {
    const contents = await formatTypeScript(registrySource(registry), prettier);
    return [
      {
        path: "registry.ts",
        contents,
        barrel:
          "export { descriptionInfo, excludedOperations, operationIdByRoute, operations } " +
          'from "./registry.js";\n' +
          "export type { DescriptionInfo, ExcludedOperation, OperationId } " +
          'from "./registry.js";',
      },
    ];
  },
};

export function registrySource(registry: Registry): string {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const operations = Object.fromEntries(registry.operations.map((op) => [op.operationId, op]));
  const routes = Object.fromEntries(
    [...registry.operations]
      .map((op) => [`${op.method} ${op.path}`, op.operationId] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return `${generatedHeader(registry)}
import type { OperationMeta } from "../src/operation.js";

/** Every operation of the corrected description, by operationId. */
export const operations = ${json(operations)} as const satisfies Readonly<Record<string, OperationMeta>>;

export type OperationId = keyof typeof operations;

/** \`"<method> <path>"\` (path template as in the description) → operationId. */
export const operationIdByRoute: Readonly<Record<string, OperationId>> = ${json(routes)};

export interface ExcludedOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly reason: string;
}

/** Operations of the description kept out of the client surface, with the reason. */
export const excludedOperations: readonly ExcludedOperation[] = ${json(registry.excluded)};

export interface DescriptionInfo {
  readonly title: string;
  readonly version: string;
  /** sha256 of the pinned description's raw bytes. */
  readonly sha256: string;
  readonly servers: readonly { readonly url: string; readonly description?: string }[];
}

/** Which description this layer was generated from. */
export const descriptionInfo: DescriptionInfo = ${json(registry.info)};
`;
}
