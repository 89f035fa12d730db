/**
 * A content-addressed cache of prettier's output, in `<root>/node_modules/.cache/altegio-codegen/`
 * (the usual home of build caches, never committed). Formatting is a pure function of prettier's
 * version, the options and the input text, so the key is their sha256 and a hit is exactly what
 * prettier would print: regenerating an unchanged description skips ~1 s of prettier work.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

export const FORMAT_CACHE_DIR = "node_modules/.cache/altegio-codegen/prettier";
/** Entries kept; older ones (by mtime) are deleted when a new one is written. */
const MAX_ENTRIES = 32;

const prettierVersion = (
  createRequire(import.meta.url)("prettier/package.json") as { version: string }
).version;

export function formatCacheKey(text: string, options: unknown): string {
  return createHash("sha256")
    .update(`prettier ${prettierVersion}\0${JSON.stringify(options)}\0${text}`)
    .digest("hex");
}

export async function cachedFormat(
  dir: string,
  key: string,
  format: () => Promise<string>,
): Promise<string> {
  const file = join(dir, `${key}.txt`);
  try {
    return await readFile(file, "utf8");
  } catch {
    // A miss (or an unreadable entry): format and store.
  }
  const formatted = await format();
  try {
    await mkdir(dir, { recursive: true });
    // Write then rename, so a concurrent run never reads half an entry.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(partial, formatted);
    await rename(partial, file);
    await prune(dir);
  } catch {
    // The cache is an optimisation: a read-only or missing node_modules must not fail generation.
  }
  return formatted;
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".txt"));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })),
  );
  dated.sort((a, b) => b.mtime - a.mtime);
  await Promise.all(
    dated.slice(MAX_ENTRIES).map(({ name }) => rm(join(dir, name), { force: true })),
  );
}
