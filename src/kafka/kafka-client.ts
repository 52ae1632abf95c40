import { Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { KafkaSecuritySettings } from '../config/kafka-security-config';

const kafkaLogger = new Logger('kafkajs');

/** kafkajs logs through Nest's logger so that everything ends up in one structured stream. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const text = `${message} ${JSON.stringify(extra)}`;
    // kafkajs reports every failed connection attempt as an error; our callers decide what is one.
    if (level === logLevel.ERROR || level === logLevel.WARN) kafkaLogger.warn(text);
    else kafkaLogger.debug(text);
  };
}

/** How a client reaches secured brokers: kafkajs's `ssl` and `sasl` options. */
export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/** Plaintext, no authentication: the local broker of `npm start` and most specs. */
export const PLAINTEXT: KafkaSecurity = {};

/**
 * The TLS and SASL options every client of the service uses, from the validated configuration
 * (which has already checked that the files are readable PEM and the credentials complete).
 */
export function kafkaSecurity(settings: KafkaSecuritySettings): KafkaSecurity {
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const ssl = settings.KAFKA_SSL
    ? {
        ca: read(settings.KAFKA_SSL_CA_FILE),
        cert: read(settings.KAFKA_SSL_CERT_FILE),
        key: read(settings.KAFKA_SSL_KEY_FILE),
        passphrase: settings.KAFKA_SSL_KEY_PASSWORD,
        rejectUnauthorized: settings.KAFKA_SSL_REJECT_UNAUTHORIZED,
      }
    : undefined;
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  const sasl = mechanism ? { mechanism, username: settings.KAFKA_SASL_USERNAME!, password: settings.KAFKA_SASL_PASSWORD! } : undefined;
  return { ...(ssl && { ssl }), ...(sasl && { sasl }) } as KafkaSecurity;
}

export function createKafka(brokers: string, clientId: string, security: KafkaSecurity = PLAINTEXT): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    ...security,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
