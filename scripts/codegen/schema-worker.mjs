// Worker thread of emit-schema.ts: runs openapi-typescript on the corrected description while the
// main thread lints and formats, so the two heaviest steps share the machine's cores.
// Plain JavaScript so that it loads the same under tsx, vitest and plain node.
// In:  workerData = { documentJson: string, lintConfig: RawConfig (openapi/lint.json) }
// Out: { ok: true, text } | { ok: false, message }
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

// require(), not import: see cjs.ts (skips Node's named-export scan of these CommonJS builds).
const require = createRequire(import.meta.url);

try {
  const { createConfig } = require("@redocly/openapi-core");
  const { default: openapiTS, astToString } = require("openapi-typescript");
  const redocly = await createConfig(workerData.lintConfig);
  const ast = await openapiTS(JSON.parse(workerData.documentJson), { redocly, silent: true });
  parentPort.postMessage({ ok: true, text: astToString(ast) });
} catch (error) {
  parentPort.postMessage({
    ok: false,
    message: error instanceof Error ? error.message : String(error),
  });
}
