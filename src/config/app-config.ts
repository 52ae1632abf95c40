import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { CodedError } from '../errors/coded-error';
import { databaseUrlProblems } from './database-url-config';
import { KAFKA_SASL_MECHANISMS, KafkaSaslMechanism, KafkaSecuritySettings, kafkaSecurityProblems } from './kafka-security-config';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off', ''].includes(normalized)) return false;
  return value; // left as a string so @IsBoolean reports it
};
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toLowerOrUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value;

export const SERVICE_ROLES = ['all', 'ingress', 'consumers'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/**
 * Every setting the service reads from the environment, validated once at start-up.
 * The property names are the environment variable names on purpose: an error message can then
 * name the variable to fix. The README's configuration table documents each one.
 */
export class AppConfig implements KafkaSecuritySettings {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsIn(SERVICE_ROLES)
  ROLE: ServiceRole = 'all';

  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'KAFKA_TOPIC_PREFIX may contain letters, digits, _ and - only' })
  KAFKA_TOPIC_PREFIX = 'wsapi';

  /** Consumer groups are `<prefix>.projection.<name>`; defaults to KAFKA_TOPIC_PREFIX. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^[a-zA-Z0-9._-]+$/, { message: 'KAFKA_CONSUMER_GROUP_PREFIX may contain letters, digits, ., _ and - only' })
  KAFKA_CONSUMER_GROUP_PREFIX?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 6;

  @Transform(toInt) @IsInt() @Min(1) @Max(7)
  KAFKA_REPLICATION_FACTOR = 1;

  /**
   * `min.insync.replicas` of topics created at start: with acks=all, a write is acknowledged only
   * once this many replicas have it (at most KAFKA_REPLICATION_FACTOR; 2 with a factor of 3).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(7)
  KAFKA_MIN_INSYNC_REPLICAS = 1;

  /** TLS to the brokers. The files below are PEM; without a CA file Node's default CAs are trusted. */
  @Transform(toBoolean) @IsBoolean()
  KAFKA_SSL = false;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SSL_CA_FILE?: string;

  /** Client certificate and key for mutual TLS (both or neither). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SSL_CERT_FILE?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SSL_KEY_FILE?: string;

  /** Passphrase of an encrypted KAFKA_SSL_KEY_FILE. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SSL_KEY_PASSWORD?: string;

  /** Off only to try things out: the broker's certificate is then not verified at all. */
  @Transform(toBoolean) @IsBoolean()
  KAFKA_SSL_REJECT_UNAUTHORIZED = true;

  @Transform(toLowerOrUndefined) @IsOptional() @IsIn(KAFKA_SASL_MECHANISMS, {
    message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}`,
  })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SASL_USERNAME?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsString() @MinLength(1)
  KAFKA_CLIENT_ID = 'wsapi-sync';

  /** How long the group waits for a silent consumer (a crashed one) before reassigning its partitions. */
  @Transform(toInt) @IsInt() @Min(6000) @Max(300000)
  KAFKA_SESSION_TIMEOUT_MS = 30000;

  /** Upper bound of bytes a projection fetches per partition at once (at least one record always comes). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(256 * 1024 * 1024)
  PROJECTION_FETCH_MAX_BYTES = 4 * 1024 * 1024;

  /**
   * Partition batches a projection decodes at once. Writes stay one transaction at a time per
   * projection; more than one lets decoding (CPU) overlap with Postgres writing the previous batch.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(16)
  PROJECTION_PARTITIONS_CONCURRENTLY = 2;

  /** How long a webhook waits for Kafka's acknowledgement before answering 503. */
  @Transform(toInt) @IsInt() @Min(100) @Max(120000)
  PUBLISH_TIMEOUT_MS = 10000;

  /** The largest webhook body accepted (a 500-message history chunk with thumbnails fits). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(64 * 1024 * 1024)
  MAX_BODY_BYTES = 16 * 1024 * 1024;

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+(\?.*)?$/, {
    message: 'DATABASE_URL must be postgres://user[:password]@host[:port]/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/wsapi_sync';

  @IsUrl({ require_tld: false, require_protocol: true })
  WSAPI_BASE_URL = 'https://api.wsapi.chat';

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  WSAPI_API_KEY?: string;

  /** Default webhook signing secret for every instance without a secret of its own. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(8)
  WSAPI_SIGNING_SECRET?: string;

  /** Per-instance signing secrets as JSON: {"ins_a":"secret", …}. They win over the default. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^\s*\{[\s\S]*\}\s*$/, {
    message: 'WSAPI_INSTANCE_SECRETS must be a JSON object {"<instanceId>":"<secret>"}',
  })
  WSAPI_INSTANCE_SECRETS?: string;

  /** Instances that deliver by SSE pull mode instead of webhooks: comma-separated instance ids. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'SSE_INSTANCES must be instance ids separated by commas' })
  SSE_INSTANCES?: string;

  @Transform(toBoolean) @IsBoolean()
  HISTORY_SYNC_DEFAULT = false;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16)
  ADMIN_TOKEN?: string;

  /**
   * WSAPI account-level key (the /account/* API). When set, each sync cycle reads the instance's
   * real HistorySync setting and event filters from WSAPI instead of the local setting.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  WSAPI_ACCOUNT_API_KEY?: string;

  /** Snapshot an instance this long after logged_in when initial_sync_finished has not come. */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 3600 * 1000)
  SNAPSHOT_FALLBACK_DELAY_MS = 120_000;

  /**
   * How long after initial_sync_finished (its event time) a flush-history call may still be made or
   * retried. WSAPI keeps the history cache one hour, so the window must end before that; a flush
   * found after it is recorded as skipped (late).
   */
  @Transform(toInt) @IsInt() @Min(1000) @Max(3600 * 1000 - 1)
  FLUSH_RETRY_WINDOW_MS = 50 * 60 * 1000;

  /**
   * How long snapshot and HistorySync-reading jobs keep retrying, counted from when the projection
   * decided them (not from the event time): long enough to ride out a WSAPI outage of some hours.
   */
  @Transform(toInt) @IsInt() @Min(1000) @Max(7 * 24 * 3600 * 1000)
  SNAPSHOT_RETRY_WINDOW_MS = 6 * 3600 * 1000;

  /** An instance first seen without any snapshot or sync cycle is snapshotted this long later. */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 3600 * 1000)
  SNAPSHOT_BOOTSTRAP_DELAY_MS = 60_000;

  /** Every known, not logged-out instance is snapshotted again this often (spread with jitter); 0 = off. */
  @Transform(toInt) @IsInt() @ValidateIf((config: AppConfig) => config.SNAPSHOT_RECONCILE_INTERVAL_MS !== 0) @Min(1000) @Max(30 * 24 * 3600 * 1000)
  SNAPSHOT_RECONCILE_INTERVAL_MS = 24 * 3600 * 1000;

  /** Snapshots (3 WSAPI GETs each) one consumer process runs at the same time, whatever triggered them. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  SNAPSHOT_MAX_CONCURRENCY = 4;

  /** First retry delay of a failed outbox job; it doubles per attempt (with jitter) up to OUTBOX_RETRY_MAX_MS. */
  @Transform(toInt) @IsInt() @Min(10) @Max(3600 * 1000)
  OUTBOX_RETRY_BASE_MS = 2000;

  @Transform(toInt) @IsInt() @Min(10) @Max(3600 * 1000)
  OUTBOX_RETRY_MAX_MS = 5 * 60 * 1000;

  /** How often the outbox dispatcher looks for due jobs. */
  @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  OUTBOX_POLL_MS = 500;

  /** Backfill page requests (POST /chats/{id}/messages) one process sends per second for one instance… */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  BACKFILL_REQUESTS_PER_SECOND_PER_INSTANCE = 2;

  /** …and for all instances together. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  BACKFILL_REQUESTS_PER_SECOND = 10;

  /** Messages asked for per page (WSAPI's `count`, 1–500). */
  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  BACKFILL_PAGE_SIZE = 200;

  /** A requested page not projected this long after the request is asked for again… */
  @Transform(toInt) @IsInt() @Min(100) @Max(3600 * 1000)
  BACKFILL_PAGE_TIMEOUT_MS = 60_000;

  /** …this many times; then the chat is marked stalled. Also the retries of a 429/5xx answer. */
  @Transform(toInt) @IsInt() @Min(0) @Max(100)
  BACKFILL_PAGE_RETRIES = 3;

  /** How often the backfill worker looks for chats that are due or whose page may have arrived. */
  @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  BACKFILL_POLL_MS = 500;

  /** Off: decisions are still written to the outbox but nothing delivers them (maintenance, tests). */
  @Transform(toBoolean) @IsBoolean()
  OUTBOX_DISPATCHER_ENABLED = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** Start-up refused: every bad variable named (never a secret's value). */
export class ConfigValidationError extends CodedError<'CONFIG_INVALID'> {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Variables whose values an error message must never repeat (they end up in logs; a DATABASE_URL may hold a password). */
const SECRET_VARIABLES = new Set(['WSAPI_API_KEY', 'WSAPI_SIGNING_SECRET', 'WSAPI_INSTANCE_SECRETS', 'ADMIN_TOKEN', 'WSAPI_ACCOUNT_API_KEY', 'KAFKA_SASL_PASSWORD', 'KAFKA_SSL_KEY_PASSWORD', 'DATABASE_URL']);

/** Builds the validated config from an environment; throws naming every bad variable. */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const known = new Set(Object.keys(new AppConfig()));
  const defined = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && known.has(key)));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${text}${SECRET_VARIABLES.has(error.property) ? '' : ` (got ${JSON.stringify(env[error.property])})`}` : `${error.property}: ${text}`,
    ),
  );
  const instanceSecretsProblem = checkInstanceSecrets(config.WSAPI_INSTANCE_SECRETS);
  if (instanceSecretsProblem) problems.push(instanceSecretsProblem);
  if (problems.length === 0) problems.push(...kafkaSecurityProblems(config), ...durabilityProblems(config), ...databaseUrlProblems(config.DATABASE_URL));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

function durabilityProblems(config: AppConfig): string[] {
  return config.KAFKA_MIN_INSYNC_REPLICAS > config.KAFKA_REPLICATION_FACTOR
    ? [`KAFKA_MIN_INSYNC_REPLICAS (${config.KAFKA_MIN_INSYNC_REPLICAS}) must not exceed KAFKA_REPLICATION_FACTOR (${config.KAFKA_REPLICATION_FACTOR}): no write could ever be acknowledged`]
    : [];
}

function checkInstanceSecrets(json: string | undefined): string | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    const valid =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) &&
      Object.values(parsed).every((secret) => typeof secret === 'string' && secret.length > 0);
    return valid ? undefined : 'WSAPI_INSTANCE_SECRETS must map instance ids to non-empty strings';
  } catch {
    return 'WSAPI_INSTANCE_SECRETS is not valid JSON';
  }
}
