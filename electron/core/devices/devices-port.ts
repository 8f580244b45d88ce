import type { AuditDraft } from '../../../domain/audit/entry';
import type { DemoDeviceName, DeviceView, ProbeSetting } from '../../../domain/contract/devices';
import type { AuditActor } from '../audit/audit-writer';
import type { StoreReadingsResult, RawReading } from '../readings/store-readings';

/** The caller's audited write (CallContext.commit): the entry and the change in one transaction. */
export type Commit = (draft: AuditDraft, write: () => void) => void;

/** A live sensor's state on this station: answering or not, and its newest reading not yet stored. */
export interface LiveSensorState {
  online: boolean | null;
  pending: RawReading | null;
}

/**
 * How the rest of the engine (handlers of devices, sensors and settings) sees the devices watched
 * by this station. The devices feature implements it; nothing else imports its internals.
 */
export interface DevicesPort {
  readonly demoMode: boolean;
  list(): DeviceView[];
  /** Downloads a plugged logger; resolves once its readings are stored. */
  download(deviceId: string, actor: AuditActor): Promise<StoreReadingsResult>;
  setProbes(deviceId: string, probes: ProbeSetting[], commit: Commit): Promise<DeviceView>;
  changeProbeAddress(deviceId: string, address: number, newAddress: number, commit: Commit): Promise<DeviceView>;
  demoPlug(name: DemoDeviceName): Promise<string>;
  demoUnplug(deviceId: string): Promise<void>;
  /** After settings.update: swap to or from the simulated devices, and apply the logger switches. */
  applySettings(changed: { demoMode?: boolean }): Promise<void>;
  /** Stores a sensor's waiting live readings now (a calibration must not apply to readings taken before it). */
  flushSensor(sensorId: string): void;
  liveState(sensorId: string): LiveSensorState;
}
