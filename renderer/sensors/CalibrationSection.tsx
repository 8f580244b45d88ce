import { Alert, Stack, Text, Title } from '@mantine/core';
import type { SensorView } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { calibrationDue } from './calibration-due';
import { CalibrationForm } from './CalibrationForm';
import { CalibrationHistoryTable } from './CalibrationHistoryTable';
import { formatCentiCExactly, formatTemperatureDelta, type TemperatureUnit } from './temperature';
import { useTimeFormat } from '../time/time-format';

interface CalibrationSectionProps {
  sensor: SensorView;
  unit: TemperatureUnit;
  timeZone: string | undefined;
  onSaved(): void;
}

/** The offset in force, when it was set and is next due, a form to record a new one, and the history. */
export function CalibrationSection({ sensor, unit, timeZone, onSaved }: CalibrationSectionProps) {
  const canCalibrate = useCan('calibration.manage');
  const history = useApiQuery('sensors.calibrationHistory', { sensorId: sensor.id }, { refreshOn: ['calibrations'] });
  const time = useTimeFormat();
  const due = calibrationDue(sensor.calibrationDueMs, timeZone, { writeDay: time.day });

  return (
    <Stack gap="md">
      <dl className="opsflow-facts">
        <dt>Current offset</dt>
        <dd>
          {formatTemperatureDelta(sensor.calibrationOffsetCentiC, unit)}
          {unit === 'F' && sensor.calibrationOffsetCentiC !== 0 && (
            <Text span size="xs" c="dimmed" fw={400}>
              {' '}
              (stored as {formatCentiCExactly(sensor.calibrationOffsetCentiC)})
            </Text>
          )}
        </dd>
        <dt>Last calibrated</dt>
        <dd>{sensor.calibratedAtMs === null ? 'Never' : time.dateTime(sensor.calibratedAtMs, timeZone)}</dd>
        <dt>Next due</dt>
        <dd>{due.state === 'none' ? 'No due date set' : due.text}</dd>
      </dl>
      {due.state === 'overdue' && (
        <Alert color="red" variant="light" title="Warning: calibration is overdue" role="status">
          This sensor was due for calibration on {due.day && time.day(due.day)}. Check it against a reference thermometer and record the result
          {canCalibrate ? ' below' : ' (a location manager or compliance officer can)'}.
        </Alert>
      )}
      {canCalibrate ? (
        <CalibrationForm
          sensor={sensor}
          unit={unit}
          timeZone={timeZone}
          onSaved={() => {
            history.reload();
            onSaved();
          }}
        />
      ) : (
        <Text size="sm" c="dimmed">
          Recording a calibration needs a location manager or compliance officer.
        </Text>
      )}
      <Title order={3}>Calibration history</Title>
      <ErrorAlert error={history.error} />
      {history.data && <CalibrationHistoryTable events={history.data} unit={unit} timeZone={timeZone} />}
    </Stack>
  );
}
