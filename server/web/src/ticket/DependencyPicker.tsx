// Picks the tasks a task depends on. For an existing task every change is checked with the
// server (POST /tasks/{id}/check-circular) before anything is written, and a cycle is shown
// as the path it would close.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { Task } from '../api/types';

interface Props {
  api: Api;
  task: Task | null; // null while creating a new one (it has no dependents, so no cycle)
  candidates: Task[];
  value: string[];
  onChange(ids: string[]): void;
  onCycle(cycle: string[] | null): void;
}

export function DependencyPicker({ api, task, candidates, value, onChange, onCycle }: Props) {
  const [filter, setFilter] = useState('');
  const [cycle, setCycle] = useState<string[] | null>(null);
  const name = (id: string) => candidates.find((c) => c.id === id)?.title ?? id.slice(0, 8);

  useEffect(() => {
    if (!task) return;
    let live = true;
    api
      .post<{ has_circular_dependency: boolean; cycle: string[] | null }>(`/tasks/${task.id}/check-circular`, { depends_on: value })
      .then((r) => {
        if (!live) return;
        const c = r.has_circular_dependency ? (r.cycle ?? []) : null;
        setCycle(c);
        onCycle(c);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, task?.id, value.join(',')]);

  const shown = candidates.filter((c) => c.id !== task?.id && c.title.toLowerCase().includes(filter.toLowerCase()));
  return (
    <fieldset className="picker">
      <legend>Depends on</legend>
      <input type="search" name="dependency-filter" placeholder="Filter tasks" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ul>
        {shown.map((c) => (
          <li key={c.id}>
            <label>
              <input
                type="checkbox"
                name="depends-on"
                value={c.id}
                checked={value.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))}
              />
              {c.title} <span className={`status status-${c.status}`}>{c.status}</span>
            </label>
          </li>
        ))}
      </ul>
      {cycle && (
        <p className="error-text" role="alert" data-error-code="TASK_DEPENDENCY_CYCLE">
          That would close a cycle: {cycle.map(name).join(' → ')}. <code>TASK_DEPENDENCY_CYCLE</code>
        </p>
      )}
    </fieldset>
  );
}
