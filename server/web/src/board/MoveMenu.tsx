// "Move to…": the single-pointer and keyboard alternative to dragging (WCAG 2.5.7).
import { useEffect, useRef } from 'react';
import type { Card, Column } from '../api/types';

interface Props {
  card: Card;
  columns: Column[];
  currentColumn: string;
  anchor: DOMRect;
  onChoose(columnId: string): void;
  onClose(): void;
}

export function MoveMenu({ card, columns, currentColumn, anchor, onChoose, onClose }: Props) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? []);
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const top = Math.min(anchor.bottom + 4, window.innerHeight - 40 * columns.length - 60);
  const left = Math.min(anchor.left, window.innerWidth - 240);
  return (
    <div className="menu" role="menu" aria-label={`Move ${card.key} to`} ref={menu} style={{ top: Math.max(8, top), left: Math.max(8, left) }} onKeyDown={onKeyDown}>
      <p className="menu-title">Move {card.key} to…</p>
      {columns.map((c) => (
        <button key={c.id} type="button" role="menuitem" data-move-to={c.id} disabled={c.id === currentColumn} onClick={() => onChoose(c.id)}>
          {c.name}
          {c.wip_limit !== null && (
            <span className="menu-wip">
              {c.current_count} / {c.wip_limit}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
