// The kanban board of one project, live.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Api } from '../api/client';
import type { Card, Column } from '../api/types';
import { ErrorNotice } from '../app/ErrorNotice';
import { setParams, useLocation } from '../app/route';
import { useLiveProject } from '../live/useLiveProject';
import { TicketPanel } from '../ticket/TicketPanel';
import { ActivityFeed } from './ActivityFeed';
import { BoardColumn } from './BoardColumn';
import { FilterBar } from './FilterBar';
import { filtersOf, isFiltering, matches } from './filters';
import { MoveMenu } from './MoveMenu';
import { BoardStore } from './store';

interface Props {
  api: Api;
  project: string;
  onUnauthorized(): void;
}

export function BoardPage({ api, project, onUnauthorized }: Props) {
  const store = useMemo(() => new BoardStore(api, project), [api, project]);
  useEffect(() => () => store.dispose(), [store]);
  useLiveProject(api, project, store, onUnauthorized);
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const { params } = useLocation();
  const filters = filtersOf(params);
  const filtering = isFiltering(filters);
  const selected = params.get('ticket');

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const [dropColumn, setDropColumn] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ card: Card; anchor: DOMRect } | null>(null);
  const refocus = useRef(false);
  const boardRef = useRef<HTMLDivElement>(null);

  const view = state.view;
  const columns: Column[] = view?.columns ?? [];
  const visible = useMemo(
    () => columns.map((c) => (filtering ? c.tickets.filter((t) => matches(t, filters)) : c.tickets)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [columns, filtering, filters.priority, filters.phase, filters.agent, filters.q],
  );
  const where = useMemo(() => {
    const m = new Map<string, { column: number; index: number; card: Card }>();
    visible.forEach((cards, column) => cards.forEach((card, index) => m.set(card.id, { column, index, card })));
    return m;
  }, [visible]);
  const keep = useMemo(() => new Set([focusedId, draggingId].filter((x): x is string => x !== null)), [focusedId, draggingId]);

  // Focus follows the card through moves and re-renders (it returns to the card after a move).
  useEffect(() => {
    if (!refocus.current || !focusedId) return;
    const el = boardRef.current?.querySelector<HTMLElement>(`[data-ticket-id="${CSS.escape(focusedId)}"]`);
    if (el && document.activeElement !== el) el.focus({ preventScroll: false });
  });

  const move = useCallback(
    (card: Card, toColumn: string, force = false) => {
      refocus.current = refocus.current || !!document.activeElement?.closest('[data-ticket-id]');
      void store.move(card, toColumn, force);
    },
    [store],
  );

  const focusCard = (id: string) => {
    refocus.current = true;
    setFocusedId(id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-ticket-id]');
    if (!el || (e.target as HTMLElement).closest('button, input, select, textarea')) return;
    const at = where.get(el.dataset.ticketId!);
    if (!at) return;
    const key = e.key;
    const horizontal = key === 'ArrowLeft' || key === 'ArrowRight' || key === 'h' || key === 'l';
    const step = key === 'ArrowLeft' || key === 'h' || key === 'ArrowUp' || key === 'k' ? -1 : 1;
    if (e.altKey && (key === 'ArrowLeft' || key === 'ArrowRight')) {
      const target = columns[at.column + step];
      if (target) move(at.card, target.id);
    } else if (e.altKey || e.ctrlKey || e.metaKey) {
      return;
    } else if (key === 'ArrowUp' || key === 'ArrowDown' || key === 'j' || key === 'k') {
      const next = visible[at.column][at.index + step];
      if (next) focusCard(next.id);
    } else if (horizontal) {
      for (let c = at.column + step; c >= 0 && c < columns.length; c += step) {
        const cards = visible[c];
        if (cards.length) {
          focusCard(cards[Math.min(at.index, cards.length - 1)].id);
          break;
        }
      }
    } else if (key === 'Enter') {
      setParams({ ticket: at.card.key });
    } else if (key === 'm') {
      setMenu({ card: at.card, anchor: el.getBoundingClientRect() });
    } else {
      return;
    }
    e.preventDefault();
  };

  if (state.loading && !view) return <p className="page-status" role="status">Loading the board of {project}…</p>;
  if (state.error && !view) return <ErrorNotice error={state.error} what={`the board of ${project}`} onRetry={() => void store.load()} />;
  if (!view) return null;

  const refusal = state.refusal;
  const forceable = refusal && ['WIP_LIMIT_EXCEEDED', 'INVALID_TRANSITION', 'APPROVAL_REQUIRED', 'PHASE_GATE_UNMET'].includes(refusal.error.code);
  const refusedCard = refusal ? where.get(refusal.ticketId)?.card : undefined;

  return (
    <div className="board-page">
      <FilterBar filters={filters} columns={columns} />
      {refusal && (
        <div className="refusal" role="alert" data-error-code={refusal.error.code}>
          <p>
            <strong>
              {refusal.ticketKey} was not moved to {store.columnName(refusal.toColumn)}.
            </strong>{' '}
            {refusal.error.message} <code>{refusal.error.code}</code>
          </p>
          <div className="refusal-actions">
            {forceable && refusedCard && (
              <button type="button" className="danger" onClick={() => move(refusedCard, refusal.toColumn, true)}>
                Force the move
              </button>
            )}
            <button type="button" onClick={() => store.dismissRefusal()}>
              Dismiss
            </button>
          </div>
        </div>
      )}
      {state.error && <ErrorNotice error={state.error} what="the latest board" onRetry={() => void store.load()} compact />}
      <div className="board" ref={boardRef} onKeyDown={onKeyDown} onFocus={(e) => {
        const id = (e.target as HTMLElement).dataset?.ticketId;
        if (id) setFocusedId(id);
      }}>
        {columns.map((column, i) => (
          <BoardColumn
            key={column.id}
            column={column}
            cards={visible[i]}
            filtered={filtering}
            pendingIds={state.pending}
            keepRendered={keep}
            dropTarget={dropColumn === column.id}
            onDropCard={(columnId, ticketId) => {
              const at = where.get(ticketId);
              setDraggingId(null);
              if (at && columns[at.column].id !== columnId) move(at.card, columnId);
            }}
            onDragOverColumn={setDropColumn}
            onOpenMenu={(card, anchor) => setMenu({ card, anchor: anchor.getBoundingClientRect() })}
            onDragStart={(card) => setDraggingId(card.id)}
            onDragEnd={() => {
              setDraggingId(null);
              setDropColumn(null);
            }}
            scrollToIndex={focusedId && where.get(focusedId)?.column === i ? where.get(focusedId)!.index : null}
          />
        ))}
      </div>
      {menu && (
        <MoveMenu
          card={menu.card}
          columns={columns}
          currentColumn={columns[where.get(menu.card.id)?.column ?? -1]?.id ?? ''}
          anchor={menu.anchor}
          onChoose={(columnId) => {
            setMenu(null);
            focusCard(menu.card.id);
            move(menu.card, columnId);
          }}
          onClose={() => {
            setMenu(null);
            focusCard(menu.card.id);
          }}
        />
      )}
      <div className="sr-only" aria-live="polite" data-announcement>
        {state.announcement}
      </div>
      <ActivityFeed events={state.activity} />
      {selected && <TicketPanel api={api} ticketKey={selected} onClose={() => setParams({ ticket: null })} />}
    </div>
  );
}
