import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SqlExecutor } from '../database/sql-executor';
import { EventPublisher } from '../kafka/event-publisher';
import { serviceEvent } from '../kafka/service-event';
import { EventCategory } from '../wsapi/event-types';
import { InstanceDiscoveredEventDto, ServiceEventType } from '../wsapi/payloads/service-events.dto';
import { WsapiClient } from '../wsapi/wsapi-client';
import { parseAccountInstancesPage } from './account-instance-pages';

const ACCOUNT_INSTANCES_PATH = '/account/instances';
/** A listing that never ends (a server bug, a cursor that loops) stops here. */
const MAX_PAGES = 1000;

/**
 * With WSAPI_ACCOUNT_API_KEY, lists the account's instances and announces those `instances` does
 * not know as `instance_discovered` on `<prefix>.session`: the projection then knows them from the
 * log (a replay too) and decides their bootstrap snapshot, even for an instance with no traffic.
 */
@Injectable()
export class InstanceDiscovery {
  private readonly logger = new Logger(InstanceDiscovery.name);

  constructor(
    private readonly config: AppConfig,
    private readonly wsapi: WsapiClient,
    private readonly publisher: EventPublisher,
    private readonly sql: SqlExecutor,
  ) {}

  get enabled(): boolean {
    return this.config.WSAPI_ACCOUNT_API_KEY !== undefined;
  }

  /** Returns how many instances were announced; throws when WSAPI or Kafka failed (the next round tries again). */
  async discover(): Promise<number> {
    const listed = await this.listAll();
    const known = await this.sql.query<{ instance_id: string }>('SELECT instance_id FROM instances WHERE instance_id = ANY($1)', [listed]);
    const knownIds = new Set(known.map((row) => row.instance_id));
    const unknown = listed.filter((id) => !knownIds.has(id));
    const eventData: InstanceDiscoveredEventDto = { source: 'account_api' };
    for (const instanceId of unknown) {
      await this.publisher.publish(serviceEvent(instanceId, ServiceEventType.InstanceDiscovered, eventData, EventCategory.Session));
    }
    if (unknown.length > 0) this.logger.log(`discovered ${unknown.length} instance(s) through ${ACCOUNT_INSTANCES_PATH} (${listed.length} listed)`);
    return unknown.length;
  }

  private async listAll(): Promise<string[]> {
    const ids = new Set<string>();
    let query: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const path = query === undefined ? ACCOUNT_INSTANCES_PATH : `${ACCOUNT_INSTANCES_PATH}?${query}`;
      const { body } = await this.wsapi.get<unknown>(path, undefined, { apiKey: this.config.WSAPI_ACCOUNT_API_KEY });
      const parsed = parseAccountInstancesPage(body);
      const before = ids.size;
      parsed.instanceIds.forEach((id) => ids.add(id));
      // A page with nothing new ends the walk too: a server that ignores the paging query repeats page 1.
      if (!parsed.nextQuery || parsed.nextQuery === query || ids.size === before) break;
      query = parsed.nextQuery;
    }
    return [...ids];
  }
}
