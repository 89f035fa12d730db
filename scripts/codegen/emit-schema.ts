/**
 * generated/schema.ts: openapi-typescript's types of the corrected description (`paths`,
 * `operations`, `components`).
 *
 * - Runs in a worker thread (schema-worker.mjs), started at the beginning of the run so its ~1 s
 *   of module loading overlaps the pull and parse, and converting in parallel with the main
 *   thread's lint and prettier work: it is the heaviest step.
 * - openapi-typescript lints what it converts; it gets openapi/lint.json, so that pass is the
 *   validation of the corrected description: an error there means a fix in openapi/ broke it.
 * - Not run through prettier: openapi-typescript prints through the TypeScript printer, which is
 *   deterministic, and prettier on this ~1 MB file would cost about 2 s of the 5 s budget.
 */
import { Worker } from "node:worker_threads";
import type { RawConfig } from "@redocly/openapi-core";
import { CodegenError } from "./errors.js";
import type { OpenApiDocument } from "./parse.js";

/**
 * Starts openapi-typescript's worker thread; generate() calls this when a run starts, before the
 * description is even pulled. The worker ends when `signal` aborts (generate() aborts it when the
 * run ends, successfully or not) or once it has answered.
 */
export function startSchemaWorker(signal?: AbortSignal): Worker {
  const worker = new Worker(new URL("./schema-worker.mjs", import.meta.url), {
    // Plain JavaScript: no need for the parent's loader hooks (tsx), which slow every require.
    execArgv: [],
    // A roomy young generation: the conversion allocates a lot of short-lived objects.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  // Until schemaSource() hands it work, a failing run must not wait for (or leak) the worker.
  worker.unref();
  signal?.addEventListener("abort", () => void worker.terminate(), { once: true });
  return worker;
}

/** openapi-typescript's output for `document`, computed in `worker` (a fresh one by default). */
export function schemaSource(
  document: OpenApiDocument,
  lintConfig: RawConfig,
  worker: Worker = startSchemaWorker(),
): Promise<string> {
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

type WorkerAnswer = { ok: true; text: string } | { ok: false; message: string };
