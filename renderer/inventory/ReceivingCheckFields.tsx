import { Checkbox, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import type { ItemView } from '../../domain/contract/index';
import type { ReceivingCheckView } from '../../domain/contract/inventory';
import { judgeReceiving, receivingLimit, TCS_HOLDING_WORDS, type TcsHolding } from '../../domain/inventory/receiving-check';
import { readTemperature } from '../checklists/temperature-entry';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';
import { ApiError } from '../bridge/api-error';

/** The receiving check of one delivery line, as typed. */
export interface CheckDraft {
  holding: TcsHolding;
  temp: string;
  receivedFrozen: boolean;
  decision: '' | 'accept' | 'reject';
  correctiveAction: string;
}

/** Frozen stock is kept in a freezer: its storage area says so; anything else TCS arrives refrigerated unless the person says hot. */
export function defaultCheck(item: ItemView | undefined): CheckDraft {
  return { holding: item && /freez/i.test(item.storageArea) ? 'frozen' : 'cold', temp: '', receivedFrozen: false, decision: '', correctiveAction: '' };
}

function holdingLabel(holding: TcsHolding, unit: TemperatureUnit): string {
  const limit = receivingLimit(holding);
  if (!limit) return `${TCS_HOLDING_WORDS[holding]} (received frozen)`;
  return `${TCS_HOLDING_WORDS[holding]} (${limit.kind === 'max' ? 'at most' : 'at least'} ${formatTemperature(limit.limitCentiC, unit)})`;
}

/** The verdict of what was typed so far: null until it is a temperature. */
export function draftVerdict(draft: CheckDraft, unit: TemperatureUnit): { centiC: number; passed: boolean } | null {
  const read = readTemperature(draft.temp, unit);
  if ('error' in read) return null;
  return { centiC: read.centiC, passed: judgeReceiving({ holding: draft.holding, tempCentiC: read.centiC, receivedFrozen: draft.receivedFrozen }).passed };
}

/**
 * What the engine is sent for the line, or the sentence that says what is missing. The decision is
 * sent only for food that failed: the engine refuses a failed check that has none.
 */
export function checkInput(draft: CheckDraft, unit: TemperatureUnit, lineNo: number, itemName: string) {
  const read = readTemperature(draft.temp, unit);
  if ('error' in read) throw new ApiError('BAD_INPUT', `Line ${lineNo}: ${itemName} is TCS food. ${read.error}`);
  const passed = judgeReceiving({ holding: draft.holding, tempCentiC: read.centiC, receivedFrozen: draft.receivedFrozen }).passed;
  return {
    holding: draft.holding,
    tempCentiC: read.centiC,
    receivedFrozen: draft.holding === 'frozen' && draft.receivedFrozen,
    decision: passed || draft.decision === '' ? null : draft.decision,
    correctiveAction: passed ? '' : draft.correctiveAction,
  };
}

interface ReceivingCheckFieldsProps {
  draft: CheckDraft;
  unit: TemperatureUnit;
  onChange(fields: Partial<CheckDraft>): void;
}

/** Food Code 3-202.11 at the door: how the food arrived, its temperature, and for food that failed, reject or accept with a corrective action. */
export function ReceivingCheckFields({ draft, unit, onChange }: ReceivingCheckFieldsProps) {
  const verdict = draftVerdict(draft, unit);
  return (
    <Group align="flex-end" gap="sm" role="group" aria-label="Receiving check">
      <NativeSelect
        label="Arrived"
        value={draft.holding}
        onChange={(e) => onChange({ holding: e.currentTarget.value as TcsHolding })}
        data={(['cold', 'hot', 'frozen'] as const).map((h) => ({ value: h, label: holdingLabel(h, unit) }))}
        w={230}
      />
      <TextInput label={`Temperature (°${unit})`} inputMode="decimal" value={draft.temp} onChange={(e) => onChange({ temp: e.currentTarget.value })} w={140} required />
      {draft.holding === 'frozen' && <Checkbox label="Frozen solid, no signs of thawing" checked={draft.receivedFrozen} onChange={(e) => onChange({ receivedFrozen: e.currentTarget.checked })} />}
      {verdict && (
        <Text size="sm" fw={600} c={verdict.passed ? undefined : 'red'} role="status">
          {verdict.passed ? 'Check passed' : 'Check failed'}
        </Text>
      )}
      {verdict && !verdict.passed && (
        <>
          <NativeSelect
            label="Decision"
            value={draft.decision}
            onChange={(e) => onChange({ decision: e.currentTarget.value as CheckDraft['decision'] })}
            data={[
              { value: '', label: 'Choose…' },
              { value: 'reject', label: 'Reject: do not receive it' },
              { value: 'accept', label: 'Accept with a corrective action' },
            ]}
            w={260}
          />
          {draft.decision === 'accept' && <TextInput label="Corrective action" value={draft.correctiveAction} onChange={(e) => onChange({ correctiveAction: e.currentTarget.value })} w={320} />}
        </>
      )}
    </Group>
  );
}

/** "38.0 °F, passed" / "45.0 °F, failed: accepted (iced and used today)": a receipt's check in the history. */
export function checkSummary(check: ReceivingCheckView, unit: TemperatureUnit): string {
  const temp = check.holding === 'frozen' ? `${formatTemperature(check.tempCentiC, unit)}, ${check.receivedFrozen ? 'frozen' : 'not frozen'}` : formatTemperature(check.tempCentiC, unit);
  if (check.passed) return `${temp}, passed`;
  return `${temp}, failed: ${check.decision === 'rejected' ? 'rejected' : `accepted (${check.correctiveAction})`}`;
}
