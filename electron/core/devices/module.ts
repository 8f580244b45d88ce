import { defineModule } from '../feature-module';
import { DevicesService } from './devices-service';
import type { DevicesServiceOptions } from './devices-service-options';
import { deviceHandlers } from './handlers';
import * as m003 from './migrations/003-live-reading-buffer';

/**
 * Thermometers, probes and loggers plugged into this station. Its service watches them when the
 * engine is opened with `devices` (or `timers`); tests start it later with startDevices().
 */
export const devicesModule = defineModule({
  name: 'devices',
  handlers: deviceHandlers,
  migrations: { '003-live-reading-buffer': m003 },
  service: {
    options({ devices, timers, demo }): DevicesServiceOptions | null {
      const wanted = devices ?? timers;
      if (!wanted) return null;
      const options = typeof wanted === 'object' ? (wanted as DevicesServiceOptions) : {};
      return { ...options, demo: options.demo ?? demo };
    },
    create: ({ context, options }) => new DevicesService(context, options),
  },
});
