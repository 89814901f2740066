import { describe, expect, it } from 'vitest';
import { javaStartupOptions } from '../../scripts/lib/dynamodb-loopback';

/** DynamoDB Local's JVM options: C1 only unless SANDBOX_DYNAMODB_JAVA_OPTS says otherwise (README, Start-up). */
describe('javaStartupOptions', () => {
  it('stops the JIT at its first tier by default', () => {
    expect(javaStartupOptions({})).toEqual(['-XX:TieredStopAtLevel=1']);
  });

  it('takes SANDBOX_DYNAMODB_JAVA_OPTS instead, split on whitespace; empty means the JVM defaults', () => {
    expect(javaStartupOptions({ SANDBOX_DYNAMODB_JAVA_OPTS: ' -Xmx512m  -XX:+UseSerialGC ' })).toEqual(['-Xmx512m', '-XX:+UseSerialGC']);
    expect(javaStartupOptions({ SANDBOX_DYNAMODB_JAVA_OPTS: '' })).toEqual([]);
  });
});
