/**
 * The two heavy CommonJS dependencies, loaded with require() rather than import: an ESM import of
 * a CommonJS package makes Node scan its whole source for named exports, which for
 * openapi-typescript (it pulls in the TypeScript compiler) and redocly costs about a second of
 * every generation. Same packages, same versions; only the loading path differs.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const redocly = require("@redocly/openapi-core") as typeof import("@redocly/openapi-core");

interface OpenapiTypescriptCjs {
  default: typeof import("openapi-typescript").default;
  astToString: typeof import("openapi-typescript").astToString;
}

export const openapiTypescript = require("openapi-typescript") as OpenapiTypescriptCjs;
