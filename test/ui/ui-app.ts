import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../src/store/db.js';
import { uiRoutes } from '../../src/ui/ui-routes.js';
import { SEED_NOW } from './seed-incident-log.js';

export const UI_TOKEN = 'ui-token-for-tests-7f3a9c';

/** A fastify server with only the web UI on it, over `db` (`token` null: the UI disabled), seeing the time as SEED_NOW. */
export async function buildUiApp(db: Db, token: string | null = UI_TOKEN): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(uiRoutes({ config: { FIREBREAK_UI_TOKEN: token ?? undefined }, db, clock: { now: () => SEED_NOW } }));
  await app.ready();
  return app;
}
