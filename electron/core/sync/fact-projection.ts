import type { EntityKind } from '../../../domain/contract/events';
import { FACT_BATCHES_MAP, batchKind, type BatchKind } from '../../../domain/sync/fact-batch';
import type { Logger } from '../logger';
import type { MapChange, MapProjection } from './projection-registry';

export type FactBatchProjector = (docName: string, batch: Uint8Array) => void;

/**
 * The `batches` map of log documents: each key is set once to an immutable batch whose first byte
 * says what it holds. Each kind of fact registers the projector that writes its rows and the kind
 * of data those rows are.
 */
export class FactBatchProjection implements MapProjection {
  readonly docKind = 'log' as const;
  readonly map = FACT_BATCHES_MAP;
  private readonly projectors = new Map<number, { changes: EntityKind; project: FactBatchProjector }>();

  constructor(private readonly log: Logger) {}

  registerKind(kind: BatchKind, changes: EntityKind, project: FactBatchProjector): void {
    this.projectors.set(kind, { changes, project });
  }

  changes = ({ value }: MapChange): EntityKind | null =>
    value instanceof Uint8Array ? (this.projectors.get(batchKind(value))?.changes ?? null) : null;

  apply({ docName, key, value }: MapChange): void {
    if (!(value instanceof Uint8Array)) {
      this.log.warn({ docName, key }, 'skipped a fact batch that is not bytes');
      return;
    }
    const projector = this.projectors.get(batchKind(value));
    if (!projector) {
      this.log.warn({ docName, key, kind: batchKind(value) }, 'skipped a fact batch of an unknown kind');
      return;
    }
    projector.project(docName, value);
  }
}
