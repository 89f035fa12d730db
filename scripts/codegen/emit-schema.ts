/**
 * generated/schema.ts: openapi-typescript's types of the corrected description (`paths`,
 * `operations`, `components`).
 *
 * - Runs in a worker thread (schema-worker.mjs), in parallel with the main thread's lint and
 *   prettier work: it is the heaviest step (it loads the TypeScript compiler).
 * - openapi-typescript lints what it converts; it gets openapi/lint.json, so that pass is the
 *   validation of the corrected description: an error there means a fix in openapi/ broke it.
 * - Not run through prettier: openapi-typescript prints through the TypeScript printer, which is
 *   deterministic, and prettier on this ~1 MB file would cost about 2 s of the 5 s budget.
 */
import { Worker } from "node:worker_threads";
import type { RawConfig } from "@redocly/openapi-core";
import { generatedHeader, type Emitter } from "./emitter.js";
import { CodegenError } from "./errors.js";
import type { OpenApiDocument } from "./parse.js";

type WorkerAnswer = { ok: true; text: string } | { ok: false; message: string };

export const schemaEmitter: Emitter = {
  name: "schema.ts",
  async emit({ document, registry, lintConfig, signal }) {
    const text = await typesOf(document, lintConfig, signal);
    return [
      {
        path: "schema.ts",
        contents: `${generatedHeader(registry)}\n${text}`,
        barrel:
          'export type { $defs, components, paths, webhooks } from "./schema.js";\n' +
          'export type { operations as SchemaOperations } from "./schema.js";',
      },
    ];
  },
};

/** openapi-typescript's output for `document`, computed in a worker thread. */
export function typesOf(
  document: OpenApiDocument,
  lintConfig: RawConfig,
  signal?: AbortSignal,
): Promise<string> {
  const worker = new Worker(new URL("./schema-worker.mjs", import.meta.url), {
    workerData: { documentJson: JSON.stringify(document), lintConfig },
    // A roomy young generation: the conversion allocates a lot of short-lived objects.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  return new Promise<string>((resolve, reject) => {
    const fail = (message: string) =>
      reject(
        new CodegenError(
          "DESCRIPTION_INVALID",
          `The corrected description is invalid (a fix in openapi/ broke it, or the vendor's ` +
            `description has a new defect): ${message}`,
        ),
      );
    worker.once("message", (answer: WorkerAnswer) => {
      if (answer.ok) resolve(answer.text);
      else fail(answer.message);
      void worker.terminate();
    });
    worker.once("error", (error) => fail(error.message));
    worker.once("exit", (code) => {
      if (code !== 0) fail(`openapi-typescript's worker exited with code ${code}`);
    });
    signal?.addEventListener("abort", () => void worker.terminate(), { once: true });
  });
}
