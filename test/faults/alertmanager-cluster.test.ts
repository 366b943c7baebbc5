import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { freePort, OwnRedisServer } from '../http/support/redis-server.js';
import { startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.js';
import { recordFigures } from './support/figures.js';
import { eventually, serveProcess, type ServeProcess } from './support/serve-process.js';

/*
 * Real senders: three clustered Alertmanager peers (Debian's prometheus-alertmanager, which
 * scripts/ensure-services.sh installs) on loopback, each fed the same three alerts through its v2 API, as the
 * Prometheus servers of an HA pair feed every peer. The peers run with --cluster.peer-timeout=0s and slow gossip:
 * each sends as soon as its group is due, before the others' notification log reaches it, which is Alertmanager's
 * "fail open" (a partition, a slow peer): the same notification arrives from every peer, each body a little
 * different (its own externalURL), hence a delivery key of its own. Firebreak must still open one incident, post
 * one Slack message, and, when the peers send the resolution, update that message instead of posting another.
 * Between the peers and Firebreak sits a recording relay, so the test knows which peer sent what.
 */
const BIN = 'prometheus-alertmanager';
const TOKEN = 'am-cluster-token-7f3a';
const SERVICE = 'payments-am';

interface Peer { web: number; cluster: number; dir: string; child: ChildProcess; output: string[] }
interface Delivery { peer: string; status: string; alerts: number; answer: number; deliveryKey: string | undefined; duplicate: boolean | undefined }

let database: TestDatabase;
let redis: OwnRedisServer;
let slack: FakeSlack;
let daemon: ServeProcess;
let relay: Server;
const peers: Peer[] = [];
const deliveries: Delivery[] = [];
const workdir = mkdtempSync(join(tmpdir(), 'firebreak-am-cluster-'));

/** Forwards each notification to Firebreak as it came (headers and bytes) and records who sent it and the answer. */
async function startRelay(target: () => string): Promise<number> {
  relay = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const sent = JSON.parse(body.toString('utf8')) as { externalURL: string; status: string; alerts: unknown[] };
      void fetch(`${target()}${request.url ?? ''}`, {
        method: 'POST',
        body,
        headers: { 'content-type': String(request.headers['content-type']), authorization: String(request.headers.authorization) },
      }).then(
        async (answer) => {
          const text = await answer.text();
          const parsed = (answer.status === 202 ? JSON.parse(text) : {}) as { deliveryKey?: string; duplicate?: boolean };
          deliveries.push({ peer: sent.externalURL, status: sent.status, alerts: sent.alerts.length, answer: answer.status, deliveryKey: parsed.deliveryKey, duplicate: parsed.duplicate });
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
        },
        () => response.writeHead(502).end(),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return port;
}

function writeConfig(relayPort: number): string {
  const file = join(workdir, 'alertmanager.yml');
  writeFileSync(
    file,
    [
      'route:',
      '  receiver: firebreak',
      '  group_by: [service]',
      '  group_wait: 1s',
      '  group_interval: 2s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: firebreak',
      '    webhook_configs:',
      `      - url: http://127.0.0.1:${relayPort}/webhooks/alertmanager`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${TOKEN}`,
      '',
    ].join('\n'),
  );
  return file;
}

async function startPeers(config: string): Promise<void> {
  // Six distinct ports, asked one at a time: asked together, two asks can get the same port once the first closed it
  // (a peer's web port was once another's cluster port: "bind: address already in use").
  const taken = new Set<number>();
  const distinctPort = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const ports: Array<{ web: number; cluster: number }> = [];
  for (let peer = 0; peer < 3; peer += 1) ports.push({ web: await distinctPort(), cluster: await distinctPort() });
  for (const [index, { web, cluster }] of ports.entries()) {
    const dir = join(workdir, `peer-${index}`);
    const others = ports.filter((_, other) => other !== index).map((other) => `--cluster.peer=127.0.0.1:${other.cluster}`);
    const child = spawn(BIN, [
      `--config.file=${config}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${web}`,
      `--cluster.listen-address=127.0.0.1:${cluster}`,
      ...others,
      // Send without waiting for the peers before us (position x peer-timeout), and gossip the notification log
      // slowly: every peer notifies, as in a partition. Settling (gossip-interval x 10 per poll) is capped short.
      '--cluster.peer-timeout=0s',
      '--cluster.gossip-interval=5s',
      '--cluster.probe-interval=5s',
      '--cluster.pushpull-interval=1m',
      '--cluster.settle-timeout=2s',
      '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    peers.push({ web, cluster, dir, child, output });
  }
  // Ready: every peer answers its API and sees the two others as cluster members.
  for (const peer of peers) {
    await eventually(async () => {
      if (peer.child.exitCode !== null) throw new Error(`alertmanager on ${peer.web} exited: ${peer.output.join('')}`);
      const status = await fetch(`http://127.0.0.1:${peer.web}/api/v2/status`).then((r) => (r.ok ? (r.json() as Promise<{ cluster: { status: string; peers?: unknown[] } }>) : undefined)).catch(() => undefined);
      return status?.cluster.status === 'ready' && (status.cluster.peers?.length ?? 0) === 3;
    }, `alertmanager peer on ${peer.web} to join a cluster of three`, 30_000);
  }
}

/** The same alerts to every peer at once, as each Prometheus of an HA pair sends to every Alertmanager. */
async function postToEveryPeer(endsAt: string | undefined): Promise<void> {
  const startsAt = startedAt.toISOString();
  const alerts = ['PaymentsErrors', 'PaymentsLatency', 'PaymentsSaturation'].map((alertname) => ({
    labels: { alertname, service: SERVICE, severity: 'critical' },
    annotations: { summary: `${alertname} on ${SERVICE}` },
    startsAt,
    ...(endsAt === undefined ? {} : { endsAt }),
    generatorURL: 'http://prometheus.example/graph',
  }));
  const statuses = await Promise.all(
    peers.map((peer) => fetch(`http://127.0.0.1:${peer.web}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) }).then((r) => r.status)),
  );
  expect(statuses).toEqual([200, 200, 200]);
}
const startedAt = new Date(Date.now() - 60_000);

/** Every notification Firebreak acknowledged is recorded (its key is the job's; each alert in it is `<key>/<n>`). */
async function allTriaged(): Promise<boolean> {
  const rows = await database.db.query<{ key: string }>("SELECT DISTINCT split_part(delivery_key, '/', 1) AS key FROM alert_deliveries WHERE outcome <> 'pending'");
  const recorded = new Set(rows.map((row) => row.key));
  return deliveries.every((delivery) => delivery.deliveryKey !== undefined && recorded.has(delivery.deliveryKey));
}

/** A timeout says what the relay saw and what the daemon and the peers wrote last. */
function withDiagnostics(error: unknown): never {
  const peerLogs = peers.map((peer) => `peer ${peer.web}: ${peer.output.join('').slice(-1000)}`).join('\n');
  throw new Error(`${String(error)}\ndeliveries: ${JSON.stringify(deliveries)}\ndaemon: ${daemon.rawLines.slice(-20).join('\n')}\n${peerLogs}`);
}

beforeAll(async () => {
  if (spawnSync(BIN, ['--version']).status !== 0) throw new Error(`${BIN} is not installed: run scripts/ensure-services.sh postgres`);
  database = await createTestDatabase('postgres');
  redis = await OwnRedisServer.start();
  slack = await startFakeSlack();
  let daemonUrl = '';
  const relayPort = await startRelay(() => daemonUrl);
  daemon = serveProcess('all', {
    REDIS_URL: redis.url,
    DATABASE_URL: database.location,
    ALERTMANAGER_TOKEN: TOKEN,
    SLACK_BOT_TOKEN: 'xoxb-am-cluster',
    SLACK_SIGNING_SECRET: 'am-cluster-signing',
    SLACK_CHANNEL: 'C_AM_CLUSTER',
    SLACK_API_URL: slack.url,
    FIREBREAK_SLACK_BATCH_S: '0',
  });
  daemonUrl = await daemon.ready;
  await startPeers(writeConfig(relayPort));
}, 60_000);

afterAll(async () => {
  for (const peer of peers) if (peer.child.exitCode === null) peer.child.kill('SIGTERM');
  await Promise.all(peers.map((peer) => (peer.child.exitCode === null ? new Promise((resolve) => peer.child.once('exit', resolve)) : undefined)));
  await daemon?.stop();
  await new Promise((resolve) => relay?.close(resolve));
  await slack?.close();
  await redis?.destroy();
  await database?.drop();
  rmSync(workdir, { recursive: true, force: true });
});

describe('three clustered Alertmanager peers notifying the same alerts', () => {
  it('make one incident and one Slack message, and the resolution updates that message', async () => {
    const topLevel = () => slack.callsTo('chat.postMessage').filter((call) => call.args.thread_ts === undefined);
    await postToEveryPeer(undefined);
    const firing = () => deliveries.filter((delivery) => delivery.status === 'firing');
    // Every peer sends after group_wait; wait until the message is posted and the peers have had their say.
    const top = await eventually(async () => slack.messages.find((message) => message.thread_ts === undefined), 'the incident message', 30_000).catch(withDiagnostics);
    await eventually(async () => new Set(firing().map((delivery) => delivery.peer)).size >= 2 || undefined, 'a second peer to notify the same alerts', 15_000);
    const incidents = async () => database.db.query<{ incident_id: string }>("SELECT DISTINCT incident_id FROM alerts WHERE service = $1 AND incident_id IS NOT NULL", [SERVICE]);
    await eventually(allTriaged, 'every firing notification to be triaged', 20_000);
    expect((await incidents()).length).toBe(1);
    const firingPeers = new Set(firing().map((delivery) => delivery.peer));

    // The resolution: endsAt in the past, sent again to every peer; each peer sends the resolved notification.
    await postToEveryPeer(new Date(Date.now() - 1000).toISOString());
    const resolvedUpdate = await eventually(async () => {
      const update = slack.callsTo('chat.update').filter((call) => call.args.ts === top.ts && JSON.stringify(call.args.blocks ?? '').includes('3 linked, 0 firing'));
      return update.length > 0 ? update : undefined;
    }, 'the incident message to be updated with the resolution', 30_000).catch(withDiagnostics);
    await eventually(allTriaged, 'every resolved notification to be triaged', 20_000);

    const [alerts] = await database.db.query<{ rows: number; firing: number; open_incidents: number }>(
      "SELECT count(*)::int AS rows, count(*) FILTER (WHERE status = 'firing')::int AS firing, count(DISTINCT incident_id)::int AS open_incidents FROM alerts WHERE service = $1",
      [SERVICE],
    );
    const resolved = deliveries.filter((delivery) => delivery.status === 'resolved');
    recordFigures('alertmanager-cluster', {
      peers: peers.length,
      firingNotifications: firing().length,
      firingPeers: firingPeers.size,
      resolvedNotifications: resolved.length,
      resolvedPeers: new Set(resolved.map((delivery) => delivery.peer)).size,
      distinctDeliveryKeys: new Set(deliveries.map((delivery) => delivery.deliveryKey)).size,
      answers: deliveries.map((delivery) => delivery.answer),
      alertRows: alerts?.rows,
      incidents: alerts?.open_incidents,
      topLevelPosts: topLevel().length,
      updatesOfThatMessage: slack.callsTo('chat.update').filter((call) => call.args.ts === top.ts).length,
      updatesToOtherMessages: slack.callsTo('chat.update').filter((call) => call.args.ts !== top.ts).length,
    });
    // More than one peer notified, each with a body of its own: the duplicates reached Firebreak as distinct deliveries.
    expect(firingPeers.size).toBeGreaterThanOrEqual(2);
    expect(new Set(firing().map((delivery) => delivery.deliveryKey)).size).toBe(firing().length);
    expect(deliveries.every((delivery) => delivery.answer === 202)).toBe(true);
    expect(resolved.length).toBeGreaterThanOrEqual(1);
    // One alert row per alert (one firing episode each, now resolved), one incident, one top-level message.
    expect(alerts).toEqual({ rows: 3, firing: 0, open_incidents: 1 });
    expect(topLevel()).toHaveLength(1);
    expect(resolvedUpdate.length).toBeGreaterThanOrEqual(1);
    expect(slack.callsTo('chat.update').every((call) => call.args.ts === top.ts)).toBe(true);
    // the bearer token the peers send, and Slack's, appear in none of the daemon's lines
    const said = daemon.rawLines.join('\n');
    for (const secret of [TOKEN, 'xoxb-am-cluster', 'am-cluster-signing']) expect(said).not.toContain(secret);
  }, 90_000);
});
