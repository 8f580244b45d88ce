// Which layer may import which (ARCHITECTURE.md, "The three programs"): imports flow one way,
// renderer → domain, electron → domain, sync-server → domain, and domain imports nothing but
// itself and packages that run everywhere. As VS Code keeps `common` free of `node` and
// `browser`, domain/ is our common layer.
import { builtinModules } from 'node:module';
import { isRelative, readImports, targetPath, type ImportRef, type SourceText } from './imports';

/** The layers: a file's layer is the first folder of its path. */
const LAYERS = ['domain', 'electron', 'renderer', 'sync-server'] as const;
type Layer = (typeof LAYERS)[number];

/** Folders each layer's files may import from, besides their own. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: [],
  electron: ['domain'],
  renderer: ['domain'],
  'sync-server': ['domain'],
};

/**
 * Packages domain/ may import: pure JavaScript that runs unchanged in the engine (Node), the
 * renderer (a sandboxed browser page) and the hub. Add one here only if that holds for it.
 */
// zxcvbn-ts: pure JavaScript (no Node, no DOM); the engine and the UI run the same password check.
// csv-parse: pure JavaScript over a Buffer; the engine reads readings files with it (the renderer
// never parses one: it sends the text), and a browser would take its csv-parse/browser/esm build.
export const PORTABLE_PACKAGES: readonly string[] = ['zod', 'yjs', 'lib0', 'y-protocols', 'uuid', '@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en', 'csv-parse'];

/** Only the Electron shell touches Electron; everything else must run under plain Node. */
const ELECTRON_SHELL = ['electron/main.ts', 'electron/preload.ts'];

export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

/** Every import in `files` that crosses a layer the wrong way. */
export function checkLayering(files: readonly SourceText[]): LayerViolation[] {
  return files.flatMap((file) => readImports(file).flatMap((ref) => violationsOf(ref)));
}

function violationsOf(ref: ImportRef): LayerViolation[] {
  const reasons: string[] = [];
  const from = layerOf(ref.file);
  const isTest = /\.test\.tsx?$/.test(ref.file);
  if (packageName(ref.specifier) === 'electron' && !ELECTRON_SHELL.includes(ref.file)) {
    reasons.push(`only ${ELECTRON_SHELL.join(' and ')} may import Electron; the rest must run under plain Node`);
  }
  if (from && isRelative(ref.specifier)) {
    const target = targetPath(ref);
    const to = layerOf(target);
    const testSupport = isTest && target.startsWith('tests/');
    if (to !== from && !(to && MAY_IMPORT[from].includes(to)) && !testSupport) {
      reasons.push(`${from}/ may import only ${[from, ...MAY_IMPORT[from]].map((l) => `${l}/`).join(' and ')}, not ${to ? `${to}/` : target}`);
    }
  }
  if (from === 'domain' && !isTest && !isRelative(ref.specifier)) {
    if (isNodeBuiltin(ref.specifier)) reasons.push('domain/ runs in the browser and the hub too: no Node built-ins');
    else if (!PORTABLE_PACKAGES.includes(packageName(ref.specifier))) {
      reasons.push(`domain/ may import only packages that run everywhere (${PORTABLE_PACKAGES.join(', ')}); add one to PORTABLE_PACKAGES only if it does`);
    }
  }
  return reasons.map((reason) => ({ file: ref.file, line: ref.line, specifier: ref.specifier, reason }));
}

function layerOf(path: string): Layer | undefined {
  const first = path.split('/')[0];
  return LAYERS.find((layer) => layer === first);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));
}
