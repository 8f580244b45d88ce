import { defineModule } from '../feature-module';
import { authHandlers } from './handlers';

const SWEEP_EVERY_MS = 15_000;

/** Sign-in, sign-out and locking; its service locks idle sessions even when nobody calls. */
export const authModule = defineModule({
  name: 'auth',
  handlers: authHandlers,
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create({ context }) {
      let timer: NodeJS.Timeout | null = null;
      return {
        start() {
          timer = setInterval(() => context().sessions.sweep(), SWEEP_EVERY_MS);
          timer.unref();
        },
        stop() {
          if (timer) clearInterval(timer);
          timer = null;
        },
      };
    },
  },
});
