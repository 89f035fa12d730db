/**
 * generated/schema.ts: openapi-typescript's types of the corrected description (`paths`,
 * `operations`, `components`). Not run through prettier: openapi-typescript prints through the
 * TypeScript printer, which is deterministic, and prettier on this ~1 MB file would cost about
 * 2 s of the 5 s budget.
 *
 * openapi-typescript lints what it converts; it gets openapi/lint.json, so that pass is the
 * validation of the corrected description: an error there means a fix in openapi/ broke it.
 */
import { openapiTypescript } from "./cjs.js";
import { generatedHeader, type Emitter } from "./emitter.js";
import { CodegenError } from "./errors.js";

export const schemaEmitter: Emitter = {
  name: "schema.ts",
  async emit({ document, registry, lintConfig }) {
    const { default: openapiTS, astToString } = openapiTypescript();
    let ast: Awaited<ReturnType<typeof openapiTS>>;
    try {
      ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0], {
        redocly: lintConfig,
        silent: true,
      });
    } catch (error) {
      throw new CodegenError(
        "DESCRIPTION_INVALID",
        `The corrected description is invalid (a fix in openapi/ broke it, or the vendor's ` +
          `description has a new defect): ${(error as Error).message}`,
      );
    }
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
