import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '../..');
const k8sDir = path.join(root, 'infra/k8s');

describe('generated files', () => {
  it('docker-compose.yml matches the apps declared in apps/*/package.json', () => {
    const result = spawnSync(process.execPath, ['scripts/compose.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('libs/contracts/src/service-ports.ts matches the ports in apps/*/package.json', () => {
    const result = spawnSync(process.execPath, ['scripts/service-ports.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('infra/k8s/ matches the apps declared in apps/*/package.json', () => {
    const result = spawnSync(process.execPath, ['scripts/k8s.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

interface Probe {
  httpGet?: { path: string; port: string };
}
interface Container {
  name: string;
  image: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  resources?: string[];
  spec?: {
    type?: string;
    replicas?: number;
    minReplicas?: number;
    ports?: { port: number }[];
    scaleTargetRef?: { name: string };
    template?: { spec: PodSpec };
  };
}

/** Every document of a YAML text, failing on any parse error or warning. */
function parseYaml(text: string, file: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => {
    expect({ file, problems: [...doc.errors, ...doc.warnings].map((e) => e.message) }).toEqual({ file, problems: [] });
    return doc.toJS() as K8sObject;
  });
}

function readManifests(dir: string): Map<string, K8sObject[]> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  return new Map(files.map((f) => [f, parseYaml(fs.readFileSync(path.join(dir, f), 'utf8'), f)]));
}

/** The HTTP process of each app, as scripts/lib.mjs discovers it: the first process serves the port. */
function httpApps(): { app: string; name: string; port: number }[] {
  return fs
    .readdirSync(path.join(root, 'apps'))
    .filter((app) => fs.existsSync(path.join(root, 'apps', app, 'package.json')))
    .map((app) => ({ app, marquee: JSON.parse(fs.readFileSync(path.join(root, 'apps', app, 'package.json'), 'utf8')).marquee }))
    .filter(({ marquee }) => marquee?.port !== undefined)
    .map(({ app, marquee }) => ({ app, name: Object.keys(marquee.processes ?? { [app]: '' })[0]!, port: marquee.port }));
}

const find = (docs: K8sObject[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

describe('infra/k8s/', () => {
  const manifests = readManifests(k8sDir);
  const all = [...manifests.values()].flat();
  const config = find(all, 'ConfigMap', 'marquee-config')!;

  it('is Kubernetes objects in YAML, all listed by the kustomization except the secrets example', () => {
    for (const doc of all) {
      expect(typeof doc.apiVersion).toBe('string');
      expect(typeof doc.kind).toBe('string');
      if (doc.kind !== 'Kustomization') expect(typeof doc.metadata?.name).toBe('string');
    }
    const kustomization = manifests.get('kustomization.yaml')![0]!;
    const others = [...manifests.keys()].filter((f) => f !== 'kustomization.yaml' && f !== 'secrets.example.yaml');
    expect([...kustomization.resources!].sort()).toEqual(others.sort());
  });

  it('runs every HTTP app as a hardened, probed Deployment with a Service and a disruption budget', () => {
    const shutdownMs = Number(config.data!.SHUTDOWN_TIMEOUT_MS);
    for (const { app, name, port } of httpApps()) {
      const docs = manifests.get(`${app}.yaml`)!;
      const deployment = find(docs, 'Deployment', name)!;
      const pod = deployment.spec!.template!.spec;
      const container = pod.containers[0]!;
      expect(container.image).toBe(`marquee/${app}:latest`);
      expect(container.command).toEqual(['node', '--enable-source-maps', `dist/apps/${app}/${name}.js`]);
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(port) });
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'marquee-config' } }]);
      expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health');
      expect(container.startupProbe?.httpGet?.path).toBe('/health');
      expect(Object.keys(container.resources!).sort()).toEqual(['limits', 'requests']);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      // Service links would set e.g. USERS_PORT=tcp://…, which serviceEnv() reads as the port.
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(shutdownMs);

      const svc = find(docs, 'Service', name)!;
      expect(svc.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port }] });
      expect(find(docs, 'PodDisruptionBudget', name)).toBeDefined();
      const hpa = find(docs, 'HorizontalPodAutoscaler', name);
      expect(hpa ? hpa.spec!.minReplicas : deployment.spec!.replicas).toBeGreaterThanOrEqual(2);
      expect(config.data![`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${port}`);
    }
    expect(find(all, 'HorizontalPodAutoscaler', 'gateway')?.spec?.scaleTargetRef?.name).toBe('gateway');
  });

  it('puts nginx behind a LoadBalancer in front of the gateway Service', () => {
    const gateway = httpApps().find((a) => a.name === 'gateway')!;
    const nginx = manifests.get('nginx.yaml')!;
    expect(find(nginx, 'Service', 'nginx')!.spec!.type).toBe('LoadBalancer');
    expect(find(nginx, 'ConfigMap', 'nginx')!.data!['nginx.conf']).toContain(`server gateway:${gateway.port} `);
  });

  it('holds no secret values: the example Secret has placeholders only, the ConfigMap no passwords', () => {
    const secret = find(manifests.get('secrets.example.yaml')!, 'Secret', 'marquee-secrets')!;
    for (const [key, value] of Object.entries(secret.stringData!)) expect({ key, value }).toEqual({ key, value: expect.stringContaining('REPLACE_WITH_') });
    for (const value of Object.values(config.data!)) expect(value).not.toMatch(/\/\/[^/@]*:[^/@]*@/);
  });
});

describe('scripts/k8s.mjs with an app of two processes (the video worker pattern)', () => {
  it('gives the worker the app image and target, no Service and no HTTP probes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-k8s-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { '@marquee/service': '*' } }));
    const script = `
      import { renderManifests } from './scripts/k8s.mjs';
      import { discoverApps } from './scripts/lib.mjs';
      const dir = process.env.VIDEOS_DIR;
      const videos = [
        { app: 'videos', name: 'videos', dir, entry: 'src/main.ts', port: 12000, order: 60 },
        { app: 'videos', name: 'video-worker', dir, entry: 'src/worker.ts', port: undefined, order: 60 },
      ];
      process.stdout.write(JSON.stringify(renderManifests([...discoverApps(), ...videos])));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, VIDEOS_DIR: dir },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.stderr).toBe('');
    const files = JSON.parse(result.stdout) as Record<string, string>;
    const docs = parseYaml(files['videos.yaml']!, 'videos.yaml');

    const api = find(docs, 'Deployment', 'videos')!;
    const worker = find(docs, 'Deployment', 'video-worker')!;
    for (const deployment of [api, worker]) {
      expect(deployment.metadata.annotations!['marquee/dockerfile-target']).toBe('video');
      expect(deployment.spec!.template!.spec.containers[0]!.image).toBe('marquee/videos:latest');
    }
    const workerContainer = worker.spec!.template!.spec.containers[0]!;
    expect(workerContainer.command).toEqual(['node', '--enable-source-maps', 'dist/apps/videos/video-worker.js']);
    expect(workerContainer.ports).toBeUndefined();
    expect(workerContainer.readinessProbe).toBeUndefined();
    expect(workerContainer.env!.some((e) => e.name === 'PORT')).toBe(false);
    expect(find(docs, 'Service', 'videos')).toBeDefined();
    expect(find(docs, 'Service', 'video-worker')).toBeUndefined();
    expect(find(docs, 'PersistentVolumeClaim', 'videos-data')).toBeDefined();
    expect(parseYaml(files['kustomization.yaml']!, 'kustomization.yaml')[0]!.resources).toContain('videos.yaml');
  });
});
