import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `text` to `rel` below `root`, creating the folders on the way; returns the file's path. */
export function writeFileIn(root: string, rel: string, text: string | Buffer = ''): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Writes every `relative path → text` of `files` below `root`. */
export function writeFilesIn(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) writeFileIn(root, rel, text);
}
