// The project's latest events as they arrive, newest first (each once, whatever reconnects).
import { useState } from 'react';
import type { DagEvent } from '../api/types';

export function ActivityFeed({ events }: { events: DagEvent[] }) {
  const [open, setOpen] = useState(false);
  return (
    <aside className={'activity' + (open ? ' activity-open' : '')} aria-label="Recent activity">
      <button type="button" className="activity-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Activity {events.length > 0 && <span className="count">{events.length}</span>}
      </button>
      {open && (
        <ol className="activity-list">
          {events.length === 0 && <li className="muted">Nothing has happened since the page opened.</li>}
          {events.map((e) => (
            <li key={e.id} data-event-id={e.id}>
              <span className="event-type">{e.event_type}</span> <span className="muted">#{e.id}</span>
              <br />
              <span className="muted">
                {describe(e)} · {new Date(e.created_at).toLocaleTimeString()}
                {e.actor ? ` · ${e.actor}` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

function describe(e: DagEvent): string {
  const key = typeof e.payload.key === 'string' ? e.payload.key : e.entity_id.slice(0, 8);
  if (e.event_type === 'BOARD_TICKET_MOVED') return `${key}: ${e.payload.from_column} → ${e.payload.to_column}`;
  return `${e.entity_type} ${key}`;
}
