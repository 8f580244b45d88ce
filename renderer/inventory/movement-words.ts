import type { MovementKind } from '../../domain/inventory/movements';

export const MOVEMENT_WORDS: Record<MovementKind, string> = {
  receive: 'Received',
  use: 'Used',
  waste: 'Wasted',
  transferOut: 'Sent',
  transferIn: 'Transfer received',
  countAdjustment: 'Count adjustment',
  reversal: 'Reversal',
};
