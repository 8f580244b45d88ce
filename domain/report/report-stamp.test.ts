import { describe, expect, it } from 'vitest';
import { parseStamp, stampText, type ReportStamp } from './report-stamp';

const stamp: ReportStamp = {
  params: { locationId: '0192f000-0000-7000-8000-000000000001', fromDay: '2026-10-01', toDay: '2026-10-31', twiceDaily: true, asOfMs: 1_790_000_000_000 },
  paper: 'letter',
  digest: 'a'.repeat(64),
  chainHead: `0192f000-0000-7000-8000-00000000000d:42:${'b'.repeat(64)}`,
};

describe('the stamp a report carries', () => {
  it('reads back exactly what was written, wherever it sits in the file', () => {
    expect(parseStamp(`%PDF-1.3 junk (${stampText(stamp)}) more`)).toEqual(stamp);
    expect(parseStamp(stampText({ ...stamp, chainHead: 'none', paper: 'a4' }))).toEqual({ ...stamp, chainHead: 'none', paper: 'a4' });
  });

  it('finds nothing in a file without one or with a damaged one', () => {
    expect(parseStamp('%PDF-1.3 nothing here')).toBeNull();
    expect(parseStamp(stampText(stamp).replace('digest=aaaa', 'digest=zzzz'))).toBeNull();
    expect(parseStamp(stampText({ ...stamp, paper: 'legal' as never }))).toBeNull();
  });
});
