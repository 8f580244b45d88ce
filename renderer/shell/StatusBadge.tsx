import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A state in words on a tinted badge. Mantine's Badge keeps to one line and cuts what does not fit
 * ("Act…", "Not conne…"), and a table squeezes such a cell to nothing first; this one wraps its
 * words instead, so a narrow column costs a line, never the words.
 */
export function StatusBadge({ color, size = 'md', children }: { color: BadgeProps['color']; size?: BadgeProps['size']; children: ReactNode }) {
  return (
    <Badge
      variant="light"
      color={color}
      tt="none"
      size={size}
      styles={{
        root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: 'none', paddingBlock: 2 },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.35 },
      }}
    >
      {children}
    </Badge>
  );
}
