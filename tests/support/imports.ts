// The import graph of the source tree, read with the TypeScript parser rather than regexes so that
// comments, strings and type positions are told apart. Pure apart from listSourceFiles, so the
// layering and circle tests can feed it planted files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** A source file, its path relative to the repository root with forward slashes. */
export interface SourceText {
  path: string;
  text: string;
}

/** One module specifier as written in a file. */
export interface ImportRef {
  file: string;
  line: number;
  specifier: string;
}

/**
 * Every module a file names: `import … from`, `import type`, `export … from`, side-effect
 * imports, `import x = require()`, `require()`, `import()` and `import('…')` types. Type-only
 * imports count: a type pulled from the wrong layer ties the layers together just the same.
 */
export function readImports(file: SourceText): ImportRef[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, scriptKind(file.path));
  const found: ImportRef[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ file: file.path, line, specifier: node.text });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node.expression)) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The repository path a relative specifier points at, without guessing an extension. */
export function targetPath(ref: ImportRef): string {
  return posix.normalize(posix.join(posix.dirname(ref.file), ref.specifier));
}

const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'];

/** The file a relative import loads, as the bundler resolution in tsconfig finds it, if it is one of `files`. */
export function resolveImport(ref: ImportRef, files: ReadonlySet<string>): string | undefined {
  if (!isRelative(ref.specifier)) return undefined;
  const target = targetPath(ref);
  const withoutJs = target.replace(/\.([mc]?)js$/, '.$1ts');
  for (const base of withoutJs === target ? [target] : [target, withoutJs]) {
    for (const suffix of RESOLVE_SUFFIXES) {
      if (files.has(base + suffix)) return base + suffix;
    }
  }
  return undefined;
}

/** A set of files that import each other in a circle, with one concrete circle through them. */
export interface ImportCycle {
  files: string[];
  example: string[];
}

/**
 * Import circles among `files` (the files whose path starts with one of `roots`): every strongly
 * connected component of the relative-import graph with more than one file, or one file that
 * imports itself. All imports count, type-only ones included.
 */
export function findImportCycles(files: readonly SourceText[], roots: readonly string[]): ImportCycle[] {
  const inScope = files.filter((f) => roots.some((root) => f.path.startsWith(root)));
  const paths = new Set(inScope.map((f) => f.path));
  const edges = new Map<string, string[]>();
  for (const file of inScope) {
    const targets = readImports(file)
      .map((ref) => resolveImport(ref, paths))
      .filter((target): target is string => target !== undefined);
    edges.set(file.path, [...new Set(targets)].sort());
  }
  return stronglyConnected([...paths].sort(), edges)
    .filter((component) => component.length > 1 || edges.get(component[0]!)!.includes(component[0]!))
    .map((component) => component.sort())
    .map((component) => ({ files: component, example: circleThrough(component[0]!, new Set(component), edges) }))
    .sort((a, b) => a.files[0]!.localeCompare(b.files[0]!));
}

/** One line per circle for a test failure: the circle, then every file caught in it. */
export function describeCycles(cycles: readonly ImportCycle[]): string {
  return cycles.map((c) => `${c.example.join(' → ')}\n  (${c.files.length} files in this circle: ${c.files.join(', ')})`).join('\n');
}

/** Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack. */
function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; child: number }> = [{ node: start, child: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = edges.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++]!;
        if (!index.has(child)) {
          index.set(child, next);
          low.set(child, next++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest import path from `start` back to itself inside one component. */
function circleThrough(start: string, component: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const child of edges.get(node) ?? []) {
      if (!component.has(child)) continue;
      if (child === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(child)) {
        cameFrom.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'dist-electron', 'release', 'test-results', 'playwright-report', '.git', '.opsflow-dev']);
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** Every source file under `root`, build output and dependencies left out. */
export function listSourceFiles(root: string, dir = ''): SourceText[] {
  const found: SourceText[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(...listSourceFiles(root, path));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) found.push({ path, text: readFileSync(join(root, path), 'utf8') });
  }
  return found;
}
