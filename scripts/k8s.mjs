#!/usr/bin/env node
// Writes the Kubernetes manifests in infra/k8s/ from the apps in apps/, so the cluster runs the same
// processes as `npm start` and docker-compose.yml: one Deployment per app process (the same images,
// built from the one Dockerfile), a Service, a PodDisruptionBudget and probes for each HTTP process,
// the shared configuration in a ConfigMap, nginx in front of the gateway, and a kustomization that
// lists it all. PostgreSQL, Redis and RabbitMQ are not run here: they are managed or clustered
// services (see infra/README.md).
// `node scripts/k8s.mjs --check` fails when the committed files are out of date.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import { discoverApps, root } from './lib.mjs';

export const outDir = path.join(root, 'infra', 'k8s');

const NAMESPACE = 'marquee';
const CONFIG = 'marquee-config';
const SECRET = 'marquee-secrets';
/** The app whose processes use the Dockerfile's `video` target (ffmpeg) and share the video files. */
const VIDEO_APP = 'videos';
/** Shared by every process (`libs/core` default); the grace period below is derived from it. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Seconds an HTTP pod keeps serving after SIGTERM is decided, while endpoints and nginx let go of it. */
const PRESTOP_SLEEP_SEC = 5;
const GRACE_SEC = PRESTOP_SLEEP_SEC + Math.ceil(SHUTDOWN_TIMEOUT_MS / 1000) + 10;
const NODE_UID = 1000; // the `node` user of node:24-bookworm-slim (the Dockerfile's USER node)
const NGINX_UID = 101; // the `nginx` user of the nginx image
const NGINX_PORT = 8080; // nginx runs unprivileged, so it cannot bind 80; the Service maps 80 to it

/** Requests and limits per kind of process; the gateway's CPU request is what its autoscaler measures. */
const RESOURCES = {
  api: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  gateway: { requests: { cpu: '250m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  // bcrypt runs in worker threads (BCRYPT_WORKERS, default 2), so users may use more than one core.
  users: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '512Mi' } },
  worker: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
  nginx: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } },
};

/** Secret keys an app reads beyond the PostgreSQL and RabbitMQ credentials. */
const APP_SECRETS = {
  users: [
    { name: 'JWT_PRIVATE_KEY' },
    { name: 'ADMIN_EMAIL', optional: true },
    { name: 'ADMIN_PASSWORD', optional: true },
  ],
  movies: [{ name: 'TMDB_TOKEN', optional: true }],
};

const envName = (name) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// YAML from plain objects, written by the `yaml` package. An object key starting with `#` is a
// comment before the next key. Strings are quoted as YAML 1.1 needs (the kubectl/kustomize parsers
// read `yes`, `on` or `0755` as a boolean or a number), and every file is parsed back, as YAML 1.1
// and 1.2, and compared with what was meant, so a surprise fails the script instead of a cluster.

const OUTPUT = { lineWidth: 0, indentSeq: true };
const commentText = (text) => String(text).split('\n').map((line) => (line ? ' ' + line : '')).join('\n');

/** The YAML node of `value`, with each `#` key's text as the comment of the key after it. */
function toNode(doc, value) {
  if (Array.isArray(value)) {
    const seq = new YAML.YAMLSeq();
    for (const item of value) seq.items.push(toNode(doc, item));
    return seq;
  }
  if (value === null || typeof value !== 'object') return doc.createNode(value);
  const map = new YAML.YAMLMap();
  let comment;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (key.startsWith('#')) {
      comment = comment === undefined ? String(v) : `${comment}\n${v}`;
      continue;
    }
    const pair = doc.createPair(key, toNode(doc, v));
    if (comment !== undefined) pair.key.commentBefore = commentText(comment);
    comment = undefined;
    map.items.push(pair);
  }
  if (comment !== undefined) throw new Error(`a comment has no key after it: ${comment}`);
  return map;
}

