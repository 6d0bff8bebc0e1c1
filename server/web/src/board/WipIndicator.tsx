// "count / limit" from the server's count (not from the cards drawn); over the limit it says so
// in words and colour, at the limit it says the column is full.
import type { Column } from '../api/types';

export function WipIndicator({ column, shown }: { column: Column; shown: number | null }) {
  const { current_count: count, wip_limit: limit } = column;
  const over = limit !== null && count > limit;
  const full = limit !== null && count === limit;
  const level = over ? 'over' : full ? 'full' : 'ok';
  const words = over ? `over the WIP limit by ${count - (limit ?? 0)}` : full ? 'at the WIP limit' : '';
  return (
    <span className={`wip wip-${level}`} data-wip={level} aria-label={`${count} tickets${limit !== null ? ` of a limit of ${limit}` : ''}${words ? ', ' + words : ''}`}>
      <span className="wip-count" data-count={count}>
        {count}
        {limit !== null && <span className="wip-limit"> / {limit}</span>}
      </span>
      {over && <span className="wip-words">⚠ over limit</span>}
      {full && <span className="wip-words">full</span>}
      {shown !== null && <span className="wip-shown">{shown} shown</span>}
    </span>
  );
}
