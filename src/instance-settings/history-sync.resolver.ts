import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { HistorySyncSettingDto, HistorySyncSource } from '../wsapi/payloads/service-events.dto';
import { WsapiClient, WsapiRequestError } from '../wsapi/wsapi-client';
import { settingFromAccountDetail } from './account-instance';
import { historyFilteredOut, HISTORY_EVENT_TYPE } from './history-filter';
import { InstanceSettingsStore } from './instance-settings.store';

/**
 * The effective HistorySync setting of an instance. WSAPI holds the real one: with an account-level
 * key it is read from `GET /account/instances/{id}`; otherwise (or when WSAPI refuses the read) the
 * admin-set value in instance_settings applies, else HISTORY_SYNC_DEFAULT.
 */
@Injectable()
export class HistorySyncResolver {
  private readonly logger = new Logger(HistorySyncResolver.name);

  constructor(
    private readonly config: AppConfig,
    private readonly wsapi: WsapiClient,
    private readonly store: InstanceSettingsStore,
  ) {}

  get readsFromWsapi(): boolean {
    return this.config.WSAPI_ACCOUNT_API_KEY !== undefined;
  }

  /** Throws a retryable WsapiRequestError when WSAPI could not be asked right now. */
  async resolve(instanceId: string): Promise<HistorySyncSettingDto> {
    const fromWsapi = this.readsFromWsapi ? await this.readFromWsapi(instanceId) : undefined;
    const setting = fromWsapi ?? (await this.local(instanceId));
    if (historyFilteredOut(setting.historySync, setting.eventFilters)) {
      this.logger.warn(
        `instance ${instanceId}: HistorySync is on but its event filters (${setting.eventFilters!.join(', ')}) leave out ${HISTORY_EVENT_TYPE}; WSAPI will drop the history`,
      );
    }
    return setting;
  }

  /** The setting without asking WSAPI: the admin-set value, else the default. */
  async local(instanceId: string): Promise<HistorySyncSettingDto> {
    const row = await this.store.get(instanceId);
    if (row?.history_sync !== null && row?.history_sync !== undefined) {
      return { historySync: row.history_sync, source: HistorySyncSource.Admin, eventFilters: null };
    }
    return { historySync: this.config.HISTORY_SYNC_DEFAULT, source: HistorySyncSource.Default, eventFilters: null };
  }

  private async readFromWsapi(instanceId: string): Promise<HistorySyncSettingDto | undefined> {
    const path = `/account/instances/${encodeURIComponent(instanceId)}`;
    try {
      // /account/* takes the account key only, without X-Instance-Id.
      const { body } = await this.wsapi.get<unknown>(path, undefined, { apiKey: this.config.WSAPI_ACCOUNT_API_KEY });
      const setting = settingFromAccountDetail(body);
      if (!setting) this.logger.warn(`GET ${path} carried no settings.historySync; using the local setting`);
      return setting;
    } catch (error) {
      if (error instanceof WsapiRequestError && error.retryable) throw error;
      this.logger.warn(`could not read instance ${instanceId}'s settings from WSAPI, using the local setting: ${(error as Error).message}`);
      return undefined;
    }
  }
}
