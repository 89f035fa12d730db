// @ts-check
/**
 * The ESM entry (Node, Bun, Deno): `altegio-sdk` resolves through the package's `import`
 * condition to dist/index.js. The config comes as the first argument (Deno: no --allow-env).
 */
import * as sdk from "altegio-sdk";
import { runScenario } from "./scenario.mjs";

// @ts-ignore Deno's global
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const result = await runScenario(sdk, JSON.parse(args[0]));
let entry = "";
try {
  entry = import.meta.resolve("altegio-sdk");
} catch {
  entry = "(import.meta.resolve unavailable)";
}
console.log(`RESULT ${JSON.stringify({ ...result, entry })}`);
