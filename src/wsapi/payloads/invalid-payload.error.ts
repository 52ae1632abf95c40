import { CodedError } from '../../errors/coded-error';

export type InvalidPayloadCode = 'PAYLOAD_INVALID';

/**
 * A WSAPI payload that does not have the shape shared/wsapi/README.md gives it. Whoever reads
 * the event decides what that means (a projection sends it to the dead-letter topic).
 */
export class InvalidPayloadError extends CodedError<InvalidPayloadCode> {
  constructor(message: string) {
    super('PAYLOAD_INVALID', message);
  }
}
