/**
 * generated/schema.ts: openapi-typescript's types of the corrected description (`paths`,
 * `operations`, `components`).
 *
 * - Runs in a worker thread (schema-worker.mjs), started by `warmUp` at the beginning of the run
 *   so its ~1 s of module loading overlaps the pull and parse, and converting in parallel with
 *   the main thread's lint and prettier work: it is the heaviest step.
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

/** Workers warmed up for a run, by the run's signal; taken by emit(). */
const warm = new WeakMap<AbortSignal, Worker>();

export const schemaEmitter: Emitter = {
  name: "schema.ts",
  warmUp(signal) {
    warm.set(signal, startWorker(signal));
  },
  async emit({ document, registry, lintConfig, signal }) {
    const worker = warm.get(signal) ?? startWorker(signal);
    warm.delete(signal);
    const text = await convert(worker, document, lintConfig);
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
export function typesOf(document: OpenApiDocument, lintConfig: RawConfig): Promise<string> {
  return convert(startWorker(), document, lintConfig);
}

function startWorker(signal?: AbortSignal): Worker {
  const worker = new Worker(new URL("./schema-worker.mjs", import.meta.url), {
    // Plain JavaScript: no need for the parent's loader hooks (tsx), which slow every require.
    execArgv: [],
    // A roomy young generation: the conversion allocates a lot of short-lived objects.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  // Until emit() takes it, a failing run must not wait for (or leak) the worker.
  worker.unref();
  signal?.addEventListener("abort", () => void worker.terminate(), { once: true });
  return worker;
}

function convert(worker: Worker, document: OpenApiDocument, lintConfig: RawConfig) {
  worker.ref();
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
    worker.once("exit", (code) => fail(`openapi-typescript's worker stopped (exit code ${code})`));
    worker.postMessage({ documentJson: JSON.stringify(document), lintConfig });
  });
}
