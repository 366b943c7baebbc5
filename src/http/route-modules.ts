import type { FastifyInstance } from 'fastify';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { registerSilenceRoutes } from '../silences/silence-routes.js';
import { registerSlackRoutes } from '../slack/slack-routes.js';
import { registerUiRoutes } from '../ui/ui-routes.js';

/**
 * A group of HTTP routes beyond the receivers (Slack interactions, the API, ...). Add one line here per module,
 * as in `src/cli/commands/index.ts`; the server registers them all before it listens. A module registers its own
 * content-type parser inside an encapsulated plugin (`app.register(async (scope) => ...)`) if it needs one.
 */
export type RegisterRoutes = (app: FastifyInstance, context: DaemonContext) => void | Promise<void>;

export const HTTP_ROUTE_MODULES: RegisterRoutes[] = [registerSlackRoutes, registerUiRoutes, registerSilenceRoutes];
