import { HistorySyncSettingDto, HistorySyncSource } from '../wsapi/payloads/service-events.dto';

/**
 * The parts of `GET /account/instances/{id}` we use (shared/wsapi/README.md §4.3):
 * `settings.historySync` and `settings.eventFilters`. Undefined when the body does not carry a
 * boolean historySync (then the local setting applies).
 */
export function settingFromAccountDetail(body: unknown): HistorySyncSettingDto | undefined {
  const settings = isObject(body) && isObject(body.settings) ? body.settings : undefined;
  if (!settings || typeof settings.historySync !== 'boolean') return undefined;
  const filters = settings.eventFilters;
  const eventFilters = Array.isArray(filters) && filters.every((item) => typeof item === 'string') ? (filters as string[]) : null;
  return { historySync: settings.historySync, source: HistorySyncSource.Wsapi, eventFilters };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
