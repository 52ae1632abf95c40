/** One page of `GET /account/instances`: the instance ids on it and the query of the next page, if any. */
export interface AccountInstancesPage {
  instanceIds: string[];
  nextQuery?: string;
}

const ITEM_KEYS = ['instances', 'items', 'data', 'results', 'content'];
const CURSOR_KEYS = ['nextCursor', 'cursor', 'nextPageToken', 'next'];
const TOTAL_PAGE_KEYS = ['totalPages', 'pageCount', 'totalPage', 'pages'];

/**
 * WSAPI documents neither the list's shape nor its paging (shared/wsapi/README.md §4.3 has only
 * the single instance), so this reads the common shapes defensively: a bare array, or an object
 * whose `instances`/`items`/`data`/`results`/`content` holds the page; items are ids or objects
 * with `id`/`instanceId`. The next page is a cursor (`nextCursor`, `next`… → `?cursor=`), a
 * `next` link (its query is kept), or `page` below `totalPages` (or `hasMore`) → `?page=n+1`.
 */
export function parseAccountInstancesPage(body: unknown): AccountInstancesPage {
  if (Array.isArray(body)) return { instanceIds: idsOf(body) };
  if (!isObject(body)) return { instanceIds: [] };
  const items = ITEM_KEYS.map((key) => body[key]).find(Array.isArray) ?? [];
  return { instanceIds: idsOf(items), nextQuery: nextQueryOf(body) };
}

function nextQueryOf(body: Record<string, unknown>): string | undefined {
  const pointer = CURSOR_KEYS.map((key) => body[key]).find((value) => typeof value === 'string' && value !== '') as string | undefined;
  if (pointer !== undefined) {
    if (pointer.includes('?')) return pointer.slice(pointer.indexOf('?') + 1); // a link to the next page
    if (!pointer.startsWith('/') && !/^https?:/.test(pointer)) return `cursor=${encodeURIComponent(pointer)}`;
  }
  const page = Number(body.page);
  if (!Number.isInteger(page)) return undefined;
  const total = TOTAL_PAGE_KEYS.map((key) => Number(body[key])).find((value) => Number.isInteger(value));
  const more = total !== undefined ? page < total : body.hasMore === true;
  return more ? `page=${page + 1}` : undefined;
}

function idsOf(items: unknown[]): string[] {
  return items.flatMap((item) => {
    if (typeof item === 'string' && item !== '') return [item];
    if (!isObject(item)) return [];
    const id = item.id ?? item.instanceId;
    return typeof id === 'string' && id !== '' ? [id] : [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
