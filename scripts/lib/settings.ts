/** The documented environment variables of `npm start`, with their defaults (README, Configuration). */
export function sandboxSettings(env: NodeJS.ProcessEnv) {
  const port = (name: string, fallback: number) => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name} must be a TCP port, got ${env[name]}`);
    return n;
  };
  return {
    httpPort: port('SANDBOX_HTTP_PORT', 3000),
    lambdaPort: port('SANDBOX_LAMBDA_PORT', 3002),
    dynamoPort: port('SANDBOX_DYNAMODB_PORT', 8000),
    dataDir: env.SANDBOX_IN_MEMORY === '1' ? null : (env.SANDBOX_DATA_DIR ?? '.sandbox-data'),
    admin: {
      accessKeyId: env.SANDBOX_ADMIN_ACCESS_KEY_ID ?? 'SandboxOperatorKey',
      accessKeySecret: env.SANDBOX_ADMIN_ACCESS_KEY_SECRET ?? 'SandboxOperatorSecret',
    },
    defaultAccount: {
      accountId: env.SANDBOX_DEFAULT_ACCOUNT_ID ?? '100000000001',
      accessKeyId: env.SANDBOX_DEFAULT_ACCESS_KEY_ID ?? 'SandboxDefaultKey',
      accessKeySecret: env.SANDBOX_DEFAULT_ACCESS_KEY_SECRET ?? 'SandboxDefaultSecret',
    },
  };
}
