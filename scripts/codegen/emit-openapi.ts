/** generated/openapi.json: the corrected description, in the key order of the source. */
import type { Emitter } from "./emitter.js";

export const openApiJsonEmitter: Emitter = {
  name: "openapi.json",
  async emit({ document }) {
    return [{ path: "openapi.json", contents: `${JSON.stringify(document, null, 2)}\n` }];
  },
};
