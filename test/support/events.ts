import { randomUUID } from 'node:crypto';

/** Builds a WSAPI envelope (as bytes would arrive) for tests. */
export function envelope(instanceId: string, eventType: string, eventData: Record<string, unknown>, receivedAt: string, eventId = `evt_${randomUUID()}`) {
  return JSON.stringify({ eventId, instanceId, receivedAt, eventType, eventData });
}

export function uniqueInstance(): string {
  return `ins_${randomUUID().slice(0, 8)}`;
}
