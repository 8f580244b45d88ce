import { describe, expect, it } from 'vitest';
import { archivedMonthsText } from './ArchiveStatusLine';

const base = { retentionMonths: 24, archivedBeforeDay: '2024-11-25', folder: '/data/archive' };
const month = (m: string, locationName: string, readings: number) => ({ locationId: locationName, locationName, month: m, fileName: `archive/x/${m}.jsonl.gz`, readings, records: 3, archivedAtMs: 0 });

describe('the Reports screen line on the archive', () => {
  it('says nothing is archived yet, and which months will be', () => {
    expect(archivedMonthsText({ ...base, months: [] })).toBe(
      'Nothing is archived yet. Each day, whole months that ended before 2024-11-25 (the 24-month retention) move to the archive.',
    );
  });

  it('gives the span of archived months once (over locations), their readings and the folder', () => {
    const text = archivedMonthsText({ ...base, months: [month('2024-09', 'Downtown', 40_000), month('2024-10', 'Downtown', 43_200), month('2024-10', 'Commissary', 0)] });
    expect(text).toMatch(/^Archived: 2024-09 to 2024-10 \(2 months, 83,200 readings\) in \/data\/archive\. Reports for those dates read the archive/);
  });
});
