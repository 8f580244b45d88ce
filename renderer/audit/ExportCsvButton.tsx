import { Button } from '@mantine/core';
import { notifyFailure, notifySuccess } from '../shell/notify';
import { useState } from 'react';
import type { AuditFilter } from '../../domain/contract/index';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { downloadTextFile } from './download-file';

/** Exports the entries matching the current filter (all pages) as a CSV file. */
export function ExportCsvButton({ filter }: { filter: AuditFilter }) {
  const [busy, setBusy] = useState(false);
  async function exportCsv() {
    setBusy(true);
    try {
      const { fileName, csv, rows } = await api.invoke('audit.exportCsv', { filter });
      downloadTextFile(fileName, csv, 'text/csv;charset=utf-8');
      notifySuccess(`Exported ${rows.toLocaleString()} entries to ${fileName}.`);
    } catch (err) {
      notifyFailure('Export failed', messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="default" loading={busy} onClick={() => void exportCsv()}>
      Export CSV
    </Button>
  );
}
