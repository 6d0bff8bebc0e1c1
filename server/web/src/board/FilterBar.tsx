// Priority, phase, agent and text filters; every one lives in the URL, one action clears them.
import { useEffect, useRef, useState } from 'react';
import type { Column } from '../api/types';
import { setParams } from '../app/route';
import { FILTER_KEYS, isFiltering, type BoardFilters } from './filters';
import { PRIORITIES, phaseName, priorityName, shortId } from '../app/words';

export function FilterBar({ filters, columns }: { filters: BoardFilters; columns: Column[] }) {
  const [text, setText] = useState(filters.q);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(filters.q), [filters.q]);
  // Typing updates the URL after a short pause, not on every key.
  useEffect(() => {
    if (text === filters.q) return;
    const t = setTimeout(() => setParams({ q: text }), 150);
    return () => clearTimeout(t);
  }, [text, filters.q]);
  useEffect(() => {
    const focus = () => input.current?.focus();
    window.addEventListener('dagboard:focus-filter', focus);
    return () => window.removeEventListener('dagboard:focus-filter', focus);
  }, []);
  const phases = [...new Set(columns.flatMap((c) => c.phase_mapping))];
  const agents = [...new Set(columns.flatMap((c) => c.tickets.flatMap((t) => t.agent_ids)))].sort();
  const select = (key: keyof BoardFilters, label: string, options: [string, string][]) => (
    <label className="filter">
      <span>{label}</span>
      <select name={key} value={filters[key]} onChange={(e) => setParams({ [key]: e.target.value })}>
        <option value="">Any</option>
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="filters" role="search" aria-label="Filter the board" onSubmit={(e) => e.preventDefault()}>
      <label className="filter filter-text">
        <span>Find</span>
        <input ref={input} name="q" type="search" placeholder="Key or title  ( / )" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {select('priority', 'Priority', PRIORITIES.map((p) => [p, priorityName(p)]))}
      {select('phase', 'Phase', phases.map((p) => [p, phaseName(p)]))}
      {select('agent', 'Agent', agents.map((a) => [a, shortId(a)]))}
      {isFiltering(filters) && (
        <button type="button" className="link" onClick={() => setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}>
          Clear filters
        </button>
      )}
    </form>
  );
}
