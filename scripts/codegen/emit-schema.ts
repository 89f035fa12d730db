/**
 * generated/schema.ts: openapi-typescript's types of the corrected description (`paths`,
 * `operations`, `components`). Not run through prettier: openapi-typescript prints through the
 * TypeScript printer, which is already deterministic, and prettier on this ~1 MB file would cost
 * about 2 s of the 5 s budget.
 */
import { createConfig } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { generatedHeader, type Emitter } from "./emitter.js";

export const schemaEmitter: Emitter = {
  name: "schema.ts",
  async emit({ document, registry }) {
    // The corrected description was linted already (validate step); this config only keeps
    // openapi-typescript's own guard against duplicate operationIds.
    const redocly = await createConfig({
      extends: ["minimal"],
      rules: { "operation-operationId-unique": "error" },
    });
    const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0], {
      redocly,
      silent: true,
    });
    return [
      {
        path: "schema.ts",
        contents: `${generatedHeader(registry)}\n${astToString(ast)}`,
        barrel:
          'export type { $defs, components, paths, webhooks } from "./schema.js";\n' +
          'export type { operations as SchemaOperations } from "./schema.js";',
      },
    ];
  },
};
