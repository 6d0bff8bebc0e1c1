// The side panel of one ticket (?ticket=KEY): its fields and its tasks with their dependencies.
import { useEffect, useRef, useState } from 'react';
import { ApiError, type Api } from '../api/client';
import type { Task, Ticket } from '../api/types';
import { ErrorNotice } from '../app/ErrorNotice';
import { phaseName, priorityName } from '../app/words';
import { NextSteps } from './NextSteps';
import { TaskEditor } from './TaskEditor';

interface Loaded {
  ticket: Ticket;
  tasks: Task[]; // the ticket's
  projectTasks: Task[]; // what a dependency may point at
}

export function TicketPanel({ api, ticketKey, onClose }: { api: Api; ticketKey: string; onClose(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    (async () => {
      const ticket = await api.get<Ticket>(`/tickets/${encodeURIComponent(ticketKey)}`, undefined, abort.signal);
      const all = await api.get<{ tasks: Task[] }>('/tasks', { project_id: ticket.project_id, limit: 1000 }, abort.signal);
      setLoaded({ ticket, tasks: all.tasks.filter((t) => t.ticket_id === ticket.id), projectTasks: all.tasks });
    })().catch((e) => {
      if (!abort.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    });
    return () => abort.abort();
  }, [api, ticketKey, attempt]);

  useEffect(() => {
    panel.current?.focus();
  }, [ticketKey]);

  const title = new Map(loaded?.projectTasks.map((t) => [t.id, t.title]));
  return (
    <aside
      className="panel"
      aria-label={`Ticket ${ticketKey}`}
      ref={panel}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="panel-head">
        <h2>{loaded?.ticket.key ?? ticketKey}</h2>
        <button type="button" className="icon" aria-label="Close the ticket panel" onClick={onClose}>
          ✕
        </button>
      </header>
      {error && <ErrorNotice error={error} what={`ticket ${ticketKey}`} onRetry={() => setAttempt(attempt + 1)} />}
      {!loaded && !error && <p role="status">Loading…</p>}
      {loaded && (
        <>
          <h3 className="panel-title">{loaded.ticket.title}</h3>
          <dl className="fields">
            <dt>Status</dt>
            <dd data-field="status">{loaded.ticket.status}</dd>
            <dt>Phase</dt>
            <dd data-field="phase">{phaseName(loaded.ticket.phase_id)}</dd>
            <dt>Priority</dt>
            <dd data-field="priority">{priorityName(loaded.ticket.priority)}</dd>
            <dt>Approval</dt>
            <dd>{loaded.ticket.approval_status.replace('_', ' ')}</dd>
            {loaded.ticket.is_blocked && (
              <>
                <dt>Blocked</dt>
                <dd>{loaded.ticket.blocked_reason ?? 'no reason given'}</dd>
              </>
            )}
          </dl>
          {loaded.ticket.description && <p className="description">{loaded.ticket.description}</p>}
          <NextSteps api={api} ticket={loaded.ticket} onMoved={() => setAttempt(attempt + 1)} />
          <h3>Tasks ({loaded.tasks.length})</h3>
          {loaded.tasks.length === 0 && <p className="muted">No tasks yet.</p>}
          <ul className="task-list">
            {loaded.tasks.map((t) => (
              <li key={t.id} data-task-id={t.id} data-status={t.status}>
                <span className={`status status-${t.status}`}>{t.status}</span> {t.title}
                {t.depends_on.length > 0 && (
                  <span className="muted"> — after {t.depends_on.map((d) => title.get(d) ?? d.slice(0, 8)).join(', ')}</span>
                )}{' '}
                <button type="button" className="link" onClick={() => setEditing(t)}>
                  dependencies…
                </button>
              </li>
            ))}
          </ul>
          {editing ? (
            <TaskEditor
              key={editing === 'new' ? 'new' : editing.id}
              api={api}
              ticket={loaded.ticket}
              tasks={loaded.projectTasks}
              editing={editing === 'new' ? null : editing}
              onDone={() => {
                setEditing(null);
                setAttempt(attempt + 1);
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <button type="button" onClick={() => setEditing('new')}>
              New task…
            </button>
          )}
        </>
      )}
    </aside>
  );
}
