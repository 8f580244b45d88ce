import { Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { rangeProblem, type PaperSize } from '../../domain/report/inspection-report';
import { dayInZone, startOfDayInZone } from '../../domain/time/calendar-days';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { useLocations } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifyFailure, notifySuccess } from '../shell/notify';
import { ArchiveStatusLine } from './ArchiveStatusLine';
import { downloadReport } from './download-report';

const DAY_MS = 86_400_000;

/** The last 30 days at a location, today included. */
function lastThirtyDays(timeZone: string): { from: string; to: string } {
  const to = dayInZone(Date.now(), timeZone);
  return { from: dayInZone(startOfDayInZone(to, timeZone)! - 29 * DAY_MS + 12 * 3_600_000, timeZone), to };
}

/** The inspector's report: a location, a range, the paper and the format, one click to download. */
export function ReportsScreen() {
  useDocumentTitle('Reports · OpsFlow');
  const locations = useLocations();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [paper, setPaper] = useState<PaperSize>('letter');
  const [format, setFormat] = useState<'pdf' | 'csv'>('pdf');
  const [twiceDaily, setTwiceDaily] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (locationId || !locations.data?.length) return;
    const home = locations.data.find((l) => l.isThisDevice) ?? locations.data[0]!;
    setLocationId(home.id);
    setRange(lastThirtyDays(home.timeZone));
  }, [locations.data, locationId]);

  const problem = range ? rangeProblem(range.from, range.to) : null;

  async function make() {
    if (!locationId || !range) return;
    setBusy(true);
    setError(null);
    try {
      const file = await api.invoke('report.haccp', { locationId, fromDay: range.from, toDay: range.to, paper, format, twiceDaily });
      downloadReport(file);
      notifySuccess(`Saved ${file.fileName} (${Math.ceil(file.sizeBytes / 1024)} KB). Digest ${file.digest.slice(0, 16)}…`);
    } catch (err) {
      setError(messageOf(err));
      notifyFailure('The report could not be made', messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md" maw={640}>
      <div>
        <Title order={1}>Reports</Title>
        <Text size="sm" c="dimmed">
          The inspector's HACCP report: each unit's daily minimum and maximum, every excursion with its corrective action and sign-off, checklists, cooling logs and the calibration of every
          sensor. Its last page prints a digest: "opsflow report verify" tells whether any record it shows has changed since.
        </Text>
      </div>
      <ErrorAlert error={locations.error} />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Select
            label="Location"
            data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            allowDeselect={false}
          />
          <Group grow>
            <TextInput label="From" type="date" value={range?.from ?? ''} onChange={(e) => setRange({ from: e.currentTarget.value, to: range?.to ?? '' })} />
            <TextInput label="To (included)" type="date" value={range?.to ?? ''} onChange={(e) => setRange({ from: range?.from ?? '', to: e.currentTarget.value })} />
          </Group>
          {range && problem && (
            <Text size="sm" c="red" role="alert">
              {problem}
            </Text>
          )}
          <Group>
            <div>
              <Text size="sm" fw={500} id="report-format">
                Format
              </Text>
              <SegmentedControl aria-labelledby="report-format" value={format} onChange={(v) => setFormat(v as 'pdf' | 'csv')} data={[{ value: 'pdf', label: 'PDF' }, { value: 'csv', label: 'CSV' }]} />
            </div>
            <div>
              <Text size="sm" fw={500} id="report-paper">
                Paper
              </Text>
              <SegmentedControl
                aria-labelledby="report-paper"
                value={paper}
                onChange={(v) => setPaper(v as PaperSize)}
                disabled={format === 'csv'}
                data={[{ value: 'letter', label: 'Letter' }, { value: 'a4', label: 'A4' }]}
              />
            </div>
          </Group>
          <Checkbox label="Add twice-daily readings (the first after 08:00 and after 20:00)" checked={twiceDaily} onChange={(e) => setTwiceDaily(e.currentTarget.checked)} />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group>
            <Button onClick={() => void make()} loading={busy} disabled={!locationId || !range || problem !== null}>
              Download the report
            </Button>
          </Group>
        </Stack>
      </Paper>
      <ArchiveStatusLine />
    </Stack>
  );
}
