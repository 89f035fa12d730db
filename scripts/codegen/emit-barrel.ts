/** generated/index.ts: re-exports what each emitted file declares in its `barrel`. */
import { join } from "node:path";
import type { EmittedFile } from "./emitter.js";
import { generatedHeader } from "./emitter.js";
import { formatSource } from "./format.js";
import type { Registry } from "./registry.js";

export async function emitBarrel(
  files: readonly EmittedFile[],
  registry: Registry,
  outDir: string,
): Promise<EmittedFile> {
  const lines = files.flatMap((file) => (file.barrel ? [file.barrel] : []));
  const text = `${generatedHeader(registry)}\n${lines.join("\n")}\n`;
  return { path: "index.ts", contents: await formatSource(text, join(outDir, "index.ts")) };
}
