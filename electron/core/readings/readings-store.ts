import type { EngineContext } from '../context';

/**
 * What writing readings needs of the engine, and no more: the database, the documents, who this PC
 * is, the clock and the log. The writers below take this, not the whole engine.
 */
export type ReadingsStore = Pick<EngineContext, 'sqlite' | 'db' | 'q' | 'docs' | 'identity' | 'now' | 'log'>;
