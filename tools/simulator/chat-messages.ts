import { Chat, identityOf, Person, SimulatedAccount } from './account';
import { messageId } from './identifiers';
import { randomFor, SimulationRandom } from './seeded-random';
import { CAPTIONS, LINKS, TEXTS } from './vocabulary';

/** A `message` payload (shared/wsapi/README.md §3.2) as WSAPI sends it, live or inside a history chunk. */
export type MessagePayload = Record<string, unknown> & { id: string; chatId: string; time: string };

const DAY = 86_400_000;
/** How far back the history WSAPI caches at pairing reaches. */
const HISTORY_WINDOW_MS = 90 * DAY;

/**
 * A chat's history (what flush-history delivers), oldest first. Generated on demand from the
 * chat's own seed, so a million-message account never has to sit in memory at once.
 */
export function historyMessages(account: SimulatedAccount, chat: Chat): MessagePayload[] {
  const random = randomFor(account.seed, 'history', chat.index);
  const writer = new MessageWriter(account, chat, random);
  const span = HISTORY_WINDOW_MS * (0.2 + 0.8 * random.next());
  const step = span / Math.max(1, chat.historyCount);
  return Array.from({ length: chat.historyCount }, (_, n) => writer.next(account.startAt - span + n * step + random.next() * step * 0.9));
}

/** The chat's live messages, at fractions of the live phase (0 = logged_in, 1 = initial_sync_finished). */
export function liveMessages(account: SimulatedAccount, chat: Chat): { at: number; message: MessagePayload }[] {
  const random = randomFor(account.seed, 'live', chat.index);
  const writer = new MessageWriter(account, chat, random);
  const fractions = Array.from({ length: chat.liveCount }, () => random.next()).sort((a, b) => a - b);
  // Payload times are placeholders until the timeline knows the phase's length (see liveTimeline).
  return fractions.map((at) => ({ at, message: writer.next(account.startAt) }));
}

/** Writes one chat's messages in order, so replies point at earlier messages of the same chat. */
export class MessageWriter {
  private readonly recent: MessagePayload[] = [];
  private readonly thumbnails: string[];

  constructor(
    private readonly account: SimulatedAccount,
    private readonly chat: Chat,
    private readonly random: SimulationRandom,
  ) {
    this.thumbnails = thumbnailPool(account.seed);
  }

  next(timeMs: number): MessagePayload {
    const random = this.random;
    const fromMe = random.chance(this.chat.group ? 0.2 : 0.45);
    const message: MessagePayload = {
      id: messageId(random),
      time: new Date(Math.floor(timeMs)).toISOString(),
      chatId: this.chat.id,
      sender: { ...this.senderIdentity(fromMe), isMe: fromMe },
      isGroup: this.chat.group !== undefined,
      isStatus: false,
      ...this.content(),
    };
    if (random.chance(0.04)) message.isForwarded = true;
    const replied = this.recent.length > 0 && random.chance(0.08) ? random.pick(this.recent) : undefined;
    if (replied) message.replyTo = { id: replied.id, sender: replied.sender, text: typeof replied.text === 'string' ? replied.text : undefined };
    if (this.chat.group && random.chance(0.06)) message.mentions = [identityOf(random.pick(this.chat.group.members).person).id];
    this.recent.push(message);
    if (this.recent.length > 20) this.recent.shift();
    return message;
  }

  private senderIdentity(fromMe: boolean): { id: string; lid?: string; phone?: string } {
    if (fromMe) return identityOf(this.account.self, false);
    const group = this.chat.group;
    if (!group) return identityOf(this.chat.person!, false);
    const others = group.members.filter((member) => member.person.index >= 0);
    const author: Person = others.length > 0 ? this.random.pick(others).person : this.account.self;
    return identityOf(author, group.lidAddressed || author.lidOnly);
  }

  private content(): Record<string, unknown> {
    const random = this.random;
    const kind = random.weighted([['text', 78], ['media', 17], ['link', 3], ['contact', 2]] as const);
    if (kind === 'text') return { type: 'text', text: random.pick(TEXTS) };
    if (kind === 'link') {
      const link = random.pick(LINKS);
      return { type: 'text', text: `Have a look: ${link.matchedText}`, extendedText: { ...link, jpegThumbnail: random.pick(this.thumbnails) } };
    }
    if (kind === 'contact') {
      const person = random.pick(this.account.people);
      return { type: 'contact', contact: `BEGIN:VCARD\nVERSION:3.0\nFN:${person.fullName}\nTEL;type=CELL;waid=${person.phone}:+${person.phone}\nEND:VCARD` };
    }
    return { type: 'media', media: this.media() };
  }

  private media(): Record<string, unknown> {
    const random = this.random;
    const token = `H4sI${random.hex(24)}`;
    const mediaType = random.weighted([['image', 45], ['voice', 20], ['video', 10], ['document', 10], ['sticker', 10], ['audio', 5]] as const);
    switch (mediaType) {
      case 'image':
      case 'video': {
        const media: Record<string, unknown> = {
          mediaType,
          mimeType: mediaType === 'image' ? 'image/jpeg' : 'video/mp4',
          id: token,
          fileLength: random.between(20_000, mediaType === 'image' ? 400_000 : 9_000_000),
          caption: random.pick(CAPTIONS),
          width: 1280,
          height: random.pick([720, 960, 1706]),
        };
        if (mediaType === 'video') media.duration = random.between(2, 120);
        // WhatsApp sends a small preview with most images and videos (the read model strips it).
        if (random.chance(0.6)) media.jpegThumbnail = random.pick(this.thumbnails);
        return media;
      }
      case 'voice':
      case 'audio':
        return { mediaType, mimeType: mediaType === 'voice' ? 'audio/ogg; codecs=opus' : 'audio/mpeg', id: token, fileLength: random.between(4_000, 900_000), duration: random.between(1, 240) };
      case 'document':
        return { mediaType, mimeType: 'application/pdf', id: token, fileLength: random.between(30_000, 3_000_000), filename: `${random.pick(['agenda', 'invoice', 'slides', 'ticket'])}.pdf`, pageCount: random.between(1, 40) };
      case 'sticker':
        return { mediaType, mimeType: 'image/webp', id: token, fileLength: random.between(8_000, 60_000), width: 512, height: 512 };
    }
  }
}

const thumbnailPools = new Map<number, string[]>();

/** A few base64 JPEG-ish previews (0.6–1.5 kB) per account, shared by its messages. */
function thumbnailPool(seed: number): string[] {
  let pool = thumbnailPools.get(seed);
  if (!pool) {
    const random = randomFor(seed, 'thumbnails');
    pool = Array.from({ length: 6 }, () => {
      const bytes = Buffer.alloc(random.between(450, 1100));
      bytes.writeUInt32BE(0xffd8ffe0, 0); // JPEG/JFIF magic
      for (let i = 4; i < bytes.length; i += 1) bytes[i] = random.int(256);
      return bytes.toString('base64');
    });
    if (thumbnailPools.size > 64) thumbnailPools.clear();
    thumbnailPools.set(seed, pool);
  }
  return pool;
}