/** The value without its comment keys and undefined entries: what a YAML parser should give back. */
function plain(value) {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !key.startsWith('#') && v !== undefined)
      .map(([key, v]) => [key, plain(v)]),
  );
}

/** One file of YAML documents under a header comment. */
export function toYaml(header, docs) {
  const text = docs
    .map((value, index) => {
      const doc = new YAML.Document(null, { version: '1.1' });
      doc.contents = toNode(doc, value);
      if (index === 0) doc.commentBefore = commentText(header);
      else doc.directives.docStart = true;
      return doc.toString(OUTPUT);
    })
    .join('');
  const meant = docs.map(plain);
  for (const version of ['1.1', '1.2']) {
    const parsed = YAML.parseAllDocuments(text, { version });
    const problems = parsed.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message));
    if (problems.length) throw new Error(`generated YAML does not parse as YAML ${version}:\n${problems.join('\n')}\n${text}`);
    if (!isDeepStrictEqual(parsed.map((d) => d.toJS()), meant)) throw new Error(`generated YAML does not read back as written (YAML ${version}):\n${text}`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// The manifests.

const HEADER = 'Generated by `node scripts/k8s.mjs` from apps/*/package.json; edit that script, not this file.';

const labelsOf = (name, component) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'marquee',
  'app.kubernetes.io/component': component,
});
const selectorOf = (name) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'marquee' });
const meta = (name, component, extra = {}) => ({ name, namespace: NAMESPACE, labels: labelsOf(name, component), ...extra });

/** Which platform libraries an app links, from its package.json dependencies. */
function appNeeds(proc) {
  const pkg = JSON.parse(fs.readFileSync(path.join(proc.dir, 'package.json'), 'utf8'));
  const deps = Object.keys(pkg.dependencies ?? {});
  const service = deps.includes('@marquee/service');
  return {
    postgres: service || deps.includes('@marquee/postgres'),
    rabbitmq: service || deps.includes('@marquee/messaging'),
  };
}

function configMap(procs) {
  const httpProcs = procs.filter((p) => p.port !== undefined);
  const users = httpProcs.find((p) => p.name === 'users');
  const data = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    '#db':
      'No credentials here: node-postgres takes PGUSER and PGPASSWORD from the Secret. Each service uses\n' +
      'its own database marquee_<service> on this server (created at start if missing: CREATEDB, or\n' +
      'create them beforehand). Managed servers usually want `?sslmode=require` at the end.',
    DATABASE_URL: 'postgres://postgres:5432/postgres',
    '#redis': 'A Redis that needs a password: put REDIS_URL (redis://:password@host:6379) in the Secret instead.',
    REDIS_URL: 'redis://redis:6379',
    '#amqp': 'AMQP_URL is put together in each Deployment: AMQP_SCHEME://RABBITMQ_USER:RABBITMQ_PASSWORD@AMQP_HOST',
    AMQP_SCHEME: 'amqp',
    '#amqp-host': 'host:port, optionally followed by /vhost (percent-encoded)',
    AMQP_HOST: 'rabbitmq:5672',
    JWKS_URL: `http://users:${users?.port ?? 3000}/.well-known/jwks.json`,
    '#shutdown': `Each pod's terminationGracePeriodSeconds (${GRACE_SEC}) is derived from this in scripts/k8s.mjs; change both there.`,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    SEED_DEMO: 'false',
    '#proxies':
      'Whose X-Forwarded-For is believed: the gateway pods and the ingress, which have pod addresses.\n' +
      'Narrow it to your pod CIDR, and keep services unreachable from outside the cluster (NetworkPolicy).',
    TRUSTED_PROXIES: 'private',
    '#metrics': 'Socket addresses that may scrape /metrics (Prometheus in the cluster).',
    METRICS_ALLOW: 'loopback, private',
    '#upstreams': 'Where the gateway finds each service: its ClusterIP Service.',
    ...Object.fromEntries(httpProcs.map((p) => [`${envName(p.name)}_URL`, `http://${p.name}:${p.port}`])),
  };
  return {
    '#': 'The non-secret environment every Marquee process reads (envFrom). Point the hosts at your managed\n' +
      'or clustered PostgreSQL, Redis and RabbitMQ with an overlay patch, or create Services named\n' +
      'postgres, redis and rabbitmq (e.g. type ExternalName) in this namespace.',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG, namespace: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'marquee' } },
    data,
  };
}

