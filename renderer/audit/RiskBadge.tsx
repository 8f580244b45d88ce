import { Badge } from '@mantine/core';
import type { Risk } from '../../domain/audit/entry';

/** Fill and text colours picked for ≥4.5:1 contrast in both themes; the risk is always written out. */
const STYLE: Record<Risk, { color: string; text: string }> = {
  LOW: { color: 'gray.2', text: 'black' },
  MEDIUM: { color: 'yellow.3', text: 'black' },
  HIGH: { color: 'orange.4', text: 'black' },
  CRITICAL: { color: 'red.9', text: 'white' },
};

export function RiskBadge({ risk }: { risk: Risk }) {
  const style = STYLE[risk];
  return (
    <Badge color={style.color} c={style.text} variant="filled" size="sm" radius="sm">
      {risk}
    </Badge>
  );
}
