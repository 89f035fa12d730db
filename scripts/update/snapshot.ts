/**
 * What an update may change on disk (openapi/source.json and the output folder), saved before the
 * update writes anything so a failed update can put the project back exactly as it was.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SOURCE_CONFIG_PATH } from "../codegen/index.js";

export interface Snapshot {
  restore(): Promise<void>;
  discard(): Promise<void>;
}

export async function takeSnapshot(root: string, outDir: string): Promise<Snapshot> {
  const configFile = join(root, SOURCE_CONFIG_PATH);
  const config = await readFile(configFile);
  const saved = await mkdtemp(join(tmpdir(), "altegio-update-"));
  const savedOut = join(saved, "out");
  const hadOut = await cp(outDir, savedOut, { recursive: true }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  return {
    async restore() {
      await writeFile(configFile, config);
      await rm(outDir, { recursive: true, force: true });
      if (hadOut) await cp(savedOut, outDir, { recursive: true });
      await rm(saved, { recursive: true, force: true });
    },
    async discard() {
      await rm(saved, { recursive: true, force: true });
    },
  };
}
