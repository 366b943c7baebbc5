import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { configSchema, SECRET_KEYS } from '../../src/config/schema.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'firebreak-helm-'));

/** A rendered object; `spec` stays loose because each assertion reads the few fields it checks. */
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

/** Runs scripts/helm-check.sh on a chart; resolves with its output whether it passed or not. */
async function helmCheck(chart: string, out: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('scripts/helm-check.sh', [chart, out], { cwd: root, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function rendered(out: string, name: string): K8sObject[] {
  const text = readFileSync(join(out, `${name}.yaml`), 'utf8');
  return parseAllDocuments(text, { version: '1.1' })
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

function find(objects: K8sObject[], kind: string, nameSuffix: string): K8sObject {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name.endsWith(nameSuffix));
  if (!object) throw new Error(`no ${kind} *${nameSuffix} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return object;
}

function copyChart(): string {
  const chart = mkdtempSync(join(scratch, 'chart-'));
  cpSync(join(root, 'helm'), chart, { recursive: true });
  return chart;
}

describe('helm chart', () => {
  const out = join(scratch, 'render');
  let check: { code: number; output: string };

  beforeAll(async () => {
    check = await helmCheck('helm', out);
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('lints, renders and validates against the Kubernetes schemas with default and production-like values', () => {
    expect(check.output).toContain('helm-check: ok');
    expect(check.output).toMatch(/lint \+ template \(default\)/);
    expect(check.output).toMatch(/lint \+ template \(production-values\)/);
    expect(check.output).toMatch(/\d+ objects checked .*: valid/);
    expect(check.code).toBe(0);
  });

  describe('with default values', () => {
    it('runs the api and the worker as separate Deployments of the same image', () => {
      const objects = rendered(out, 'default');
      for (const role of ['api', 'worker']) {
        const container = find(objects, 'Deployment', `-${role}`).spec.template.spec.containers[0];
        expect(container.args).toEqual(['serve', '--role', role]);
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      }
    });

    it('runs as non-root on a read-only root filesystem with a writable /tmp', () => {
      for (const role of ['api', 'worker']) {
        const pod = find(rendered(out, 'default'), 'Deployment', `-${role}`).spec.template.spec;
        const container = pod.containers[0];
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(container.securityContext.capabilities.drop).toContain('ALL');
        const tmp = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === '/tmp');
        expect(pod.volumes.find((volume: { name: string }) => volume.name === tmp.name).emptyDir).toBeDefined();
      }
    });

    it('routes the Service to the api pods only', () => {
      const objects = rendered(out, 'default');
      const service = find(objects, 'Service', 'firebreak');
      expect(service.spec.selector['app.kubernetes.io/component']).toBe('api');
    });

    it('bounds voluntary disruptions of each role', () => {
      const objects = rendered(out, 'default');
      expect(find(objects, 'PodDisruptionBudget', '-api').spec.maxUnavailable).toBe(1);
      expect(find(objects, 'PodDisruptionBudget', '-worker').spec.maxUnavailable).toBe(1);
    });
  });

  describe('with production-like values', () => {
    it('leaves replicas to the HorizontalPodAutoscalers', () => {
      const objects = rendered(out, 'production-values');
      for (const role of ['api', 'worker']) {
        expect(find(objects, 'Deployment', `-${role}`).spec.replicas).toBeUndefined();
        expect(find(objects, 'HorizontalPodAutoscaler', `-${role}`).spec.scaleTargetRef.name).toMatch(new RegExp(`-${role}$`));
      }
    });

    it('reads every secret from a mounted Secret, never from an inlined value', () => {
      const objects = rendered(out, 'production-values');
      const secretKeys: readonly string[] = SECRET_KEYS;
      for (const role of ['api', 'worker']) {
        const pod = find(objects, 'Deployment', `-${role}`).spec.template.spec;
        const env: Array<{ name: string; value?: string }> = pod.containers[0].env;
        expect(env.filter((variable) => secretKeys.includes(variable.name))).toEqual([]);
        const files = env.filter((variable) => variable.name.endsWith('_FILE'));
        expect(files.map((variable) => variable.name).sort()).toContain('SLACK_BOT_TOKEN_FILE');
        const projected = pod.volumes.find((volume: { name: string }) => volume.name === 'secrets').projected.sources;
        const paths = projected.flatMap((source: { secret: { items: Array<{ path: string }> } }) => source.secret.items.map((item) => item.path));
        for (const variable of files) expect(variable.value).toBe(`/var/run/secrets/firebreak/${variable.name.replace(/_FILE$/, '')}`);
        expect(paths.sort()).toEqual(files.map((variable) => variable.name.replace(/_FILE$/, '')).sort());
      }
      const envConfig = find(objects, 'ConfigMap', '-env').data ?? {};
      expect(Object.keys(envConfig).filter((key) => secretKeys.includes(key))).toEqual([]);
    });

    it('mounts the playbooks ConfigMap where FIREBREAK_PLAYBOOKS_DIR points', () => {
      const objects = rendered(out, 'production-values');
      const playbooks = find(objects, 'ConfigMap', '-playbooks');
      expect(Object.keys(playbooks.data ?? {})).toContain('db-pool-exhausted.yaml');
      expect(find(objects, 'ConfigMap', '-env').data?.FIREBREAK_PLAYBOOKS_DIR).toBe('/etc/firebreak/playbooks');
      const pod = find(objects, 'Deployment', '-worker').spec.template.spec;
      const volume = pod.volumes.find((candidate: { configMap?: { name: string } }) => candidate.configMap?.name === playbooks.metadata.name);
      const mount = pod.containers[0].volumeMounts.find((candidate: { name: string }) => candidate.name === volume.name);
      expect(mount.mountPath).toBe('/etc/firebreak/playbooks');
    });

    it('scrapes /metrics of both roles through a ServiceMonitor', () => {
      const objects = rendered(out, 'production-values');
      const monitor = find(objects, 'ServiceMonitor', 'firebreak');
      expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
      const services = objects.filter((object) => object.kind === 'Service');
      const selected = services.filter((service) =>
        Object.entries(monitor.spec.selector.matchLabels).every(([key, value]) => service.metadata.labels?.[key] === value));
      expect(selected.map((service) => service.spec.selector['app.kubernetes.io/component']).sort()).toEqual(['api', 'worker']);
    });

    it('exposes only the webhook and Slack paths through the Ingress', () => {
      const ingress = find(rendered(out, 'production-values'), 'Ingress', 'firebreak');
      const paths = ingress.spec.rules.flatMap((rule: { http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }) => rule.http.paths);
      expect(paths.map((path: { path: string }) => path.path).sort()).toEqual(['/slack', '/webhooks']);
      const service = find(rendered(out, 'production-values'), 'Service', 'firebreak');
      for (const path of paths) expect(path.backend.service.name).toBe(service.metadata.name);
    });

    it('only sets configuration keys the daemon knows', () => {
      const values = parseAllDocuments(readFileSync(join(root, 'helm/ci/production-values.yaml'), 'utf8'))[0]?.toJS() as { config: Record<string, unknown> };
      const known = Object.keys(configSchema.shape);
      expect(Object.keys(values.config).filter((key) => !known.includes(key))).toEqual([]);
    });
  });

  it('ships the Grafana dashboard as a ConfigMap when helm/dashboards/firebreak.json exists', () => {
    const file = join(root, 'helm/dashboards/firebreak.json');
    const dashboard = rendered(out, 'default').find((object) => object.kind === 'ConfigMap' && object.metadata.name.endsWith('-dashboard'));
    if (!existsSync(file)) {
      expect(dashboard).toBeUndefined();
      return;
    }
    expect(dashboard?.metadata.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard?.data?.['firebreak.json'] ?? 'null')).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('accepts exactly the secrets the daemon can read from a file', () => {
    const schema = JSON.parse(readFileSync(join(root, 'helm/values.schema.json'), 'utf8'));
    // When this fails, a secret was added to src/config/schema.ts: list it in helm/values.schema.json too.
    expect([...schema.properties.secrets.propertyNames.enum].sort()).toEqual([...SECRET_KEYS].sort());
  });

  describe('fails the build', () => {
    it('when a template renders an unknown field', async () => {
      const chart = copyChart();
      const template = join(chart, 'templates/_deployment.tpl');
      writeFileSync(template, readFileSync(template, 'utf8').replace('readinessProbe:', 'readinesProbe:'));
      const broken = await helmCheck(chart, join(scratch, 'broken-field'));
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(/Deployment\/.*readinesProbe/);
    }, 120_000);

    it('when a rendered value has the wrong type', async () => {
      const chart = copyChart();
      const values = join(chart, 'values.yaml');
      // The values schema passes the pod security context through; the Kubernetes schema wants a user id.
      writeFileSync(values, readFileSync(values, 'utf8').replace('runAsUser: 1000', 'runAsUser: nobody'));
      const broken = await helmCheck(chart, join(scratch, 'broken-type'));
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(/Deployment\/.*securityContext\/runAsUser must be integer/);
    }, 120_000);

    it('when a secret is inlined in the plain configuration', async () => {
      const chart = copyChart();
      const values = join(chart, 'ci/production-values.yaml');
      writeFileSync(values, readFileSync(values, 'utf8').replace('config:\n', 'config:\n  SLACK_BOT_TOKEN: xoxb-inlined\n'));
      const broken = await helmCheck(chart, join(scratch, 'broken-secret'));
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(/SLACK_BOT_TOKEN/);
    }, 120_000);
  });

  it('leaves nothing behind in the chart folder', () => {
    expect(readdirSync(join(root, 'helm')).filter((name) => name.endsWith('.yaml') || name.endsWith('.json')).sort())
      .toEqual(['Chart.yaml', 'values.schema.json', 'values.yaml']);
  });
});
