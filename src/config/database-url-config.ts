import { createPrivateKey, X509Certificate } from 'node:crypto';
import { pemProblem } from './pem-files';

/** The `sslmode` values node-postgres understands (pg-connection-string; `no-verify` is its own). */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * DATABASE_URL's TLS parameters, checked at start like the Kafka ones: pg would otherwise fail
 * the first connection with a bare ENOENT. Messages name the parameter and path, never the URL
 * (it may hold a password).
 */
export function databaseUrlProblems(databaseUrl: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(databaseUrl).searchParams;
  } catch {
    return ['DATABASE_URL is not a valid URL'];
  }
  const problems: string[] = [];
  const mode = params.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) problems.push(`DATABASE_URL: sslmode must be one of ${SSL_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  const file = (name: string, parse: (pem: Buffer) => unknown) => {
    const path = params.get(name);
    return path === null ? undefined : pemProblem(`DATABASE_URL ${name}`, path, parse);
  };
  problems.push(
    ...[
      file('sslrootcert', (pem) => new X509Certificate(pem)),
      file('sslcert', (pem) => new X509Certificate(pem)),
      file('sslkey', (pem) => createPrivateKey(pem)),
    ].filter((problem): problem is string => problem !== undefined),
  );
  return problems;
}
