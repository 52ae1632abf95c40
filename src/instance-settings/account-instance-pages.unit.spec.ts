import { parseAccountInstancesPage } from './account-instance-pages';

describe('parseAccountInstancesPage', () => {
  it('reads a bare array of ids or of instance objects, with no next page', () => {
    expect(parseAccountInstancesPage(['ins_a', { id: 'ins_b' }, { instanceId: 'ins_c' }, 7, {}])).toEqual({ instanceIds: ['ins_a', 'ins_b', 'ins_c'] });
  });

  it('follows page numbers until the last page', () => {
    expect(parseAccountInstancesPage({ items: [{ id: 'ins_a' }], page: 1, totalPages: 2 })).toEqual({ instanceIds: ['ins_a'], nextQuery: 'page=2' });
    expect(parseAccountInstancesPage({ items: [{ id: 'ins_b' }], page: 2, totalPages: 2 })).toEqual({ instanceIds: ['ins_b'], nextQuery: undefined });
    expect(parseAccountInstancesPage({ data: ['ins_c'], page: 3, hasMore: true }).nextQuery).toBe('page=4');
  });

  it('follows a cursor or a next link', () => {
    expect(parseAccountInstancesPage({ instances: ['ins_a'], nextCursor: 'abc/=' }).nextQuery).toBe('cursor=abc%2F%3D');
    expect(parseAccountInstancesPage({ results: ['ins_a'], next: '/account/instances?page=2&pageSize=50' }).nextQuery).toBe('page=2&pageSize=50');
  });

  it('reads nothing from a body of another shape', () => {
    expect(parseAccountInstancesPage('oops')).toEqual({ instanceIds: [] });
    expect(parseAccountInstancesPage({ unexpected: true })).toEqual({ instanceIds: [], nextQuery: undefined });
  });
});
