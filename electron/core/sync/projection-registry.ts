import * as Y from 'yjs';
import type { EntityKind } from '../../../domain/contract/events';

/** One key of a projected map that changed, with its current plain value. */
export interface MapChange {
  docName: string;
  key: string;
  value: unknown;
}

/**
 * What a document change means in SQL. A projection owns one top-level shared type of a kind of
 * document and receives the keys that changed in it, with their current values.
 */
export interface MapProjection {
  /** Which documents (by their kind, from parseDocName) and which top-level map. */
  docKind: 'directory' | 'credentials' | 'ops' | 'log';
  map: string;
  /**
   * The kind of data a change of this map is, for the screens showing it: one kind for the whole
   * map, or per change where one map holds several (the fact batches); null for a change that
   * touches nothing shown.
   */
  changes: EntityKind | ((change: MapChange) => EntityKind | null);
  /**
   * Called inside the write transaction for every key of the map that changed; `value` is the
   * current plain value (a nested Y.Map as a plain object) or undefined if the key was removed.
   */
  apply(change: MapChange): void;
}

type DocKindOf = (docName: string) => MapProjection['docKind'] | null;

export class ProjectionRegistry {
  private readonly byKindAndMap = new Map<string, MapProjection>();

  constructor(
    private readonly kindOf: DocKindOf,
    /** Told, after each transaction that projected anything, the kinds of data it changed. */
    private readonly onChanged: (kinds: EntityKind[]) => void = () => {},
  ) {}

  register(projection: MapProjection): void {
    this.byKindAndMap.set(`${projection.docKind}:${projection.map}`, projection);
  }

  /** Finds what changed in a Yjs transaction, by top-level map and key, and projects it. */
  project(docName: string, doc: Y.Doc, tr: Y.Transaction): void {
    const kind = this.kindOf(docName);
    if (!kind) return;
    const changed = new Map<string, Set<string>>();
    const note = (map: string, key: string) => {
      let keys = changed.get(map);
      if (!keys) changed.set(map, (keys = new Set()));
      keys.add(key);
    };
    for (const [type, keys] of tr.changed) {
      const topName = topLevelName(doc, type);
      if (topName !== null) {
        for (const key of keys) if (key !== null) note(topName, key);
        continue;
      }
      // A nested record map: its key in the parent top-level map is the entity id.
      const item = type._item;
      const parent = item?.parent;
      if (item && parent instanceof Y.AbstractType && item.parentSub !== null) {
        const parentName = topLevelName(doc, parent);
        if (parentName !== null) note(parentName, item.parentSub);
      }
    }
    const kinds = new Set<EntityKind>();
    for (const [mapName, keys] of changed) {
      const projection = this.byKindAndMap.get(`${kind}:${mapName}`);
      if (!projection) continue;
      const map = doc.getMap(mapName);
      for (const key of keys) {
        const value = map.get(key);
        const change = { docName, key, value: value instanceof Y.Map ? value.toJSON() : value };
        projection.apply(change);
        const changes = typeof projection.changes === 'function' ? projection.changes(change) : projection.changes;
        if (changes) kinds.add(changes);
      }
    }
    if (kinds.size > 0) this.onChanged([...kinds]);
  }

}

function topLevelName(doc: Y.Doc, type: Y.AbstractType<any>): string | null {
  if (type._item !== null) return null;
  for (const [name, t] of doc.share) if (t === type) return name;
  return null;
}
