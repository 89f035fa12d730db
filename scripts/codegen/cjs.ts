/**
 * The two heavy CommonJS dependencies, loaded on first use with require() rather than import:
 * - on first use, so a run that fails early (unreachable source, refused pin) answers at once;
 * - with require(), because an ESM import of a CommonJS package makes Node scan its whole source
 *   for named exports, which for openapi-typescript (it pulls in the TypeScript compiler) and
 *   redocly costs about a second of every generation. Same packages, same versions.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Redocly = typeof import("@redocly/openapi-core");

interface OpenapiTypescript {
  default: typeof import("openapi-typescript").default;
  astToString: typeof import("openapi-typescript").astToString;
}

let redoclyModule: Redocly | undefined;
let openapiTypescriptModule: OpenapiTypescript | undefined;

export function redocly(): Redocly {
  return (redoclyModule ??= require("@redocly/openapi-core") as Redocly);
}

export function openapiTypescript(): OpenapiTypescript {
  return (openapiTypescriptModule ??= require("openapi-typescript") as OpenapiTypescript);
}