const secretRef = (name, optional = false) => ({
  name,
  valueFrom: { secretKeyRef: { name: SECRET, key: name, ...(optional ? { optional: true } : {}) } },
});
const configRef = (name) => ({ name, valueFrom: { configMapKeyRef: { name: CONFIG, key: name } } });

function appEnv(proc, needs) {
  const env = [];
  if (proc.port !== undefined) env.push({ name: 'PORT', value: String(proc.port) });
  if (needs.postgres) env.push(secretRef('PGUSER'), secretRef('PGPASSWORD'));
  if (needs.rabbitmq) {
    env.push(
      secretRef('RABBITMQ_USER'),
      secretRef('RABBITMQ_PASSWORD'),
      configRef('AMQP_SCHEME'),
      configRef('AMQP_HOST'),
      // Kubernetes expands $(VAR) from the variables defined above it in this list.
      { name: 'AMQP_URL', value: '$(AMQP_SCHEME)://$(RABBITMQ_USER):$(RABBITMQ_PASSWORD)@$(AMQP_HOST)' },
    );
  }
  for (const { name, optional } of APP_SECRETS[proc.app] ?? []) env.push(secretRef(name, optional));
  return env;
}

const podSecurity = (uid) => ({
  runAsNonRoot: true,
  // Numeric, so the kubelet can check it is not root (the image says `USER node`).
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  seccompProfile: { type: 'RuntimeDefault' },
});

const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

const spread = (name) => [
  {
    maxSkew: 1,
    topologyKey: 'kubernetes.io/hostname',
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selectorOf(name) },
  },
];

function deployment(proc, needs, configHash) {
  const http = proc.port !== undefined;
  const isGateway = proc.name === 'gateway';
  const component = isGateway ? 'gateway' : http ? 'api' : 'worker';
  const resources = RESOURCES[proc.name] ?? RESOURCES[component];
  const volumes = [{ name: 'tmp', emptyDir: {} }];
  const mounts = [{ name: 'tmp', mountPath: '/tmp' }];
  if (proc.app === VIDEO_APP) {
    volumes.push({ name: 'video-data', persistentVolumeClaim: { claimName: `${VIDEO_APP}-data` } });
    mounts.push({ name: 'video-data', mountPath: '/app/var/videos' });
  }
  const probe = (pathName, extra) => ({ httpGet: { path: pathName, port: 'http' }, ...extra });
  const container = {
    name: proc.name,
    image: `marquee/${proc.app}:latest`,
    command: ['node', '--enable-source-maps', `dist/apps/${proc.app}/${proc.name}.js`],
    ...(http ? { ports: [{ name: 'http', containerPort: proc.port }] } : {}),
    envFrom: [{ configMapRef: { name: CONFIG } }],
    env: appEnv(proc, needs),
    resources,
    ...(http
      ? {
          '#probes':
            'Startup covers database creation, migrations and seeding (the server listens after them);\n' +
            '/ready checks PostgreSQL, Redis and RabbitMQ (the gateway: Redis) and answers 503 while draining.',
          startupProbe: probe('/health', { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 }),
          readinessProbe: probe('/ready', { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
          livenessProbe: probe('/health', { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
          '#prestop': 'Keep serving while the endpoint is removed from the Service and nginx, then SIGTERM drains.',
          lifecycle: { preStop: { exec: { command: ['sleep', String(PRESTOP_SLEEP_SEC)] } } },
        }
      : {
          '#probes': 'No port, so no HTTP probes: Kubernetes restarts the process when it exits.',
        }),
    securityContext: containerSecurity,
    volumeMounts: mounts,
  };
  const replicas = isGateway ? undefined : http ? 2 : 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(proc.name, component, {
      annotations: { 'marquee/dockerfile-target': proc.app === VIDEO_APP ? 'video' : 'runtime' },
    }),
    spec: {
      ...(isGateway
        ? { '#replicas': 'Owned by the HorizontalPodAutoscaler below (at least 2), so `kubectl apply` does not reset it.' }
        : replicas === 1
          ? { '#replicas': 'Competing consumers on their queue: scale with an overlay patch or `kubectl scale`.' }
          : {}),
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(proc.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: labelsOf(proc.name, component),
          annotations: {
            // A new ConfigMap content rolls the pods, which read it only at start.
            'marquee/config-sha256': configHash,
            ...(http ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(proc.port), 'prometheus.io/path': '/metrics' } : {}),
          },
        },
        spec: {
          '#links':
            'Off: Service links would set USERS_PORT=tcp://…, which the services read as their port override.',
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          '#grace': `Above SHUTDOWN_TIMEOUT_MS (${SHUTDOWN_TIMEOUT_MS} ms)${http ? ' plus the preStop pause' : ''}, so draining is never cut short.`,
          terminationGracePeriodSeconds: GRACE_SEC,
          securityContext: podSecurity(NODE_UID),
          topologySpreadConstraints: spread(proc.name),
          containers: [container],
          volumes,
        },
      },
    },
  };
}

const service = (proc, component) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(proc.name, component),
  spec: {
    type: 'ClusterIP',
    selector: selectorOf(proc.name),
    ports: [{ name: 'http', port: proc.port, targetPort: 'http', protocol: 'TCP' }],
  },
});

