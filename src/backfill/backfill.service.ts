import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BackfillOutcomeEventDto } from '../wsapi/payloads/service-events.dto';
import { backfillOutcomeEvent } from './backfill-outcome';
import { BackfillReport, ChatProgress } from './backfill-report';
import { BackfillError, BackfillErrorCode } from './backfill.error';
import { BackfillRepository } from './backfill.repository';
import { ChatState, ChatWalk } from './chat-walk';
import { StartBackfillDto } from './start-backfill.dto';



/** Starting, following and cancelling backfills (the walk itself is BackfillWorker's). */
@Injectable()
export class BackfillService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: BackfillRepository,
  ) {}

  async start(instanceId: string, request: StartBackfillDto): Promise<{ backfillId: string; instanceId: string; chats: number }> {
    if (!(await this.repository.instanceKnown(instanceId))) throw new BackfillError(BackfillErrorCode.InstanceNotFound, `instance ${instanceId} is not known`);
    const running = await this.repository.runningFor(this.config.KAFKA_TOPIC_PREFIX, instanceId);
    if (running) throw new BackfillError(BackfillErrorCode.AlreadyRunning, `backfill ${running} is still running for ${instanceId}; cancel it first`);
    const chatIds = request.chatIds ? [...new Set(request.chatIds)] : await this.repository.chatsWithMessages(instanceId);
    const backfillId = await this.repository.create({
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      instanceId,
      chatIds,
      until: request.until ? new Date(request.until).toISOString() : null,
      maxMessagesPerChat: request.maxMessagesPerChat ?? null,
    });
    return { backfillId, instanceId, chats: chatIds.length };
  }

  async describe(id: string): Promise<BackfillReport & Record<string, unknown>> {
    const backfill = await this.repository.backfill(id);
    if (!backfill) throw new BackfillError(BackfillErrorCode.NotFound, `no backfill ${id}`);
    const chats = (await this.repository.chats(id)).map(progress);
    const totals = chats.reduce((sum, chat) => ({ pages: sum.pages + chat.pages, messages: sum.messages + chat.messages, requests: sum.requests + chat.requests }), { pages: 0, messages: 0, requests: 0 });
    const byState = Object.fromEntries(Object.values(ChatState).map((state) => [state, chats.filter((chat) => chat.state === state).length])) as Record<ChatState, number>;
    return {
      backfillId: String(backfill.id),
      instanceId: String(backfill.instance_id),
      state: String(backfill.state),
      until: backfill.until,
      maxMessagesPerChat: backfill.max_messages_per_chat,
      createdAt: backfill.created_at as Date,
      finishedAt: backfill.finished_at,
      totals: { ...totals, chats: chats.length, ...byState },
      chats,
    };
  }

  async cancel(id: string): Promise<BackfillReport> {
    const cancelled = await this.repository.cancel(id, (walk) => backfillOutcomeEvent(walk, ChatState.Cancelled, outcomeTotals(walk)));
    if (!cancelled) {
      if (!(await this.repository.backfill(id))) throw new BackfillError(BackfillErrorCode.NotFound, `no backfill ${id}`);
      throw new BackfillError(BackfillErrorCode.NotRunning, `backfill ${id} is not running`);
    }
    // The cancelled chats' outcome events are published by the worker's next pass (they are stored rows).
    return this.describe(id);
  }
}

function outcomeTotals(walk: ChatWalk): Pick<BackfillOutcomeEventDto, 'pages' | 'messages' | 'oldestTime' | 'reason'> {
  return { pages: walk.pages, messages: walk.messages, oldestTime: walk.oldestTime, reason: walk.reason };
}

function progress(walk: ChatWalk): ChatProgress {
  return { chatId: walk.chatId, state: walk.state, pages: walk.pages, messages: walk.messages, requests: walk.requests, oldestTimeReached: walk.oldestTime, reason: walk.reason };
}
