import { createPrivateKey, X509Certificate } from 'node:crypto';
import { pemProblem } from './pem-files';

/** The SASL mechanisms kafkajs implements natively, in its own spelling. */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** The part of the configuration that decides how every Kafka client connects (and how durable topics are). */
export interface KafkaSecuritySettings {
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
  KAFKA_SSL_KEY_PASSWORD?: string;
  KAFKA_SSL_REJECT_UNAUTHORIZED: boolean;
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

/**
 * Checks that go beyond one variable: a SASL mechanism needs its credentials, TLS files must be
 * readable PEM (a typo in a path should stop start-up, not fail every connection later), and a
 * client certificate comes with its key. Messages name variables and paths, never secrets.
 */
export function kafkaSecurityProblems(settings: KafkaSecuritySettings): string[] {
  const problems: string[] = [];
  if (settings.KAFKA_SASL_MECHANISM) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (!settings[name]) problems.push(`${name} is required when KAFKA_SASL_MECHANISM is ${settings.KAFKA_SASL_MECHANISM}`);
    }
  } else {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (settings[name]) problems.push(`${name} is set but KAFKA_SASL_MECHANISM is not (one of ${KAFKA_SASL_MECHANISMS.join(', ')})`);
    }
  }
  const files = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
  if (!settings.KAFKA_SSL) {
    for (const name of [...files, 'KAFKA_SSL_KEY_PASSWORD'] as const) {
      if (settings[name]) problems.push(`${name} is set but KAFKA_SSL is off`);
    }
    return problems;
  }
  if (Boolean(settings.KAFKA_SSL_CERT_FILE) !== Boolean(settings.KAFKA_SSL_KEY_FILE)) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate needs its private key)');
  }
  const caProblem = pemProblem('KAFKA_SSL_CA_FILE', settings.KAFKA_SSL_CA_FILE, (pem) => new X509Certificate(pem));
  const certProblem = pemProblem('KAFKA_SSL_CERT_FILE', settings.KAFKA_SSL_CERT_FILE, (pem) => new X509Certificate(pem));
  const keyProblem = pemProblem('KAFKA_SSL_KEY_FILE', settings.KAFKA_SSL_KEY_FILE, (pem) =>
    createPrivateKey({ key: pem, passphrase: settings.KAFKA_SSL_KEY_PASSWORD }),
  );
  return [...problems, ...[caProblem, certProblem, keyProblem].filter((problem): problem is string => problem !== undefined)];
}