const disruptionBudget = (name, component) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(name, component),
  spec: { '#': 'One pod at a time may be evicted (node drains, upgrades).', maxUnavailable: 1, selector: { matchLabels: selectorOf(name) } },
});

const gatewayAutoscaler = (proc) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta(proc.name, 'gateway'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: proc.name },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
});

function appFile(app, procs, configHash) {
  const needs = appNeeds(procs[0]);
  const target = app === VIDEO_APP ? 'video' : 'runtime';
  const docs = [];
  if (app === VIDEO_APP) {
    docs.push({
      '#': 'Uploaded and processed videos, shared by the API and the worker: needs a ReadWriteMany storage class.',
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(`${VIDEO_APP}-data`, 'storage'),
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } } },
    });
  }
  for (const proc of procs) {
    const deploy = deployment(proc, needs, configHash);
    if (proc.name === 'users') {
      deploy['#'] =
        'Every users replica must sign with the same key: JWT_PRIVATE_KEY comes from the one Secret\n' +
        `${SECRET}, never generated per pod, or tokens signed by one replica fail the JWKS of another.`;
    }
    docs.push(deploy);
    if (proc.port !== undefined) {
      const component = deploy.metadata.labels['app.kubernetes.io/component'];
      docs.push(service(proc, component), disruptionBudget(proc.name, component));
      if (proc.name === 'gateway') docs.push(gatewayAutoscaler(proc));
    }
  }
  // A document's own comment goes first, before its apiVersion.
  const ordered = docs.map(({ '#': note, ...rest }) => (note ? { '#': note, ...rest } : rest));
  const header = [
    HEADER,
    `${app}: ${procs.map((p) => (p.port !== undefined ? `${p.name} (:${p.port})` : p.name)).join(', ')}.`,
    `Image: docker build --target ${target} -t marquee/${app}:latest .  (override with kustomize \`images\`)`,
  ].join('\n');
  return toYaml(header, ordered);
}

