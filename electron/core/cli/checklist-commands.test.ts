import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEMPLATE_PRESETS } from '../../../domain/haccp/checklist-templates';
import { centiCFromFahrenheit as F } from '../../../domain/haccp/food-code-temperatures';
import { call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const opsflow = (...args: string[]) => runCliInProcess(args);

// The CLI's engine reads the system clock: only Date is faked, so nothing else waits on it.
const NOON_IN_NEW_YORK = Date.UTC(2026, 10, 25, 17, 0, 0);
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOON_IN_NEW_YORK);
  ({ dir, cleanup } = tempDataDir());
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

/** A data folder in New York with the opening checks (due 10:00, missed today) and a receiving check done at noon. */
async function folder(): Promise<string> {
  const dataDir = join(dir, 'data');
  const engine = await openTestEngine({ dataDir });
  try {
    vi.setSystemTime(Date.UTC(2026, 10, 25, 5, 0, 0)); // midnight there: the templates exist all day
    const admin = await setUpOrganization(engine);
    await call(engine, 'checklists.saveTemplate', { ...TEMPLATE_PRESETS.opening, kind: 'opening', active: true }, admin.token);
    const receiving = await call(engine, 'checklists.saveTemplate', { ...TEMPLATE_PRESETS.receiving, kind: 'receiving', active: true }, admin.token);
    vi.setSystemTime(NOON_IN_NEW_YORK);
    const again = await call(engine, 'auth.signIn', { username: 'alice', password: 'correct horse battery' });
    const answers = receiving.items.map((i) => ({ itemId: i.id, value: i.type === 'temperature' ? (i.limit.bound === 'max' ? F(38) : F(140)) : i.type === 'yesNo' ? true : 'INV-1', failAction: null }));
    await call(engine, 'checklists.complete', { templateId: receiving.id, day: '2026-11-25', slot: 0, answers, note: '' }, again.token);
  } finally {
    engine.close();
  }
  return dataDir;
}

describe('opsflow haccp checklists', () => {
  it('list --json: today’s checklists at this PC’s location with their state', async () => {
    const dataDir = await folder();
    const r = await opsflow('haccp', 'checklists', 'list', '--json', '--data-dir', dataDir);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.day).toBe('2026-11-25');
    expect(view.occurrences.map((o: { templateName: string; state: string; records: unknown[] }) => [o.templateName, o.state, o.records.length])).toEqual([
      ['Opening checks', 'missed', 0],
      ['Receiving check', 'done', 1],
    ]);
  });

  it('list in words, and missed: exit 1 when a checklist was missed', async () => {
    const dataDir = await folder();
    const list = await opsflow('haccp', 'checklists', 'list', '--data-dir', dataDir);
    expect(list.stdout.split('\n')[1]).toMatch(/^Opening checks\s+Opening\s+AM\s+Missed: was due by 10:00$/);
    expect(list.stdout.split('\n')[2]).toMatch(/^Receiving check\s+Receiving\s+Done on time\s+Alice Admin$/);

    const missed = await opsflow('haccp', 'checklists', 'missed', '--from', '2026-11-25', '--to', '2026-11-25', '--json', '--data-dir', dataDir);
    expect(missed.code).toBe(1);
    expect(JSON.parse(missed.stdout)).toEqual([expect.objectContaining({ templateName: 'Opening checks', kind: 'missed', due: '2026-11-25T15:00:00.000Z', completed: null })]);
    const none = await opsflow('haccp', 'checklists', 'missed', '--from', '2026-11-20', '--to', '2026-11-24', '--data-dir', dataDir);
    expect(none).toEqual({ code: 0, stdout: 'No checklist was missed or late from 2026-11-20 to 2026-11-24.\n', stderr: '' });
  });

  it('refuses a day that is not one, in one line', async () => {
    const dataDir = await folder();
    expect(await opsflow('haccp', 'checklists', 'missed', '--from', '2026-02-30', '--to', '2026-03-01', '--data-dir', dataDir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'opsflow: --from: "2026-02-30" is not a day; write it as YYYY-MM-DD.\n',
    });
    expect((await opsflow('haccp', 'cooling', 'list', '--days', '0', '--data-dir', dataDir)).stderr).toBe('opsflow: --days: give a whole number of days from 1 to 366.\n');
    expect(JSON.parse((await opsflow('haccp', 'cooling', 'list', '--json', '--data-dir', dataDir)).stdout)).toEqual([]);
  });
});
