import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors in every log line: passwords, tokens and headers that carry them, request
 * bodies and GraphQL variables, and the bound parameters of a failed SQL statement (which hold
 * whatever the client sent). No code logs these on purpose; this is the net under a mistake.
 */
export const REDACTED_PATHS = [
  'password',
  'oldPassword',
  'newPassword',
  'token',
  'authorization',
  'cookie',
  'body',
  'variables',
  'parameters',
  '*.password',
  '*.oldPassword',
  '*.newPassword',
  '*.token',
  '*.authorization',
  '*.cookie',
  '*.body',
  '*.variables',
  '*.parameters',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.*.password',
  '*.*.token',
  '*.*.parameters',
  '*.*.variables',
];

/** The service's logger: JSON lines, with REDACTED_PATHS censored. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