function nginxFile(gateway) {
  let conf = fs.readFileSync(path.join(root, 'nginx', 'nginx.conf'), 'utf8');
  const replace = (pattern, replacement, what) => {
    if (!pattern.test(conf)) throw new Error(`nginx/nginx.conf: cannot find ${what} to rewrite for Kubernetes`);
    conf = conf.replace(pattern, replacement);
  };
  replace(/(upstream gateways \{[^}]*?\bserver )\S+:\d+/, `$1${gateway.name}:${gateway.port}`, 'the gateway upstream server');
  replace(/\blisten 80;/, `listen ${NGINX_PORT};`, '`listen 80;`');
  conf =
    `# Rendered for Kubernetes by scripts/k8s.mjs: listens on ${NGINX_PORT} (unprivileged; the Service maps 80),\n` +
    `# the upstream is the ${gateway.name} Service (one ClusterIP spread over the gateway pods).\n` +
    conf;
  const component = 'edge';
  return toYaml(HEADER + '\nThe edge: nginx/nginx.conf in front of the gateway Service, exposed by a LoadBalancer.', [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('nginx', component),
      data: { 'nginx.conf': conf },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('nginx', component),
      spec: {
        replicas: 2,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorOf('nginx') },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { labels: labelsOf('nginx', component), annotations: { 'marquee/nginx-conf-sha256': sha256(conf) } },
          spec: {
            enableServiceLinks: false,
            automountServiceAccountToken: false,
            '#grace': 'nginx drains in-flight requests on SIGQUIT (the image\'s stop signal); longer uploads are cut, as at the gateway.',
            terminationGracePeriodSeconds: 60,
            securityContext: podSecurity(NGINX_UID),
            topologySpreadConstraints: spread('nginx'),
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                ports: [{ name: 'http', containerPort: NGINX_PORT }],
                resources: RESOURCES.nginx,
                '#probes': 'TCP only: every HTTP path is proxied to the gateway, which has its own probes.',
                readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
                livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10 },
                lifecycle: { preStop: { exec: { command: ['sleep', String(PRESTOP_SLEEP_SEC)] } } },
                securityContext: containerSecurity,
                volumeMounts: [
                  { name: 'conf', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'cache', mountPath: '/var/cache/nginx' },
                ],
              },
            ],
            volumes: [
              { name: 'conf', configMap: { name: 'nginx' } },
              { name: 'tmp', emptyDir: {} },
              { name: 'cache', emptyDir: {} },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('nginx', component),
      spec: {
        type: 'LoadBalancer',
        '#policy':
          'Local keeps the client address (no SNAT), so X-Forwarded-For and the gateway\'s per-IP rate limits\n' +
          'see real clients; the load balancer sends traffic only to nodes that run an nginx pod.',
        externalTrafficPolicy: 'Local',
        selector: selectorOf('nginx'),
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    disruptionBudget('nginx', component),
  ]);
}

function secretsExample(procs) {
  const apps = new Set(procs.map((p) => p.app));
  const stringData = {
    '#pg': 'PostgreSQL login for every service (node-postgres reads PGUSER / PGPASSWORD).',
    PGUSER: 'REPLACE_WITH_POSTGRES_USER',
    PGPASSWORD: 'REPLACE_WITH_POSTGRES_PASSWORD',
    '#amqp': 'RabbitMQ login; percent-encode characters that are not URL-safe (it goes into AMQP_URL).',
    RABBITMQ_USER: 'REPLACE_WITH_RABBITMQ_USER',
    RABBITMQ_PASSWORD: 'REPLACE_WITH_RABBITMQ_PASSWORD',
  };
  if (apps.has('users')) {
    Object.assign(stringData, {
      '#jwt':
        'The users service signs access tokens with this RSA key (RS256); all its replicas share it, and its\n' +
        'public half is published as JWKS. Generate one: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048',
      JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nREPLACE_WITH_PKCS8_PEM_RSA_PRIVATE_KEY\n-----END PRIVATE KEY-----\n',
      '#admin': 'Optional: a first admin account, created at start if missing. Delete both keys to skip.',
      ADMIN_EMAIL: 'REPLACE_WITH_ADMIN_EMAIL',
      ADMIN_PASSWORD: 'REPLACE_WITH_ADMIN_PASSWORD',
    });
  }
  if (apps.has('movies')) {
    Object.assign(stringData, {
      '#tmdb': 'Optional: TMDb v3 read access token for imports. Delete the key to run on the own catalogue.',
      TMDB_TOKEN: 'REPLACE_WITH_TMDB_READ_ACCESS_TOKEN',
    });
  }
  return toYaml(
    HEADER +
      '\nAN EXAMPLE, NOT APPLIED by kustomization.yaml, and never to hold real values in git. Copy it outside\n' +
      'the repository, fill it in and `kubectl apply -f` it, or create the Secret from your secret store\n' +
      `(External Secrets, Sealed Secrets, …) with these keys. Name: ${SECRET}, namespace: ${NAMESPACE}.`,
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET, namespace: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'marquee' } }, type: 'Opaque', stringData }],
  );
}

