import { defineModule } from '../feature-module';
import { accountHandlers } from './handlers';
import { sealPlainTotpSecrets } from './seal-totp-secrets';

/**
 * One's own password, PIN, two-factor and preferences. Its service seals two-factor secrets found in
 * plain text, at every start and after every restore (a restart of the services).
 */
export const accountModule = defineModule({
  name: 'account',
  handlers: accountHandlers,
  service: {
    options: () => ({}),
    create({ context }) {
      return {
        start() {
          sealPlainTotpSecrets(context());
        },
        stop() {},
      };
    },
  },
});
