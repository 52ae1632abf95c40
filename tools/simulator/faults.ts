import { SimulatedEvent } from './account-stream';
import { messageId } from './identifiers';
import { randomFor, SimulationRandom } from './seeded-random';

export interface FaultOptions {
  /** Share of events delivered a second time (the same bytes, a few deliveries later). */
  duplicateRate?: number;
  /** Share of events delivered later than WSAPI received them… */
  reorderRate?: number;
  /** …by up to this many deliveries. */
  reorderWindow?: number;
  /** Per event, the chance that a bad delivery is slipped in after it (see BadPayloadKind). */
  badPayloadRate?: number;
}

export const NO_FAULTS: FaultOptions = {};

/**
 * - not-json, no-event-data: the ingress answers 400;
 * - wrong-signature, unsigned: 401 (a secret applies to every simulated instance);
 * - poison-payload: a well-formed, correctly signed `message` whose payload no projection can use:
 *   accepted (200), stored, and dead-lettered by the projections.
 */
export type BadPayloadKind = 'not-json' | 'no-event-data' | 'wrong-signature' | 'unsigned' | 'poison-payload';
const BAD_KINDS: readonly BadPayloadKind[] = ['not-json', 'no-event-data', 'wrong-signature', 'unsigned', 'poison-payload'];

export type SignatureMode = 'valid' | 'wrong' | 'none';

/** One POST to the webhook endpoint, with the answer the ingress must give. */
export interface Delivery {
  instanceId: string;
  body: Buffer;
  signature: SignatureMode;
  expectedStatus: 200 | 400 | 401;
  /** The event type, `duplicate:<type>` or `bad:<kind>` — what the run's statistics count by. */
  label: string;
  /** The event delivered, when it is one. */
  event?: SimulatedEvent;
}

export interface DeliveryPlanOptions {
  /** Keep the first event first and the last event last (logged_in … initial_sync_finished). */
  anchorEnds?: boolean;
}

/**
 * Turns events (in the order WSAPI received them) into deliveries with the requested faults.
 * Seeded by its own stream, so the same seed gives the same plan and changing fault rates never
 * changes the account's content.
 */
export function planDeliveries(events: SimulatedEvent[], faults: FaultOptions, seed: number, options: DeliveryPlanOptions = {}): Delivery[] {
  const random = randomFor(seed, 'faults', events[0]?.instanceId ?? '');
  const window = Math.max(1, faults.reorderWindow ?? 20);
  const keyed: { key: number; delivery: Delivery }[] = [];
  events.forEach((event, index) => {
    const anchored = options.anchorEnds === true && (index === 0 || index === events.length - 1);
    const delivery = eventDelivery(event, event.eventType);
    const late = !anchored && random.chance(faults.reorderRate ?? 0) ? random.between(1, window) + 0.5 : 0;
    keyed.push({ key: anchored ? (index === 0 ? -1 : events.length + window) : index + late, delivery });
    if (random.chance(faults.duplicateRate ?? 0)) {
      const key = (anchored && index === 0 ? 0 : index) + random.between(1, window) + 0.25 + (anchored && index > 0 ? window + 1 : 0);
      keyed.push({ key, delivery: { ...delivery, label: `duplicate:${event.eventType}` } });
    }
    if (random.chance(faults.badPayloadRate ?? 0)) keyed.push({ key: index + 0.75, delivery: badDelivery(event.instanceId, random.pick(BAD_KINDS), random, event.receivedAt) });
  });
  return keyed.sort((a, b) => a.key - b.key).map(({ delivery }) => delivery);
}

export function eventDelivery(event: SimulatedEvent, label = event.eventType): Delivery {
  return { instanceId: event.instanceId, body: Buffer.from(JSON.stringify(event)), signature: 'valid', expectedStatus: 200, label, event };
}

/** A bad delivery for the instance, stamped like the event it follows. */
export function badDelivery(instanceId: string, kind: BadPayloadKind, random: SimulationRandom, receivedAt: string): Delivery {
  const envelope = (eventData: unknown) => ({ eventId: `evt_bad_${random.hex(12).toLowerCase()}`, instanceId, receivedAt, eventType: 'message', eventData });
  const label = `bad:${kind}`;
  switch (kind) {
    case 'not-json':
      return { instanceId, body: Buffer.from(`{"instanceId":"${instanceId}","eventType":"message","eventData":{"id":`), signature: 'valid', expectedStatus: 400, label };
    case 'no-event-data': {
      const { eventData: _dropped, ...rest } = envelope({});
      return { instanceId, body: Buffer.from(JSON.stringify(rest)), signature: 'valid', expectedStatus: 400, label };
    }
    case 'wrong-signature':
      return { instanceId, body: Buffer.from(JSON.stringify(envelope({ id: messageId(random) }))), signature: 'wrong', expectedStatus: 401, label };
    case 'unsigned':
      return { instanceId, body: Buffer.from(JSON.stringify(envelope({ id: messageId(random) }))), signature: 'none', expectedStatus: 401, label };
    case 'poison-payload':
      // No chatId, sender or time: neither the messages nor the chats projection can place it.
      return { instanceId, body: Buffer.from(JSON.stringify(envelope({ id: messageId(random), type: 'text', text: 'poison' }))), signature: 'valid', expectedStatus: 200, label };
  }
}
