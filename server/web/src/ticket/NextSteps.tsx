// Where the workflow lets the ticket go next (its phase's allowed transitions), as columns to
// move it to. A refusal shows the server's message, with force as a deliberate second step.
import { useEffect, useState } from 'react';
import { ApiError, type Api } from '../api/client';
import type { Ticket } from '../api/types';

interface Workflow {
  phases: { id: string; name: string; allowed_transitions: string[] }[];
  columns: { id: string; name: string; phase_mapping: string[] }[];
}

export function NextSteps({ api, ticket, onMoved }: { api: Api; ticket: Ticket; onMoved(): void }) {
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [refused, setRefused] = useState<{ column: string; error: ApiError } | null>(null);
  useEffect(() => {
    api.get<Workflow>(`/projects/${encodeURIComponent(ticket.project_id)}/workflow`).then(setWorkflow, () => setWorkflow(null));
  }, [api, ticket.project_id]);
  if (!workflow) return null;
  const phase = workflow.phases.find((p) => p.id === ticket.phase_id);
  const columns = workflow.columns.filter(
    (c) => c.phase_mapping.some((p) => phase?.allowed_transitions.includes(p)) && !c.phase_mapping.includes(ticket.phase_id),
  );
  const move = async (column: string, force: boolean) => {
    try {
      await api.post('/board/move', { ticket_id: ticket.id, target_column_id: column, force });
      setRefused(null);
      onMoved();
    } catch (e) {
      setRefused({ column, error: e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)) });
    }
  };
  return (
    <section aria-label="Allowed next steps" className="next-steps">
      <h3>Next</h3>
      {columns.length === 0 && <p className="muted">The workflow allows no move from here.</p>}
      {columns.map((c) => (
        <button key={c.id} type="button" data-move-to={c.id} onClick={() => void move(c.id, false)}>
          Move to {c.name}
        </button>
      ))}
      {refused && (
        <p className="error-text" role="alert" data-error-code={refused.error.code}>
          {refused.error.message} <code>{refused.error.code}</code>{' '}
          <button type="button" className="danger" onClick={() => void move(refused.column, true)}>
            Force the move
          </button>
        </p>
      )}
    </section>
  );
}
