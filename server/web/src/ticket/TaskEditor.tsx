// Creates a task on the ticket, or changes an existing task's dependencies. Nothing is written
// while the chosen dependencies would close a cycle; the server's error shows in words.
import { useState } from 'react';
import { ApiError, type Api } from '../api/client';
import type { Task, Ticket } from '../api/types';
import { PRIORITIES, priorityName } from '../app/words';
import { DependencyPicker } from './DependencyPicker';

interface Props {
  api: Api;
  ticket: Ticket;
  tasks: Task[]; // the project's tasks a dependency may point at
  editing: Task | null; // null: a new task
  onDone(): void;
  onCancel(): void;
}

export function TaskEditor({ api, ticket, tasks, editing, onDone, onCancel }: Props) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState('MEDIUM');
  const [deps, setDeps] = useState<string[]>(editing?.depends_on ?? []);
  const [cycle, setCycle] = useState<string[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      if (editing) await api.put(`/tasks/${editing.id}/dependencies`, { depends_on: deps });
      else await api.post('/tasks', { ticket_id: ticket.id, title, priority, depends_on: deps });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="task-editor"
      aria-label={editing ? `Dependencies of ${editing.title}` : 'New task'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {!editing && (
        <>
          <label>
            Title
            <input name="title" required value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            Priority
            <select name="priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityName(p)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <DependencyPicker api={api} task={editing} candidates={tasks} value={deps} onChange={setDeps} onCycle={setCycle} />
      {error && (
        <p className="error-text" role="alert" data-error-code={error.code}>
          {error.message} <code>{error.code}</code>
        </p>
      )}
      <div className="refusal-actions">
        <button type="submit" disabled={saving || cycle !== null || (!editing && !title.trim())}>
          {editing ? 'Save dependencies' : 'Create task'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
