import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (CloudWatch when deployed, the terminal locally). */
export const logger = new Logger({
  serviceName: 'compute-sandbox',
  logLevel: (process.env.SANDBOX_LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | undefined) ?? 'WARN',
});
