/**
 * redocly, loaded on first use with require() rather than import:
 * - on first use, so a run that fails early (unreachable source, refused pin) answers at once;
 * - with require(), because an ESM import of a CommonJS package makes Node scan its whole source
 *   for named exports (the same holds for openapi-typescript, see schema-worker.mjs).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Redocly = typeof import("@redocly/openapi-core");

let redoclyModule: Redocly | undefined;

export function redocly(): Redocly {
  return (redoclyModule ??= require("@redocly/openapi-core") as Redocly);
}
