import { Kafka } from 'kafkajs';
import { KafkaSecuritySettings } from '../config/kafka-security-config';
import { CodedError } from '../errors/coded-error';

type ConnectSettings = KafkaSecuritySettings & { KAFKA_BROKERS: string };

export type KafkaConnectFailureCode = 'KAFKA_AUTH_REFUSED' | 'KAFKA_TLS_FAILED';

/** Kafka refused us at start-up; the message says which setting to look at. */
export class KafkaConnectFailure extends CodedError<KafkaConnectFailureCode> {
  constructor(code: KafkaConnectFailureCode, message: string, cause: unknown) {
    super(code, message, cause);
  }
}

/** Node's TLS verification failures (and the alerts a broker sends when it refuses our certificate). */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_SSL_|ERR_TLS_/;

/**
 * Turns kafkajs's start-up error into one that names the cause and the variables to check: a
 * wrong password or CA otherwise shows up as "Connection error" or "retries exceeded" after
 * half a minute of retries. Never includes a secret, only the mechanism and the user name.
 */
export function describeConnectFailure(error: unknown, settings: ConnectSettings): Error {
  const chain = causes(error);
  const sasl = chain.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (sasl) {
    return new KafkaConnectFailure(
      'KAFKA_AUTH_REFUSED',
      `Kafka (${settings.KAFKA_BROKERS}) refused SASL ${settings.KAFKA_SASL_MECHANISM} authentication as user ${JSON.stringify(settings.KAFKA_SASL_USERNAME)}: ${sasl.message}. Check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
      error,
    );
  }
  const tls = chain.find((e) => TLS_FAILURE.test(String((e as { code?: unknown }).code ?? '')));
  if (tls) {
    return new KafkaConnectFailure(
      'KAFKA_TLS_FAILED',
      `TLS with Kafka (${settings.KAFKA_BROKERS}) failed: ${tls.message} [${(tls as { code?: string }).code}]. Check KAFKA_SSL_CA_FILE (the CA that signed the brokers' certificates)${settings.KAFKA_SSL_CERT_FILE ? ' and KAFKA_SSL_CERT_FILE / KAFKA_SSL_KEY_FILE' : ''}`,
      error,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * One connection attempt without retries before start-up proper: a refused password or an
 * untrusted certificate will not fix itself, so it stops start-up at once with the message above
 * instead of after kafkajs's ~50 s of retries. Anything else (a broker not up yet) is left to the
 * retried connections that follow.
 */
export async function failFastOnRefusedCredentials(kafka: Kafka, settings: ConnectSettings): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
  } catch (error) {
    const described = describeConnectFailure(error, settings);
    if (described instanceof KafkaConnectFailure) throw described;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 10; e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError) {
    chain.push(e);
  }
  return chain;
}
