import { z } from 'zod';

/**
 * An alert lives in the `alerts` map of its location's ops document (mutable state: it is
 * acknowledged, escalated and closed, last writer wins per field) and is never removed: a closed
 * alert keeps its history. Its key follows from what it is about (alert-ids in electron/core/alerts),
 * so two PCs that notice the same excursion raise one alert, not two.
 */
export const ALERTS_MAP = 'alerts';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Kinds other features raise too (checklists, stock): a new kind is a new word here, nothing else. */
export const ALERT_KINDS = ['excursion', 'sensorOffline', 'calibrationDue', 'calibrationOverdue', 'batteryLow', 'checklistMissed', 'lowStock', 'expiringStock'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  excursion: 'Temperature excursion',
  sensorOffline: 'Sensor offline',
  calibrationDue: 'Calibration due',
  calibrationOverdue: 'Calibration overdue',
  batteryLow: 'Battery low',
  checklistMissed: 'Checklist missed',
  lowStock: 'Low stock',
  expiringStock: 'Stock expiring or expired',
};

export const alertRecord = z.object({
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(ALERT_SEVERITIES),
  /** What it is about: a sensor, a unit, a checklist, an item (its id). */
  subjectId: z.string().min(1).max(128),
  title: z.string().min(1).max(200),
  detail: z.string().max(1000),
  raisedAtMs: z.number().int(),
  acknowledgedAtMs: z.number().int().nullable(),
  acknowledgedBy: z.string().max(120).nullable(),
  /** When what it is about was over (back in range, answering again, calibrated); the alert stays open until acknowledged too. */
  endedAtMs: z.number().int().nullable(),
  escalatedAtMs: z.number().int().nullable(),
  /** Who it was escalated to, in words ("Lena Manager, Max Shift"). */
  escalatedTo: z.string().max(500).nullable(),
  closedAtMs: z.number().int().nullable(),
  closedReason: z.string().max(200).nullable(),
});
export type AlertRecord = z.infer<typeof alertRecord>;
