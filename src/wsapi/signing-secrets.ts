import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * Which secret WSAPI signs an instance's webhooks with: the instance's own one where configured,
 * otherwise the account-wide default, otherwise none (the instance sends unsigned webhooks).
 */
@Injectable()
export class SigningSecrets {
  private readonly perInstance: ReadonlyMap<string, string>;
  private readonly fallback: string | undefined;

  constructor(config: AppConfig) {
    const parsed = config.WSAPI_INSTANCE_SECRETS ? (JSON.parse(config.WSAPI_INSTANCE_SECRETS) as Record<string, string>) : {};
    this.perInstance = new Map(Object.entries(parsed));
    this.fallback = config.WSAPI_SIGNING_SECRET;
  }

  secretFor(instanceId: string | undefined): string | undefined {
    return (instanceId !== undefined ? this.perInstance.get(instanceId) : undefined) ?? this.fallback;
  }

  get anyConfigured(): boolean {
    return this.fallback !== undefined || this.perInstance.size > 0;
  }
}
