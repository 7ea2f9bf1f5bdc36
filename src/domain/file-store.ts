import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `data` to `path` whole or not at all: into `filesDir/.partial` first (the same disk, so
 * the rename is atomic), synced, then renamed into place. Written in place, a copy existed, empty
 * or half written, while its bytes went in, and stayed so after a crash; the temporary file is
 * kept out of the destination folder, so a listing of it never shows one half made.
 */
export async function writeFileWhole(filesDir: string, path: string, data: Buffer): Promise<void> {
  const partial = join(filesDir, '.partial');
  await mkdir(partial, { recursive: true });
  const tmp = join(partial, randomUUID());
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    const fh = await open(tmp, 'r+');
    await fh.sync().finally(() => fh.close());
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
