import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Where the secrets an admin set per instance are kept (instance-settings implements it). */
export interface AdminSigningSecrets {
  /** Every instance's own secret, as [instanceId, secret]. */
  signingSecrets(): Promise<[string, string][]>;
}

export const ADMIN_SIGNING_SECRETS = Symbol('ADMIN_SIGNING_SECRETS');

/** How stale an admin-set secret may be on another replica (this one refreshes at once on a change). */
export const ADMIN_SECRETS_REFRESH_MS = 10_000;

/**
 * Which secret WSAPI signs an instance's webhooks with: the instance's own one where configured —
 * set by an admin (instance_settings.signing_secret), else from WSAPI_INSTANCE_SECRETS — otherwise
 * the account-wide default, otherwise none (the instance sends unsigned webhooks).
 *
 * The ingress is a hot path, so the admin-set secrets are kept in memory and reloaded as a whole
 * every few seconds rather than queried per webhook; while Postgres is unreachable the last
 * loaded secrets stay in use.
 */
@Injectable()
export class SigningSecrets implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningSecrets.name);
  private readonly fromEnvironment: ReadonlyMap<string, string>;
  private readonly fallback: string | undefined;
  private fromAdmin: ReadonlyMap<string, string> = new Map();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    config: AppConfig,
    @Inject(ADMIN_SIGNING_SECRETS) private readonly store: AdminSigningSecrets,
  ) {
    const parsed = config.WSAPI_INSTANCE_SECRETS ? (JSON.parse(config.WSAPI_INSTANCE_SECRETS) as Record<string, string>) : {};
    this.fromEnvironment = new Map(Object.entries(parsed));
    this.fallback = config.WSAPI_SIGNING_SECRET;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), ADMIN_SECRETS_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reloads the admin-set secrets; keeps the previous ones if the database cannot be read. */
  async refresh(): Promise<void> {
    try {
      this.fromAdmin = new Map(await this.store.signingSecrets());
    } catch (error) {
      this.logger.warn(`could not reload per-instance signing secrets, keeping the last known ones: ${(error as Error).message}`);
    }
  }

  secretFor(instanceId: string | undefined): string | undefined {
    if (instanceId === undefined) return this.fallback;
    return this.fromAdmin.get(instanceId) ?? this.fromEnvironment.get(instanceId) ?? this.fallback;
  }

  get anyConfigured(): boolean {
    return this.fallback !== undefined || this.fromEnvironment.size > 0 || this.fromAdmin.size > 0;
  }
}
