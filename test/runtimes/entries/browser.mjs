// @ts-check
/**
 * The browser entry, bundled with the SDK's ESM build by esbuild (platform browser). The page is
 * served from another origin than the sandbox's, so every call is a CORS request. The config
 * comes in the page's hash; the result (or the error) lands on `globalThis.__scenario`.
 */
import * as sdk from "altegio-sdk";
import { runScenario } from "./scenario.mjs";

const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));
/** @type {any} */ (globalThis).__scenario = runScenario(sdk, config).then(
  (result) => ({ ok: true, result: { ...result, entry: "browser bundle" } }),
  (error) => ({ ok: false, error: `${error?.name}: ${error?.message}` }),
);
