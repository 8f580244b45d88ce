import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportCycles, listSourceFiles, readImports } from './support/imports';
import { checkLayering, type LayerViolation } from './support/layer-rules';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function file(path: string, ...lines: string[]) {
  return { path, text: lines.join('\n') };
}

function describeViolations(violations: readonly LayerViolation[]): string {
  return violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.reason}`).join('\n');
}

describe('reading imports', () => {
  it('finds every way a file can name a module, type-only ones included', () => {
    const refs = readImports(
      file(
        'electron/core/example.ts',
        "import a from './a';",
        "import type { B } from './b';",
        "import './c';",
        "export * from './d';",
        "export { e } from './e';",
        "import f = require('./f');",
        "const g = require('./g');",
        "const h = await import('./h');",
        "type I = import('./i').I;",
        "// import nope from './comment';",
        "const text = \"import nope from './string'\";",
      ),
    );
    expect(refs.map((r) => r.specifier)).toEqual(['./a', './b', './c', './d', './e', './f', './g', './h', './i']);
    expect(refs.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads JSX files', () => {
    const refs = readImports(file('renderer/x/Screen.tsx', "import { api } from '../bridge/api';", 'export const S = () => <div />;'));
    expect(refs.map((r) => r.specifier)).toEqual(['../bridge/api']);
  });
});

describe('layering rules', () => {
  const violation = (path: string, line: string) => checkLayering([file(path, line)]);

  it('fails on an import from renderer/ into electron/, naming the file and the import', () => {
    const found = violation('renderer/sensors/SensorsScreen.tsx', "import type { Engine } from '../../electron/core/engine';");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'renderer/sensors/SensorsScreen.tsx', line: 1, specifier: '../../electron/core/engine' });
    expect(found[0]!.reason).toContain('renderer/ may import only renderer/ and domain/, not electron/');
  });

  it('fails on an import from electron/ into renderer/', () => {
    expect(violation('electron/core/engine.ts', "import { screens } from '../../renderer/shell/screens';")).toHaveLength(1);
  });

  it('fails on a relative import that leaves domain/, even type-only or dynamic', () => {
    expect(violation('domain/readings/rollups.ts', "import type { Engine } from '../../electron/core/engine';")).toHaveLength(1);
    expect(violation('domain/readings/rollups.ts', "const api = import('../../renderer/bridge/api');")).toHaveLength(1);
    expect(violation('domain/readings/rollups.ts', "import { x } from '../../../outside-the-repo';")).toHaveLength(1);
  });

  it('fails on a Node built-in or a package that is not portable in domain/', () => {
    expect(violation('domain/audit/chain.ts', "import { createHash } from 'node:crypto';")[0]!.reason).toContain('no Node built-ins');
    expect(violation('domain/audit/chain.ts', "const fs = require('fs');")[0]!.reason).toContain('no Node built-ins');
    expect(violation('domain/readings/rollups.ts', "import Database from 'better-sqlite3';")[0]!.reason).toContain('PORTABLE_PACKAGES');
    expect(violation('domain/readings/rollups.ts', "import { useState } from 'react';")[0]!.reason).toContain('PORTABLE_PACKAGES');
  });

  it('lets domain/ import itself and portable packages, and its tests use Node and test support', () => {
    expect(violation('domain/contract/users.ts', "import { z } from 'zod';")).toEqual([]);
    expect(violation('domain/contract/users.ts', "import { defineMethod } from './define';")).toEqual([]);
    expect(violation('domain/devices/temper.test.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
    expect(violation('domain/devices/temper.test.ts', "import { codeOf } from '../../tests/support/device-captures';")).toEqual([]);
    expect(violation('domain/devices/temper.test.ts', "import { Engine } from '../../electron/core/engine';")).toHaveLength(1);
  });

  it('fails on the electron package outside main.ts and preload.ts', () => {
    expect(violation('electron/core/engine.ts', "import { app } from 'electron';")[0]!.reason).toContain('only electron/main.ts and electron/preload.ts');
    expect(violation('renderer/shell/App.tsx', "const { ipcRenderer } = require('electron');")).toHaveLength(1);
    expect(violation('scripts/tool.ts', "import type { BrowserWindow } from 'electron/main';")).toHaveLength(1);
    expect(violation('electron/main.ts', "import { app } from 'electron';")).toEqual([]);
    expect(violation('electron/preload.ts', "import { contextBridge } from 'electron';")).toEqual([]);
    expect(violation('electron/core/engine.ts', "import { x } from 'electron-store';")).toEqual([]);
  });

  it('fails on an import from sync-server/ into electron/ or renderer/', () => {
    expect(violation('sync-server/hub.ts', "import { Engine } from '../electron/core/engine';")).toHaveLength(1);
    expect(violation('sync-server/hub.ts', "import { api } from '../renderer/bridge/api';")).toHaveLength(1);
    expect(violation('sync-server/hub.ts', "import { decodeReadingsBatch } from '../domain/readings/readings-batch';")).toEqual([]);
  });

  it('lets electron/ and renderer/ import domain/, and tests import anything', () => {
    expect(violation('electron/core/engine.ts', "import type { CallRequest } from '../../domain/contract';")).toEqual([]);
    expect(violation('renderer/bridge/api.ts', "import type { CallRequest } from '../../domain/contract';")).toEqual([]);
    expect(violation('electron/core/devices/temper-driver.test.ts', "import { codeOf } from '../../../tests/support/device-captures';")).toEqual([]);
    expect(violation('tests/engine-host.test.ts', "import { Engine } from '../electron/core/engine';")).toEqual([]);
  });
});

describe('import circles', () => {
  it('reports each circle with a path through it, type-only imports included', () => {
    const cycles = findImportCycles(
      [
        file('electron/core/context.ts', "import type { DevicesService } from './devices/service';"),
        file('electron/core/devices/service.ts', "import { importReadings } from '../readings/import-readings';"),
        file('electron/core/readings/import-readings.ts', "import type { EngineContext } from '../context';", "import { z } from 'zod';"),
        file('electron/core/engine.ts', "import { EngineContext } from './context';"),
        file('domain/a.ts', "export * from './b';"),
        file('domain/b.ts', "import { a } from './a.js';"),
        file('domain/self.ts', "import { self } from './self';"),
        file('domain/leaf.ts', "import { a } from './a';"),
      ],
      ['electron/core/', 'domain/'],
    );
    expect(cycles).toEqual([
      { files: ['domain/a.ts', 'domain/b.ts'], example: ['domain/a.ts', 'domain/b.ts', 'domain/a.ts'] },
      { files: ['domain/self.ts'], example: ['domain/self.ts', 'domain/self.ts'] },
      {
        files: ['electron/core/context.ts', 'electron/core/devices/service.ts', 'electron/core/readings/import-readings.ts'],
        example: ['electron/core/context.ts', 'electron/core/devices/service.ts', 'electron/core/readings/import-readings.ts', 'electron/core/context.ts'],
      },
    ]);
  });

  it('resolves folders to their index file and ignores files outside the roots', () => {
    const cycles = findImportCycles(
      [
        file('domain/contract/index.ts', "import { u } from './users';"),
        file('domain/contract/users.ts', "import type { CallRequest } from '.';", "import type { X } from './index';"),
        file('renderer/a.ts', "import { b } from './b';"),
        file('renderer/b.ts', "import { a } from './a';"),
      ],
      ['domain/'],
    );
    expect(cycles.map((c) => c.files)).toEqual([['domain/contract/index.ts', 'domain/contract/users.ts']]);
  });

  it('finds none in a tree without circles', () => {
    expect(findImportCycles([file('domain/a.ts', "import { b } from './b';"), file('domain/b.ts', '')], ['domain/'])).toEqual([]);
  });
});

describe('the source tree', () => {
  const files = listSourceFiles(repoRoot);

  it('is read whole: every layer, the shell and the tests', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['electron/main.ts', 'electron/preload.ts', 'domain/contract/bridge.ts', 'renderer/main.tsx', 'tests/layering.test.ts', 'sync-server/hub.ts']));
    expect(paths.some((p) => p.startsWith('node_modules/') || p.startsWith('dist'))).toBe(false);
  });

  it('keeps every layer to its imports', () => {
    const violations = checkLayering(files);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
