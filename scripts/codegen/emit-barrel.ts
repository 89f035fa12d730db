/** generated/index.ts: re-exports what each emitted file declares in its `barrel`. */
import type { Options } from "prettier";
import { generatedHeader, type EmittedFile } from "./emitter.js";
import { formatTypeScript } from "./format.js";
import type { Registry } from "./registry.js";

export async function emitBarrel(
  files: readonly EmittedFile[],
  registry: Registry,
  prettier: Options,
): Promise<EmittedFile> {
  const lines = files.flatMap((file) => (file.barrel ? [file.barrel] : []));
  const text = `${generatedHeader(registry)}\n${lines.join("\n")}\n`;
  return { path: "index.ts", contents: await formatTypeScript(text, prettier) };
}
