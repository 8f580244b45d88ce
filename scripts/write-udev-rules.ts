// Writes resources/udev/60-opsflow.rules from the device table.
import { writeFileSync } from 'node:fs';
import { renderUdevRules } from '../domain/devices/udev-rules';

writeFileSync(new URL('../resources/udev/60-opsflow.rules', import.meta.url), renderUdevRules());
