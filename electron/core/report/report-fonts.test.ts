import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFontFolder, fontFolderCandidates, PACKAGED_FONTS_FOLDER, reportFontFolder } from './report-fonts';

const REPO_FONTS = join(import.meta.dirname, '../../../resources/fonts');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An installed app's layout: resources/app.asar/dist-electron/engine-host.cjs, the fonts in resources/fonts (or not). */
function installedApp(withFonts: boolean): { moduleDir: string; resourcesPath: string } {
  const root = mkdtempSync(join(tmpdir(), 'opsflow-fonts-'));
  temps.push(root);
  const resourcesPath = join(root, 'resources');
  const moduleDir = join(resourcesPath, 'app.asar', 'dist-electron');
  mkdirSync(moduleDir, { recursive: true });
  if (withFonts) cpSync(REPO_FONTS, join(resourcesPath, PACKAGED_FONTS_FOLDER), { recursive: true });
  return { moduleDir, resourcesPath };
}

describe("where the report's fonts are found", () => {
  it('in an installed app: the resources folder, where electron-builder copies them', () => {
    const app = installedApp(true);
    expect(findFontFolder(fontFolderCandidates(app.moduleDir, app.resourcesPath))).toBe(join(app.resourcesPath, 'fonts'));
  });

  it('in an installed app missing them: nowhere (the PDF is then refused with a sentence), never a path that does not exist', () => {
    const app = installedApp(false);
    expect(findFontFolder(fontFolderCandidates(app.moduleDir, app.resourcesPath))).toBeNull();
  });

  it('from the bundle in dist-electron/ of a checkout, and from the source under tsx', () => {
    const repo = join(import.meta.dirname, '../../..');
    expect(findFontFolder(fontFolderCandidates(join(repo, 'dist-electron'), undefined))).toBe(join(repo, 'resources/fonts'));
    expect(reportFontFolder()).toBe(join(repo, 'resources/fonts'));
  });

  it('electron-builder.yml ships resources/fonts to the folder the resolver looks in', () => {
    const config = readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8');
    expect(config).toMatch(new RegExp(`extraResources:[\\s\\S]*- from: resources/fonts\\n\\s+to: ${PACKAGED_FONTS_FOLDER}\\n`));
  });
});
