import { Button } from '@mantine/core';
import { useState } from 'react';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { downloadTextFile } from '../audit/download-file';
import { notifyFailure, notifySuccess } from '../shell/notify';
import { formatCount } from './temperature';

/** The sensor's readings in the chart's range as OpsFlow's CSV (Sensors → Import reads it back). */
export function ExportReadingsButton({ sensorId, range }: { sensorId: string; range: { fromMs: number; toMs: number } | null }) {
  const [busy, setBusy] = useState(false);
  async function exportCsv() {
    if (!range) return;
    setBusy(true);
    try {
      const { fileName, csv, readings } = await api.invoke('readings.export', { sensorId, fromMs: range.fromMs, toMs: range.toMs });
      downloadTextFile(fileName, csv, 'text/csv;charset=utf-8');
      notifySuccess(`Exported ${formatCount(readings)} readings to ${fileName}.`);
    } catch (err) {
      notifyFailure('Export failed', messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="default" mb={4} loading={busy} disabled={!range} onClick={() => void exportCsv()}>
      Download CSV
    </Button>
  );
}
