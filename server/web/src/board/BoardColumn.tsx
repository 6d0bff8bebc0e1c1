// A column: its name, the WIP indicator, and its cards. Long columns are windowed (only the
// cards near the visible part are rendered); the focused and the dragged card always are.
import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { Card, Column } from '../api/types';
import { TicketCard } from './TicketCard';
import { WipIndicator } from './WipIndicator';

export const CARD_PITCH = 120; // px from one card's top to the next (CSS: .card height + gap)
const WINDOW_FROM = 40; // columns with fewer cards render them all
const OVERSCAN = 6;

interface Props {
  column: Column;
  cards: Card[]; // after filters
  filtered: boolean;
  pendingIds: ReadonlySet<string>;
  keepRendered: ReadonlySet<string>; // focused and dragged card ids
  dropTarget: boolean;
  onDropCard(columnId: string, ticketId: string): void;
  onDragOverColumn(columnId: string | null): void;
  onOpenMenu(card: Card, anchor: HTMLElement): void;
  onDragStart(card: Card): void;
  onDragEnd(): void;
  scrollToIndex: number | null;
}

export const BoardColumn = memo(function BoardColumn(p: Props) {
  const body = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ top: 0, height: 800 });
  const windowed = p.cards.length >= WINDOW_FROM;

  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !windowed) return;
    const measure = () => setRange({ top: el.scrollTop, height: el.clientHeight || 800 });
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [windowed]);

  // Keyboard focus moved to a card that is not rendered yet: bring it into view first.
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || p.scrollToIndex === null || !windowed) return;
    const top = p.scrollToIndex * CARD_PITCH;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + CARD_PITCH > el.scrollTop + el.clientHeight) el.scrollTop = top + CARD_PITCH - el.clientHeight;
  }, [p.scrollToIndex, windowed]);

  const renderCard = (card: Card, style?: React.CSSProperties) => (
    <TicketCard
      key={card.id}
      card={card}
      columnId={p.column.id}
      pending={p.pendingIds.has(card.id)}
      onOpenMenu={p.onOpenMenu}
      onDragStart={p.onDragStart}
      onDragEnd={p.onDragEnd}
      style={style}
    />
  );

  let content: React.ReactNode;
  if (!windowed) {
    content = p.cards.map((c) => renderCard(c));
  } else {
    const first = Math.max(0, Math.floor(range.top / CARD_PITCH) - OVERSCAN);
    const last = Math.min(p.cards.length, Math.ceil((range.top + range.height) / CARD_PITCH) + OVERSCAN);
    const shown: React.ReactNode[] = [];
    p.cards.forEach((card, i) => {
      if ((i >= first && i < last) || p.keepRendered.has(card.id))
        shown.push(renderCard(card, { position: 'absolute', top: i * CARD_PITCH, left: 0, right: 0 }));
    });
    content = (
      <div className="column-window" style={{ height: p.cards.length * CARD_PITCH }}>
        {shown}
      </div>
    );
  }

  return (
    <section
      className={'column' + (p.dropTarget ? ' column-drop' : '') + (p.column.wip_exceeded ? ' column-over' : '')}
      data-column-id={p.column.id}
      aria-label={p.column.name}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        p.onDragOverColumn(p.column.id);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) p.onDragOverColumn(null);
      }}
      onDrop={(e) => {
        e.preventDefault();
        const id = e.dataTransfer.getData('text/plain');
        p.onDragOverColumn(null);
        if (id) p.onDropCard(p.column.id, id);
      }}
    >
      <header className="column-head">
        <h2 className="column-name">{p.column.name}</h2>
        <WipIndicator column={p.column} shown={p.filtered ? p.cards.length : null} />
      </header>
      <div className="column-body" ref={body} role="list" aria-label={`${p.column.name} cards`}>
        {content}
        {p.cards.length === 0 && <p className="column-empty">{p.filtered ? 'No card matches the filters' : 'No tickets'}</p>}
      </div>
    </section>
  );
});
