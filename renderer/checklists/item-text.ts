import type { ChecklistItem } from '../../domain/haccp/checklist-templates';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';

/** What an item asks for, in words: "at most 41.0 °F", "expected: yes", "50 to 200". */
export function itemRuleText(item: ChecklistItem, unit: TemperatureUnit): string {
  switch (item.type) {
    case 'temperature':
      return `${item.limit.bound === 'max' ? 'at most' : 'at least'} ${formatTemperature(item.limit.centiC, unit)}`;
    case 'yesNo':
      return `expected: ${item.expected ? 'yes' : 'no'}`;
    case 'number':
      return item.min !== null && item.max !== null ? `${item.min} to ${item.max}` : item.min !== null ? `at least ${item.min}` : item.max !== null ? `at most ${item.max}` : 'any number';
    case 'text':
      return 'notes';
  }
}

/** An answer as recorded, in words. */
export function answerText(item: ChecklistItem, value: number | boolean | string, unit: TemperatureUnit): string {
  if (item.type === 'temperature') return formatTemperature(value as number, unit);
  if (item.type === 'yesNo') return value ? 'Yes' : 'No';
  return String(value);
}
