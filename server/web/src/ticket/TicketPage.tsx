// /tickets/KEY: the ticket on a page of its own, with a way to its board.
import type { Api } from '../api/client';
import type { Project } from '../api/types';
import { Link } from '../app/Link';
import { navigate, pagePath } from '../app/route';
import { TicketPanel } from './TicketPanel';

export function TicketPage({ api, ticketKey, projects }: { api: Api; ticketKey: string; projects: Project[] }) {
  const projectKey = ticketKey.includes('-') ? ticketKey.slice(0, ticketKey.lastIndexOf('-')) : null;
  const project = projects.find((p) => p.key === projectKey);
  const board = project ? pagePath({ name: 'board', project: project.key }) : '/';
  return (
    <div className="ticket-page">
      <p>
        <Link to={board + (project ? `?ticket=${encodeURIComponent(ticketKey)}` : '')}>{project ? `Show on the ${project.key} board` : 'All projects'}</Link>
      </p>
      <TicketPanel api={api} ticketKey={ticketKey} onClose={() => navigate(board)} />
    </div>
  );
}
