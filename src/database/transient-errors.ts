/**
 * Errors that say "try again later" rather than "this event is bad": the database or broker is
 * unreachable, restarting, or asked us to retry. Such a batch is retried with backoff, never
 * dead-lettered and never skipped.
 */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57', '58']; // connection, resources, operator intervention, system
const TRANSIENT_SQLSTATES = ['40001', '40P01', '55P03']; // serialization failure, deadlock, lock not available
const TRANSIENT_NODE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'];

export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.includes(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATES.includes(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2));
  }
  if (typeof name === 'string' && name.startsWith('KafkaJS')) return true;
  // TypeORM releases a query runner whose connection died; our runners live for one transaction,
  // so a released one mid-transaction means the connection was lost, not that the event is bad.
  if (name === 'QueryRunnerAlreadyReleasedError') return true;
  const text = typeof message === 'string' ? message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(text);
}
