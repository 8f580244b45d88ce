import { Button, Checkbox, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { PaperSize } from '../../domain/report/inspection-report';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { downloadReport } from '../report/download-report';
import { ErrorAlert } from '../shell/ErrorAlert';

/**
 * The count sheet as a PDF to print and fill in by hand: blind, unless a manager ticks the box
 * (the engine refuses it to anyone else, so staff are not even offered it).
 */
export function PrintCountSheet({ countId }: { countId: string }) {
  const mayShowExpected = useCan('inventory.manage');
  const [paper, setPaper] = useState<PaperSize>('letter');
  const [showExpected, setShowExpected] = useState(false);
  const print = useApiAction(async () => {
    downloadReport(await api.invoke('inventory.countSheetPdf', { countId, paper, showExpected: mayShowExpected && showExpected }));
  });
  return (
    <Stack gap="xs" role="group" aria-label="Print the count sheet">
      <Group align="flex-end">
        <div>
          <Text size="sm" fw={500} id="count-sheet-paper">
            Paper
          </Text>
          <SegmentedControl aria-labelledby="count-sheet-paper" value={paper} onChange={(v) => setPaper(v as PaperSize)} data={[{ value: 'letter', label: 'Letter' }, { value: 'a4', label: 'A4' }]} />
        </div>
        {mayShowExpected && <Checkbox label="Show the quantities on the books (not blind)" checked={showExpected} onChange={(e) => setShowExpected(e.currentTarget.checked)} />}
        <Button variant="default" onClick={() => void print.run()} loading={print.busy}>
          Print count sheet (PDF)
        </Button>
      </Group>
      <ErrorAlert error={print.error} />
    </Stack>
  );
}
