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
  validateSync,
} from 'class-validator';

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

export const SERVICE_ROLES = ['all', 'ingress', 'consumers'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/**
 * Every setting the service reads from the environment, validated once at start-up.
 * The property names are the environment variable names on purpose: an error message can then
 * name the variable to fix. The README's configuration table documents each one.
 */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsIn(SERVICE_ROLES)
  ROLE: ServiceRole = 'all';

  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'KAFKA_TOPIC_PREFIX may contain letters, digits, _ and - only' })
  KAFKA_TOPIC_PREFIX = 'wsapi';

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 6;

  @Transform(toInt) @IsInt() @Min(1) @Max(7)
  KAFKA_REPLICATION_FACTOR = 1;

  @IsString() @MinLength(1)
  KAFKA_CLIENT_ID = 'wsapi-sync';

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

  @Transform(toBoolean) @IsBoolean()
  HISTORY_SYNC_DEFAULT = false;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16)
  ADMIN_TOKEN?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Builds the validated config from an environment; throws naming every bad variable. */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const known = new Set(Object.keys(new AppConfig()));
  const defined = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && known.has(key)));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${text} (got ${JSON.stringify(env[error.property])})` : `${error.property}: ${text}`,
    ),
  );
  const instanceSecretsProblem = checkInstanceSecrets(config.WSAPI_INSTANCE_SECRETS);
  if (instanceSecretsProblem) problems.push(instanceSecretsProblem);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
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
