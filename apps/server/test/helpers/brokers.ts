/**
 * Real message brokers for tests: RabbitMQ, Kafka (KRaft, one node), NATS with JetStream and Redis, each
 * on free 127.0.0.1 ports with a temp data dir of its own, started as child processes and stopped by the
 * PID (process group) spawned here, never by name. Recipes: the team notes, "Message brokers on
 * 127.0.0.1".
 *
 *   const missing = await brokerMissing('rabbitmq');        // top level of the test file
 *   describe.skipIf(missing)('...', () => {
 *     let rabbit: Broker;
 *     beforeAll(async () => { rabbit = await startBroker('rabbitmq'); });
 *     afterAll(() => rabbit?.close());
 *   });
 *
 * A broker that is not installed fails loudly with CI=true (brokerMissing throws); locally it is skipped
 * with a banner saying what and why. Kafka has no Debian package: its jars come from Maven Central through
 * `mvn` into a cache outside the repository (HERALD_KAFKA_CACHE, default ~/.cache/herald-kafka), fetched
 * on first use or ahead of time with `node apps/server/test/helpers/brokers.ts fetch-kafka` (.ci/run).
 *
 * No broker client library is needed here: readiness is a few bytes of each broker's own protocol.
 *
 * Kafka with SASL and TLS listeners besides PLAINTEXT (the certificate made by keytool at start):
 *
 *   const kafka = await startBroker('kafka', { kafka: { users: { herald: 'pw-1' }, tls: true } });
 *   kafka.security!.sasl     // '127.0.0.1:P' SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
 *   kafka.security!.ssl      // '127.0.0.1:P' SSL (no SASL);  .saslSsl: SASL_SSL;  .ca: the PEM to trust
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export type BrokerKind = 'rabbitmq' | 'kafka' | 'nats' | 'redis';
export const BROKER_KINDS: readonly BrokerKind[] = ['rabbitmq', 'kafka', 'nats', 'redis'];

export interface Broker {
  kind: BrokerKind;
  host: '127.0.0.1';
  /** The client port (AMQP, Kafka PLAINTEXT, NATS, Redis); the same after stop() + start(). */
  port: number;
  /**
   * What a client connects to: `amqp://guest:guest@127.0.0.1:P` · `127.0.0.1:P` (Kafka bootstrap) ·
   * `nats://127.0.0.1:P` · `redis://127.0.0.1:P`.
   */
  url: string;
  dataDir: string;
  /** PID of the running server process (the leader of its process group), null while stopped. */
  pid(): number | null;
  running(): boolean;
  /** Graceful stop; resolves once the process has exited and the port is closed. Data is kept. */
  stop(): Promise<void>;
  /** Starts it again on the same ports with the same data; resolves once it answers. */
  start(): Promise<void>;
  /** SIGKILL of its process group (a crash); resolves once it has exited. */
  kill(): Promise<void>;
  /** stop() and remove the data dir. Safe to call more than once. */
  close(): Promise<void>;
  /** The last `bytes` of the server's log output, for failure messages. */
  logs(bytes?: number): string;
  /** Kafka started with `kafka` options: its secured listeners. */
  security?: KafkaListeners;
}

/** Users and listeners of a Kafka broker with security on (startBroker's `kafka` option). */
export interface KafkaSecurityOptions {
  /**
   * Name -> password, each valid for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (SCRAM credentials written
   * at format time, KRaft's way). Letters, digits and "-" only: they go into JAAS and StorageTool syntax.
   */
  users: Record<string, string>;
  /** Also an SSL and a SASL_SSL listener, with a self-signed certificate for 127.0.0.1 made by keytool. */
  tls?: boolean;
}

export interface KafkaListeners {
  /** `127.0.0.1:P` of the SASL_PLAINTEXT listener */
  sasl: string;
  /** `127.0.0.1:P` of the SSL listener (with `tls`) */
  ssl?: string;
  /** `127.0.0.1:P` of the SASL_SSL listener (with `tls`) */
  saslSsl?: string;
  /** the broker's self-signed certificate, PEM: the CA a client trusts (with `tls`) */
  ca?: string;
}