/** Every file of infra/k8s/, by name, for these app processes. */
export function renderManifests(procs) {
  const files = {};
  files['namespace.yaml'] = toYaml(HEADER, [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: NAMESPACE,
        labels: {
          'app.kubernetes.io/part-of': 'marquee',
          '#': 'Every Marquee pod meets the restricted Pod Security Standard.',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    },
  ]);
  const config = configMap(procs);
  files['config.yaml'] = toYaml(HEADER, [config]);
  files['secrets.example.yaml'] = secretsExample(procs);
  const configHash = sha256(JSON.stringify(config.data));
  const byApp = new Map();
  for (const proc of procs) byApp.set(proc.app, [...(byApp.get(proc.app) ?? []), proc]);
  const appFiles = [];
  for (const [app, appProcs] of byApp) {
    appFiles.push(`${app}.yaml`);
    files[`${app}.yaml`] = appFile(app, appProcs, configHash);
  }
  const gateway = procs.find((p) => p.name === 'gateway' && p.port !== undefined);
  // nginx.conf names the gateway, so the edge joins once the gateway app exists (as in compose).
  if (gateway) files['nginx.yaml'] = nginxFile(gateway);
  const resources = ['namespace.yaml', 'config.yaml', ...(gateway ? ['nginx.yaml'] : []), ...appFiles];
  files['kustomization.yaml'] = toYaml(
    HEADER +
      '\nkubectl apply -k infra/k8s  (after the Secret exists; see infra/README.md). secrets.example.yaml is\n' +
      'deliberately not listed: applying it would overwrite the real Secret with placeholders.',
    [
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: NAMESPACE,
        resources,
        '#images': 'Point these at your registry and a release tag: kustomize edit set image marquee/users=registry/marquee/users:1.2.3',
        images: [...byApp.keys()].map((app) => ({ name: `marquee/${app}`, newName: `marquee/${app}`, newTag: 'latest' })),
      },
    ],
  );
  return files;
}

function main() {
  const procs = discoverApps();
  const files = renderManifests(procs);
  // Files this script wrote for an app that is gone; anything else in the folder is left alone.
  const existing = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => f.endsWith('.yaml')) : [];
  const stale = existing.filter((f) => !(f in files) && fs.readFileSync(path.join(outDir, f), 'utf8').startsWith(`# ${HEADER}`));
  if (process.argv.includes('--check')) {
    const differing = Object.keys(files).filter((f) => {
      const file = path.join(outDir, f);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== files[f];
    });
    if (differing.length || stale.length) {
      console.error(`infra/k8s/ is out of date (${[...differing, ...stale].join(', ')}): run \`node scripts/k8s.mjs\``);
      process.exit(1);
    }
    console.log('infra/k8s/ is up to date');
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of stale) fs.rmSync(path.join(outDir, f));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, f), text);
  console.log(`wrote ${Object.keys(files).length} files to infra/k8s/ for ${procs.length} app processes`);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) main();
