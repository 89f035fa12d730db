/**
 * THE list of emitters. Adding an output is one line here (plus its file); generated/index.ts
 * re-exports whatever each emitted file declares in `barrel`.
 */
import type { Emitter } from "./emitter.js";
import { openApiJsonEmitter } from "./emit-openapi.js";
import { registryEmitter } from "./emit-registry.js";
import { resourcesEmitter } from "./emit-resources.js";
import { schemaEmitter } from "./emit-schema.js";

export const emitters: readonly Emitter[] = [
  openApiJsonEmitter,
  schemaEmitter,
  registryEmitter,
  resourcesEmitter,
];
