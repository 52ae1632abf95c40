import { settingFromAccountDetail } from './account-instance';

describe('settingFromAccountDetail', () => {
  it('takes settings.historySync and settings.eventFilters from GET /account/instances/{id}', () => {
    const body = { name: 'shop', status: 'connected', settings: { useCustomDefaults: true, historySync: true, eventFilters: ['message'], webhookUrl: 'x' } };
    expect(settingFromAccountDetail(body)).toEqual({ historySync: true, source: 'wsapi', eventFilters: ['message'] });
  });

  it('treats filters that are not a list of names as unknown', () => {
    expect(settingFromAccountDetail({ settings: { historySync: false, eventFilters: 'all' } })).toEqual({ historySync: false, source: 'wsapi', eventFilters: null });
  });

  it.each([[undefined], ['text'], [{}], [{ settings: {} }], [{ settings: { historySync: 'yes' } }]])('is undefined without a boolean historySync (%j)', (body) => {
    expect(settingFromAccountDetail(body)).toBeUndefined();
  });
});
