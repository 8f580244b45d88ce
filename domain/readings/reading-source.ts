export const READING_SOURCES = ['download', 'live', 'manual', 'import'] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];

const CODES: Record<ReadingSource, number> = { download: 1, live: 2, manual: 3, import: 4 };

export function readingSourceCode(source: ReadingSource): number {
  return CODES[source];
}

export function readingSourceFromCode(code: number): ReadingSource | null {
  return READING_SOURCES.find((s) => CODES[s] === code) ?? null;
}
