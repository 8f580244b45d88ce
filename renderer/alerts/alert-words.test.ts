import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../domain/contract/index';
import { alertBarText, alertState } from './alert-words';

const base: AlertView = {
  id: 'excursion/s/1',
  locationId: 'l',
  kind: 'excursion',
  severity: 'critical',
  title: 'Walk-in out of range',
  detail: '',
  raisedAtMs: 1,
  acknowledgedAtMs: null,
  acknowledgedBy: null,
  endedAtMs: null,
  escalatedAtMs: null,
  escalatedTo: null,
  closedAtMs: null,
  closedReason: null,
};

describe('alerts in words', () => {
  it('says where an alert stands', () => {
    expect(alertState(base)).toBe('Not acknowledged');
    expect(alertState({ ...base, escalatedAtMs: 2 })).toBe('Escalated, not acknowledged');
    expect(alertState({ ...base, acknowledgedAtMs: 3 })).toBe('Acknowledged, still going on');
    expect(alertState({ ...base, endedAtMs: 4 })).toBe('Over, not acknowledged');
    expect(alertState({ ...base, acknowledgedAtMs: 3, endedAtMs: 4, closedAtMs: 4 })).toBe('Closed');
  });

  it('the bar counts the alerts waiting for someone and names the most urgent', () => {
    expect(alertBarText([])).toBe('');
    expect(alertBarText([base, { ...base, id: 'b', title: 'Freezer out of range' }])).toBe('2 alerts to acknowledge: Walk-in out of range');
    expect(alertBarText([{ ...base, acknowledgedAtMs: 1 }])).toBe('1 open alert: Walk-in out of range');
  });
});
