/** Writing the emitted files, and comparing them with what is on disk (--check). */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { EmittedFile } from "./emitter.js";

export type FileStatus = "written" | "unchanged" | "differs" | "missing";

export interface FileOutcome {
  /** Path relative to the output folder. */
  readonly path: string;
  readonly status: FileStatus;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes only what changed, so unchanged files keep their mtime. */
export async function writeOutputs(
  outDir: string,
  files: readonly EmittedFile[],
): Promise<FileOutcome[]> {
  return Promise.all(
    files.map(async (file) => {
      const target = join(outDir, file.path);
      if ((await readIfExists(target)) === file.contents) {
        return { path: file.path, status: "unchanged" as const };
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.contents);
      return { path: file.path, status: "written" as const };
    }),
  );
}

export async function compareOutputs(
  outDir: string,
  files: readonly EmittedFile[],
): Promise<FileOutcome[]> {
  return Promise.all(
    files.map(async (file) => {
      const current = await readIfExists(join(outDir, file.path));
      const status: FileStatus =
        current === undefined ? "missing" : current === file.contents ? "unchanged" : "differs";
      return { path: file.path, status };
    }),
  );
}
