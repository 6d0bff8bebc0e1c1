// One ticket on the board: key, title, priority, phase, progress, agents, commits, and why it
// is held (blocked, waiting for approval). Focusable; drag it, or move it from the keyboard.
import { memo } from 'react';
import type { Card } from '../api/types';
import { phaseName, priorityName, shortId } from '../app/words';

interface Props {
  card: Card;
  columnId: string;
  pending: boolean;
  onOpenMenu(card: Card, anchor: HTMLElement): void;
  onDragStart(card: Card): void;
  onDragEnd(): void;
  style?: React.CSSProperties;
}

export const TicketCard = memo(function TicketCard({ card, columnId, pending, onOpenMenu, onDragStart, onDragEnd, style }: Props) {
  const done = card.tasks_total > 0 ? Math.round((100 * card.tasks_completed) / card.tasks_total) : 0;
  const approval = card.approval_status === 'pending_review';
  const labels = [
    card.key,
    card.title,
    `priority ${priorityName(card.priority)}`,
    card.is_blocked ? `blocked: ${card.blocked_reason ?? 'no reason given'}` : '',
    approval ? 'waiting for approval' : '',
  ].filter(Boolean);
  return (
    <article
      className={'card' + (pending ? ' card-pending' : '') + (card.is_blocked ? ' card-blocked' : '')}
      data-ticket-key={card.key}
      data-ticket-id={card.id}
      data-column={columnId}
      tabIndex={0}
      draggable
      aria-label={labels.join(', ')}
      aria-roledescription="ticket card"
      style={style}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(card);
      }}
      onDragEnd={onDragEnd}
    >
      <header className="card-head">
        <span className="card-key">{card.key}</span>
        <span className={`badge priority-${card.priority.toLowerCase()}`}>{priorityName(card.priority)}</span>
        <button
          type="button"
          className="card-menu-button"
          aria-label={`Move ${card.key} to…`}
          title="Move to…"
          tabIndex={-1}
          onClick={(e) => onOpenMenu(card, e.currentTarget)}
        >
          ⋯
        </button>
      </header>
      <p className="card-title">{card.title}</p>
      <div className="card-flags">
        {card.is_blocked && (
          <span className="flag flag-blocked" title="Blocked">
            ⛔ Blocked: {card.blocked_reason ?? 'no reason given'}
          </span>
        )}
        {approval && <span className="flag flag-approval">⏳ Waiting for approval</span>}
        {!card.is_blocked && !approval && <span className="card-phase">{phaseName(card.phase_id)}</span>}
      </div>
      <footer className="card-foot">
        <span className="progress" title={`${card.tasks_completed} of ${card.tasks_total} tasks done`}>
          <span className="progress-bar" aria-hidden="true">
            <span style={{ width: `${done}%` }} />
          </span>
          <span className="progress-text">
            {card.tasks_completed}/{card.tasks_total}
            {card.tasks_stranded > 0 && <span className="stranded"> · {card.tasks_stranded} stranded</span>}
          </span>
        </span>
        {card.agent_ids.length > 0 && (
          <span className="agents" title={card.agent_ids.join(', ')}>
            🤖 {card.agent_ids.length === 1 ? shortId(card.agent_ids[0]) : `${card.agent_ids.length} agents`}
          </span>
        )}
        <span className="commits" title={`${card.commit_count} commits, +${card.insertions} −${card.deletions}`}>
          ⎇ {card.commit_count}
        </span>
      </footer>
    </article>
  );
});