export interface BrokerOptions {
  kafka?: KafkaSecurityOptions;
}

export const KAFKA_VERSION = '4.2.2';
const LOG4J_VERSION = '2.25.5';
const READY_TIMEOUT_MS: Record<BrokerKind, number> = {
  rabbitmq: 60_000,
  kafka: 60_000,
  nats: 15_000,
  redis: 15_000,
};
const STOP_TIMEOUT_MS = 15_000;
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

const APT_HINT: Record<BrokerKind, string> = {
  rabbitmq: 'apt-get install rabbitmq-server',
  kafka: 'apt-get install default-jre-headless maven (the jars then come from Maven Central)',
  nats: 'apt-get install nats-server',
  redis: 'apt-get install redis-server',
};

// ---------------------------------------------------------------------------------------------------
// Is it there?

/** An executable on PATH, or in the sbin beside a bin on PATH (a non-root PATH may lack them), or null. */
function findExecutable(name: string): string | null {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const dirs = [...path, ...path.filter((d) => d.endsWith('/bin')).map((d) => d.replace(/bin$/, 'sbin'))];
  for (const dir of dirs) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

function whyMissing(kind: BrokerKind): string | null {
  switch (kind) {
    case 'rabbitmq':
      if (!existsSync(RABBITMQ_SERVER)) return `${RABBITMQ_SERVER} not found`;
      if (!findExecutable('epmd')) return 'epmd (Erlang) not found';
      return null;
    case 'nats':
      return findExecutable('nats-server') ? null : 'nats-server not found on PATH';
    case 'redis':
      return findExecutable('redis-server') ? null : 'redis-server not found on PATH';
    case 'kafka':
      if (!findExecutable('java')) return 'java not found on PATH';
      if (!kafkaJarsCached() && !findExecutable('mvn'))
        return `no Kafka jars in ${kafkaLibDir()} and no mvn on PATH to fetch them`;
      return null;
  }
}

const warned = new Set<BrokerKind>();

/**
 * Why `kind` cannot run here (a string, for `describe.skipIf`), or undefined when it can. With CI=true a
 * missing broker throws instead: CI never skips a broker test. Locally the skip is announced loudly, once
 * per broker per test file. Kafka's jars are fetched here on first use when mvn is available.
 */
export async function brokerMissing(kind: BrokerKind): Promise<string | undefined> {
  let reason = whyMissing(kind);
  if (!reason && kind === 'kafka') {
    try {
      await ensureKafkaJars();
    } catch (err) {
      reason = `fetching the Kafka jars failed: ${(err as Error).message}`;
    }
  }
  if (!reason) return undefined;
  const text = `${kind} broker tests cannot run: ${reason} (${APT_HINT[kind]})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${text}`);
  if (!warned.has(kind)) {
    warned.add(kind);
    const bar = '!'.repeat(100);
    console.warn(`\n${bar}\nSKIPPED: ${text}.\nWith CI=true this fails the run.\n${bar}\n`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Kafka's jars

function kafkaCacheDir(): string {
  return (
    process.env.HERALD_KAFKA_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'herald-kafka')
  );
}
const kafkaLibDir = () => join(kafkaCacheDir(), `kafka_2.13-${KAFKA_VERSION}`, 'lib');

function kafkaJarsCached(): boolean {
  try {
    return readFileSync(join(kafkaLibDir(), '.complete'), 'utf8').trim() === KAFKA_VERSION;
  } catch {
    return false;
  }
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>herald.test</groupId>
  <artifactId>kafka-server</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version>
    </dependency>
    <!-- without an slf4j binding the server logs nothing at all -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * The Kafka server's jars (kafka_2.13 and its runtime dependencies, ~46 jars, ~44 MB) in the cache dir,
 * fetched from Maven Central with mvn when absent. Concurrent callers (parallel test files) each fetch into
 * a dir of their own and the first rename wins. Returns the lib dir.
 */
export async function ensureKafkaJars(): Promise<string> {
  const lib = kafkaLibDir();
  if (kafkaJarsCached()) return lib;
  const mvn = findExecutable('mvn');
  if (!mvn) throw new Error(`no Kafka jars in ${lib} and no mvn on PATH (${APT_HINT.kafka})`);
  const cache = kafkaCacheDir();
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(join(cache, 'fetch-'));
  try {
    await writeFile(join(work, 'pom.xml'), POM);
    const out = join(work, 'lib');
    await run(
      mvn,
      [
        '-q',
        '-B',
        `-Dmaven.repo.local=${join(cache, 'm2')}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${out}`,
        '-DincludeScope=runtime',
      ],
      work,
      300_000,
    );
    const jars = (await readdir(out)).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith(`kafka_2.13-${KAFKA_VERSION}`)))
      throw new Error(`mvn ran but ${out} has no kafka_2.13-${KAFKA_VERSION} jar`);
    await writeFile(join(out, '.complete'), `${KAFKA_VERSION}\n`);
    await mkdir(join(lib, '..'), { recursive: true });
    try {
      await rename(out, lib);
    } catch (err) {
      // another process finished first: theirs is as good as ours
      if (!kafkaJarsCached()) throw err;
    }
    return lib;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    p.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    p.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Ports and processes

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Every broker process still running in this test process, killed (whole group) when it exits. A test
 * process killed outright (SIGKILL by a timeout, a crash) runs no exit handler: a watchdog shell, started
 * with the first broker, then kills what the list file names once this process is gone.
 */
const live = new Map<number, { killSync: () => void; shell: string }>();
const watchFile = join(tmpdir(), `herald-brokers-${process.pid}.cleanup.sh`);
let watchdog: ChildProcess | null = null;

function syncWatchdog(): void {
  const script = [...live.values()].map((l) => l.shell).join('\n');
  writeFileSync(watchFile, `${script}\n`);
  if (watchdog || live.size === 0) return;
  watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; [ -f "$0" ] && sh "$0"; rm -f "$0"`,
      watchFile,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
}

process.once('exit', () => {
  for (const l of live.values()) l.killSync();
  try {
    watchdog?.kill('SIGKILL');
    rmSync(watchFile, { force: true });
  } catch {}
});

interface Recipe {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Resolves true when the broker answers its protocol on `port`. */
  ready: (port: number) => Promise<boolean>;
  stopSignal: NodeJS.Signals;
  /** After the process has exited (e.g. epmd, which outlives the Erlang node). */
  afterExit?: () => void;
  /** The same as a shell command, for the watchdog. */
  afterExitShell?: string;
  logFiles: string[];
}

interface Spec {
  kind: BrokerKind;
  port: number;
  url: string;
  dataDir: string;
  recipe: Recipe;
  security?: KafkaListeners;
  /** Done once before the first start (Kafka's storage format). */
  prepare?: () => Promise<void>;
}

function groupKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {}
  }
}

function managed(spec: Spec): Broker {
  const { kind, port, dataDir, recipe } = spec;
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let closed = false;
  const serverLog = join(dataDir, 'server.out');

  const logs = (bytes = 6000) =>
    [serverLog, ...recipe.logFiles]
      .map((f) => {
        try {
          const text = readFileSync(f, 'utf8');
          return text ? `--- ${f}\n${text.slice(-bytes)}` : '';
        } catch {
          return '';
        }
      })
      .filter(Boolean)
      .join('\n');

  const startOnce = async () => {
    if (proc) return;
    const out = await open(serverLog, 'a');
    // detached: the server leads its own process group, so stopping it reaches whatever it forked
    const p = spawn(recipe.command, recipe.args, {
      cwd: dataDir,
      env: recipe.env,
      stdio: ['ignore', out.fd, out.fd],
      detached: true,
    });
    await out.close();
    proc = p;
    let gone = false;
    exited = new Promise<void>((resolve) => {
      p.once('exit', () => {
        gone = true;
        live.delete(p.pid!);
        syncWatchdog();
        if (proc === p) proc = null;
        recipe.afterExit?.();
        resolve();
      });
    });
    p.once('error', () => {});
    if (p.pid === undefined) {
      proc = null;
      throw new Error(`${kind}: could not spawn ${recipe.command}\n${logs()}`);
    }
    live.set(p.pid, {
      killSync: () => {
        groupKill(p.pid!, 'SIGKILL');
        recipe.afterExit?.();
      },
      // the watchdog also removes the data dir: nobody is left to close() it
      shell: [`kill -KILL -${p.pid} 2>/dev/null`, recipe.afterExitShell, 'sleep 1', `rm -rf '${dataDir}'`]
        .filter(Boolean)
        .join('; '),
    });
    syncWatchdog();
    const deadline = Date.now() + READY_TIMEOUT_MS[kind];
    while (Date.now() < deadline) {
      if (gone) throw new Error(`${kind} exited during start (port ${port}):\n${logs()}`);
      if (await recipe.ready(port).catch(() => false)) return;
      await sleep(150);
    }
    await handle.kill();
    throw new Error(`${kind} not ready on 127.0.0.1:${port} within ${READY_TIMEOUT_MS[kind]} ms:\n${logs()}`);
  };

  const waitExit = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const ok = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return ok;
  };

  const handle: Broker = {
    kind,
    host: '127.0.0.1',
    port,
    url: spec.url,
    dataDir,
    pid: () => proc?.pid ?? null,
    running: () => proc !== null,
    start: startOnce,
    async stop() {
      const p = proc;
      if (!p) return;
      groupKill(p.pid!, recipe.stopSignal);
      if (!(await waitExit(STOP_TIMEOUT_MS))) {
        groupKill(p.pid!, 'SIGKILL');
        await waitExit(5000);
      }
      // the process is gone; a forked child may still hold the port for a moment
      await waitPortClosed(port, 5000);
    },
    async kill() {
      const p = proc;
      if (!p) return;
      groupKill(p.pid!, 'SIGKILL');
      await waitExit(5000);
      await waitPortClosed(port, 5000);
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    logs,
    ...(spec.security ? { security: spec.security } : {}),
  };
  return handle;
}

/**
 * Starts one broker on free 127.0.0.1 ports with a fresh temp data dir; resolves once it answers its own
 * protocol. close() it in afterAll.
 */
export async function startBroker(kind: BrokerKind, options: BrokerOptions = {}): Promise<Broker> {
  const reason = whyMissing(kind);
  if (reason) throw new Error(`${kind}: ${reason} (${APT_HINT[kind]})`);
  if (options.kafka && kind !== 'kafka') throw new Error(`${kind}: the kafka option is for Kafka only`);
  if (options.kafka?.tls && !findExecutable('keytool'))
    throw new Error('kafka with tls: keytool (it ships with the JRE) not found on PATH');
  const dataDir = await mkdtemp(join(tmpdir(), `herald-${kind}-`));
  try {
    const spec = await SPECS[kind](dataDir, options);
    await spec.prepare?.();
    const broker = managed(spec);
    await broker.start();
    return broker;
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Starts several brokers in parallel (3–10 s together here); all or none. */
export async function startBrokers<K extends BrokerKind>(kinds: readonly K[]): Promise<Record<K, Broker>> {
  const settled = await Promise.allSettled(kinds.map((k) => startBroker(k)));
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length > 0) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    throw failed[0]!.reason;
  }
  return Object.fromEntries(
    settled.map((s, i) => [kinds[i], (s as PromiseFulfilledResult<Broker>).value]),
  ) as Record<K, Broker>;
}

// ---------------------------------------------------------------------------------------------------
// The four recipes

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // a developer's own broker settings must not leak into the test servers
    if (v !== undefined && !/^(RABBITMQ_|ERL_|KAFKA_|LOG_DIR$)/.test(k)) env[k] = v;
  }
  return env;
}

const SPECS: Record<BrokerKind, (dataDir: string, options: BrokerOptions) => Promise<Spec>> = {
  async redis(dataDir) {
    const port = await freePort();
    return {
      kind: 'redis',
      port,
      url: `redis://127.0.0.1:${port}`,
      dataDir,
      recipe: {
        command: findExecutable('redis-server')!,
        // append-only file on, so that a stopped and started server still has its streams and groups
        args: [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--dir',
          dataDir,
          '--daemonize',
          'no',
        ],
        env: baseEnv(),
        ready: async (p) =>
          (await exchange(p, Buffer.from('PING\r\n'), (b) => b.includes('\r\n'))).startsWith('+PONG'),
        stopSignal: 'SIGTERM',
        logFiles: [],
      },
    };
  },

  async nats(dataDir) {
    const port = await freePort();
    return {
      kind: 'nats',
      port,
      url: `nats://127.0.0.1:${port}`,
      dataDir,
      recipe: {
        command: findExecutable('nats-server')!,
        args: ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dataDir, 'jetstream')],
        env: baseEnv(),
        // the server greets with INFO {...}; JetStream is on when it says so
        ready: async (p) => {
          const info = await exchange(p, null, (b) => b.includes('\r\n'));
          return info.startsWith('INFO ') && /"jetstream"\s*:\s*true/.test(info);
        },
        // SIGINT exits 0 (SIGTERM exits 1)
        stopSignal: 'SIGINT',
        logFiles: [],
      },
    };
  },

  async rabbitmq(dataDir) {
    const [port, distPort, epmdPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const epmd = findExecutable('epmd')!;
    const node = `herald${port}@localhost`;
    await writeFile(join(dataDir, 'enabled_plugins'), '[].\n');
    const env: Record<string, string> = {
      ...baseEnv(),
      HOME: dataDir, // the Erlang cookie lives here
      RABBITMQ_NODENAME: node,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(port),
      // defaults to AMQP port + 20000, past 65535 for a high random port: the boot dies
      RABBITMQ_DIST_PORT: String(distPort),
      ERL_EPMD_PORT: String(epmdPort),
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_MNESIA_BASE: join(dataDir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dataDir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dataDir, 'enabled_plugins'),
      RABBITMQ_CONF_ENV_FILE: '/dev/null',
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    };
    return {
      kind: 'rabbitmq',
      port,
      url: `amqp://guest:guest@127.0.0.1:${port}`,
      dataDir,
      recipe: {
        // the /usr/sbin wrapper su's to another user and changes HOME; the real script does neither
        command: RABBITMQ_SERVER,
        args: [],
        env,
        // protocol header in, Connection.Start method frame (type 1) out
        ready: async (p) => {
          const reply = await exchange(
            p,
            Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'),
            (b) => b.length >= 7,
          );
          return reply.charCodeAt(0) === 1;
        },
        stopSignal: 'SIGTERM',
        // epmd is a daemon of its own that outlives the node
        afterExit: () => {
          try {
            execFileSync(epmd, ['-port', String(epmdPort), '-kill'], { stdio: 'ignore', timeout: 5000 });
          } catch {}
        },
        afterExitShell: `${epmd} -port ${epmdPort} -kill >/dev/null 2>&1`,
        logFiles: [join(dataDir, 'log', `${node}.log`)],
      },
    };
  },

  async kafka(dataDir, { kafka: security }) {
    const lib = await ensureKafkaJars();
    const [port, controllerPort, saslPort, sslPort, saslSslPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    // PLAINTEXT stays: the readiness probe and the broker's own traffic use it
    const listeners = [`PLAINTEXT://127.0.0.1:${port}`];
    if (security) listeners.push(`SASL_PLAINTEXT://127.0.0.1:${saslPort}`);
    if (security?.tls) listeners.push(`SSL://127.0.0.1:${sslPort}`, `SASL_SSL://127.0.0.1:${saslSslPort}`);
    const tls = security?.tls ? await selfSignedKeystore(dataDir) : null;
    const config = join(dataDir, 'server.properties');
    await writeFile(
      config,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `listeners=${[...listeners, `CONTROLLER://127.0.0.1:${controllerPort}`].join(',')}`,
        `advertised.listeners=${listeners.join(',')}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL',
        ...(security ? kafkaSecurityConfig(security, tls) : []),
        `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
        `log.dirs=${join(dataDir, 'data')}`,
        'num.partitions=1',
        'num.network.threads=2',
        'num.io.threads=2',
        'auto.create.topics.enable=true',
        // one node: every internal topic with replication 1, and few partitions so the first group join is quick
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'transaction.state.log.num.partitions=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        // the default 128 MiB buffer does not fit in a small heap
        'log.cleaner.dedupe.buffer.size=8388608',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dataDir, 'log4j2.properties'),
      [
        'rootLogger.level=INFO',
        'rootLogger.appenderRef.stdout.ref=STDOUT',
        'appender.console.type=Console',
        'appender.console.name=STDOUT',
        'appender.console.layout.type=PatternLayout',
        'appender.console.layout.pattern=[%d] %p %m (%c)%n',
        '',
      ].join('\n'),
    );
    const java = findExecutable('java')!;
    const jvm = [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`,
      '-cp',
      `${lib}/*`,
    ];
    // a KRaft cluster id is 16 random bytes in base64url; written as --cluster-id=... because one that
    // starts with '-' would be read as an option
    const clusterId = randomBytes(16).toString('base64url');
    // SCRAM credentials live in the cluster metadata: written at format time
    const scram = Object.entries(security?.users ?? {}).flatMap(([name, password]) =>
      ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
        '--add-scram',
        `${m}=[name=${name},password=${password}]`,
      ]),
    );
    return {
      kind: 'kafka',
      port,
      url: `127.0.0.1:${port}`,
      dataDir,
      ...(security
        ? {
            security: {
              sasl: `127.0.0.1:${saslPort}`,
              ...(tls
                ? { ssl: `127.0.0.1:${sslPort}`, saslSsl: `127.0.0.1:${saslSslPort}`, ca: tls.ca }
                : {}),
            },
          }
        : {}),
      prepare: () =>
        run(
          java,
          [
            ...jvm,
            'kafka.tools.StorageTool',
            'format',
            '--standalone',
            `--cluster-id=${clusterId}`,
            ...scram,
            '--config',
            config,
          ],
          dataDir,
          120_000,
        ),
      recipe: {
        command: java,
        args: [...jvm, 'kafka.Kafka', config],
        env: baseEnv(),
        ready: kafkaReady,
        stopSignal: 'SIGTERM',
        logFiles: [],
      },
    };
  },
};

/** The server.properties lines of SASL (PLAIN users in JAAS, SCRAM from the metadata) and TLS. */
function kafkaSecurityConfig(
  security: KafkaSecurityOptions,
  tls: { keystore: string; password: string } | null,
): string[] {
  for (const [name, password] of Object.entries(security.users))
    if (!/^[A-Za-z0-9-]+$/.test(name) || !/^[A-Za-z0-9-]+$/.test(password))
      throw new Error(`kafka user ${name}: names and passwords of letters, digits and "-" only`);
  const plainUsers = Object.entries(security.users)
    .map(([name, password]) => `user_${name}="${password}"`)
    .join(' ');
  const lines = ['sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512'];
  for (const listener of tls ? ['sasl_plaintext', 'sasl_ssl'] : ['sasl_plaintext']) {
    lines.push(
      `listener.name.${listener}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
      `listener.name.${listener}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
      `listener.name.${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    );
  }
  if (tls)
    lines.push(
      `ssl.keystore.location=${tls.keystore}`,
      'ssl.keystore.type=PKCS12',
      `ssl.keystore.password=${tls.password}`,
      `ssl.key.password=${tls.password}`,
      'ssl.client.auth=none',
    );
  return lines;
}

/**
 * A PKCS12 keystore in `dir` with a fresh self-signed certificate for 127.0.0.1 and localhost (keytool,
 * from the JRE), and that certificate as PEM: what a client trusts as its CA.
 */
export async function selfSignedKeystore(
  dir: string,
  name = 'broker',
): Promise<{ keystore: string; password: string; ca: string }> {
  const keytool = findExecutable('keytool');
  if (!keytool) throw new Error('keytool (it ships with the JRE) not found on PATH');
  const keystore = join(dir, `${name}.p12`);
  const password = randomBytes(12).toString('hex');
  await run(
    keytool,
    [
      '-genkeypair',
      '-alias',
      name,
      '-keyalg',
      'EC',
      '-groupname',
      'secp256r1',
      '-validity',
      '7',
      '-dname',
      `CN=herald-test-${name}`,
      '-ext',
      'SAN=IP:127.0.0.1,DNS:localhost',
      '-keystore',
      keystore,
      '-storetype',
      'PKCS12',
      '-storepass',
      password,
      '-keypass',
      password,
    ],
    dir,
    60_000,
  );
  const pem = join(dir, `${name}.pem`);
  await run(
    keytool,
    ['-exportcert', '-rfc', '-alias', name, '-keystore', keystore, '-storepass', password, '-file', pem],
    dir,
    60_000,
  );
  return { keystore, password, ca: readFileSync(pem, 'utf8') };
}

// ---------------------------------------------------------------------------------------------------
// Protocol probes

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Connects, optionally writes `send`, and collects the answer until `enough(bytes)` or 2 s. */
function exchange(port: number, send: Buffer | null, enough: (b: string) => boolean): Promise<string> {
  return exchangeBytes(port, send, (b) => enough(b.toString('latin1'))).then((b) => b.toString('latin1'));
}

function exchangeBytes(port: number, send: Buffer | null, enough: (b: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = tcpConnect({ host: '127.0.0.1', port });
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => done(new Error('no answer within 2 s')), 2000);
    socket.on('connect', () => {
      if (send) socket.write(send);
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (enough(Buffer.concat(chunks))) done();
    });
    socket.on('error', (e) => done(e));
    socket.on('close', () => done(new Error('closed before answering')));
  });
}

/**
 * Kafka answers a Metadata v4 request (request header v1, not yet "flexible") with at least one broker:
 * the node is up, its listener serves requests and the controller has registered it.
 */
async function kafkaReady(port: number): Promise<boolean> {
  const clientId = Buffer.from('herald-test');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let o = 0;
  o = body.writeInt16BE(3, o); // api key: Metadata
  o = body.writeInt16BE(4, o); // api version
  o = body.writeInt32BE(1, o); // correlation id
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  o = body.writeInt32BE(-1, o); // topics: null = all
  body.writeInt8(0, o); // allow_auto_topic_creation
  const frame = Buffer.concat([Buffer.alloc(4), body]);
  frame.writeInt32BE(body.length, 0);
  const reply = await exchangeBytes(port, frame, (b) => b.length >= 4 && b.length >= 4 + b.readInt32BE(0));
  // size, correlation id, throttle_time_ms, brokers array length
  if (reply.length < 16 || reply.readInt32BE(4) !== 1) return false;
  return reply.readInt32BE(12) >= 1;
}

/** Resolves once nothing accepts connections on the port any more (or after timeoutMs). */
async function waitPortClosed(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const s = tcpConnect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (!open) return;
    await sleep(100);
  }
}

// `node apps/server/test/helpers/brokers.ts fetch-kafka`: fills the jar cache ahead of the tests (.ci/run)
if (import.meta.main) {
  const [cmd] = process.argv.slice(2);
  if (cmd === 'fetch-kafka') {
    const lib = await ensureKafkaJars();
    console.log(`Kafka ${KAFKA_VERSION} jars in ${lib}`);
  } else {
    console.error('usage: node apps/server/test/helpers/brokers.ts fetch-kafka');
    process.exit(2);
  }
}
