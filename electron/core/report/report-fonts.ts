import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REGULAR_FONT = 'DejaVuSans.ttf';
export const BOLD_FONT = 'DejaVuSans-Bold.ttf';
/** Where electron-builder.yml's extraResources puts resources/fonts in an installed app (under process.resourcesPath). */
export const PACKAGED_FONTS_FOLDER = 'fonts';

/**
 * The folders the report's fonts may be in, most specific first: an installed app's resources folder
 * (the engine then runs from a bundle inside app.asar, where no source path holds), the repository's
 * resources/fonts seen from the bundle in dist-electron/ (an unpackaged `electron .`), and seen from
 * this source file (tsx: the command line, tests, browser mode).
 */
export function fontFolderCandidates(moduleDir: string, resourcesPath: string | undefined): string[] {
  return [
    ...(resourcesPath ? [join(resourcesPath, PACKAGED_FONTS_FOLDER)] : []),
    resolve(moduleDir, '../resources/fonts'),
    resolve(moduleDir, '../../../resources/fonts'),
  ];
}

/** The first candidate holding both faces, or null. */
export function findFontFolder(candidates: readonly string[]): string | null {
  return candidates.find((dir) => existsSync(join(dir, REGULAR_FONT)) && existsSync(join(dir, BOLD_FONT))) ?? null;
}

/** Where this process finds the fonts (null: nowhere; making a PDF then fails with a sentence). */
export function reportFontFolder(): string | null {
  const moduleDir = dirname(fileURLToPath(import.meta.url));
  // Set by Electron in the main and utility processes; undefined under plain Node.
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  return findFontFolder(fontFolderCandidates(moduleDir, resourcesPath));
}
