// Worker thread of emit-schema.ts: runs openapi-typescript on the corrected description in
// parallel with the main thread. It is started early (generate() starts it first thing) so that
// loading openapi-typescript and the TypeScript compiler overlaps the main thread's pull, parse
// and corrections; the work itself arrives later as one message.
// Plain JavaScript so that it loads the same under tsx, vitest and plain node.
// In:  message { documentJson: string, lintConfig: RawConfig (openapi/lint.json) }
// Out: message { ok: true, text } | { ok: false, message }
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";

// require(), not import: see cjs.ts (skips Node's named-export scan of these CommonJS builds).
const require = createRequire(import.meta.url);
const { createConfig } = require("@redocly/openapi-core");
const { default: openapiTS, astToString } = require("openapi-typescript");

parentPort.once("message", async ({ documentJson, lintConfig }) => {
  try {
    const redocly = await createConfig(lintConfig);
    const ast = await openapiTS(JSON.parse(documentJson), { redocly, silent: true });
    parentPort.postMessage({ ok: true, text: astToString(ast) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ ok: false, message });
  }
});
