/** The parts of WSAPI's event envelope (shared/wsapi/README.md §1) that routing depends on. */
export interface WsapiEnvelope {
  eventId?: string;
  instanceId: string;
  receivedAt?: string;
  eventType: string;
  eventData: Record<string, unknown>;
}

export type EnvelopeParseResult =
  | { ok: true; envelope: WsapiEnvelope }
  | { ok: false; reason: string };

const MAX_ID_LENGTH = 256;

/**
 * Parses and checks an envelope from raw bytes. Only the routing fields are checked here; the
 * payload itself is published unchanged and validated by each projection.
 */
export function parseEnvelope(body: Buffer): EnvelopeParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `body is not valid JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'body must be a JSON object (the WSAPI event envelope)' };
  }
  const candidate = parsed as Record<string, unknown>;
  const problems = [
    checkIdentifier(candidate, 'instanceId', true),
    checkIdentifier(candidate, 'eventType', true),
    checkIdentifier(candidate, 'eventId', false),
    checkOptionalString(candidate, 'receivedAt'),
    isPlainObject(candidate.eventData) ? undefined : 'eventData must be an object',
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return { ok: false, reason: `invalid envelope: ${problems.join('; ')}` };
  return { ok: true, envelope: candidate as unknown as WsapiEnvelope };
}

function checkIdentifier(source: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = source[field];
  if (value === undefined || value === null) return required ? `${field} is required` : undefined;
  if (typeof value !== 'string' || value.trim() === '') return `${field} must be a non-empty string`;
  if (value.length > MAX_ID_LENGTH) return `${field} is longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

function checkOptionalString(source: Record<string, unknown>, field: string): string | undefined {
  const value = source[field];
  return value === undefined || value === null || typeof value === 'string' ? undefined : `${field} must be a string`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
