// A table that stays fast at 100,000 rows: the server pages (offset/limit), only the visible rows
// are in the DOM (@tanstack/react-virtual), and pages are fetched as they scroll into view.
// Keyboard: the grid is one tab stop; arrows, Page Up/Down, Home/End move the active row, Enter
// opens it. Sorting is done by the server through the column header buttons.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.js';
import { Empty, ErrorState, Loading } from './States.js';

export interface Column<T> {
  id: string;
  header: string;
  /** CSS grid track, e.g. "minmax(160px, 2fr)" or "120px". */
  width: string;
  numeric?: boolean;
  /** Server-side sort key when this column can be sorted. */
  sortKey?: string;
  render: (row: T) => ReactNode;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

export interface VirtualTableProps<T> {
  label: string;
  columns: Column<T>[];
  /** Fetch one page; the table calls it as pages scroll into view. */
  fetchPage: (offset: number, limit: number, sort: string | undefined, dir: 'asc' | 'desc') => Promise<PageResult<T>>;
  /** Changes to this key (filters, search, business) drop every loaded page. */
  queryKey: string;
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  emptyTitle: string;
  emptyHint?: ReactNode;
  height?: number;
}

const PAGE = 200;
const ROW_HEIGHT = 40;

export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { columns, fetchPage, queryKey, rowKey, onOpen, label, emptyTitle, emptyHint } = props;
  const { t } = useTranslation();
  const f = useFormat();
  const [sort, setSort] = useState<{ key: string; dir: 'asc' | 'desc' } | undefined>(props.initialSort);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, T[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useMemo(() => `grid-${Math.random().toString(36).slice(2, 8)}`, []);

  const fullKey = `${queryKey}|${sort?.key ?? ''}|${sort?.dir ?? ''}`;

  const loadPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      const mine = generation.current;
      inflight.current.add(page);
      fetchPage(page * PAGE, PAGE, sort?.key, sort?.dir ?? 'asc').then(
        (result) => {
          if (mine !== generation.current) return;
          inflight.current.delete(page);
          pages.current.set(page, result.items);
          setTotal(result.total);
          setVersion((v) => v + 1);
        },
        (err: unknown) => {
          if (mine !== generation.current) return;
          inflight.current.delete(page);
          setError(err);
        },
      );
    },
    // fetchPage is recreated by callers on each render; fullKey captures what matters.
    [fullKey],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(null);
    setError(null);
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
    loadPage(0);
  }, [fullKey, loadPage]);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (items.length === 0) return;
    const first = Math.floor((items[0]?.index ?? 0) / PAGE);
    const last = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE);
    for (let p = first; p <= last; p++) loadPage(p);
  });

  const rowAt = (index: number): T | undefined => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE];

  const template = columns.map((c) => c.width).join(' ');

  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || count === 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + pageRows),
      PageUp: () => move(active - pageRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        const row = rowAt(active);
        if (row && onOpen) onOpen(row);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const toggleSort = (key: string) => {
    setSort((current) => (current?.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  };

  if (error) return <ErrorState error={error} onRetry={() => { setError(null); generation.current++; pages.current = new Map(); inflight.current = new Set(); loadPage(0); }} />;

  return (
    <div className="table-wrap">
      <div
        ref={scrollRef}
        id={gridId}
        className="vtable-body"
        role="grid"
        aria-label={label}
        aria-rowcount={count + 1}
        aria-colcount={columns.length}
        aria-busy={total === null}
        aria-activedescendant={count > 0 ? `${gridId}-row-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={count > 0 ? { blockSize: props.height ?? 520 } : undefined}
      >
        <div role="rowgroup" style={{ position: 'sticky', insetBlockStart: 0, zIndex: 2 }}>
          <div role="row" aria-rowindex={1} className="vtable-head" style={{ gridTemplateColumns: template }}>
            {columns.map((column) => {
              const sorted = sort?.key === column.sortKey && column.sortKey !== undefined;
              const ariaSort = sorted ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <div role="columnheader" key={column.id} aria-sort={ariaSort} className={column.numeric ? 'num' : undefined}>
                  {column.sortKey ? (
                    <button type="button" className={column.numeric ? 'num' : undefined} onClick={() => toggleSort(column.sortKey as string)} title={t('table.sortBy', { column: column.header })}>
                      {column.header}
                      <span aria-hidden="true">{sorted ? (sort?.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  ) : (
                    column.header
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {count === 0 ? null : (
          <div role="rowgroup" style={{ blockSize: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={row ? rowKey(row) : `loading-${item.index}`}
                  id={`${gridId}-row-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={item.index === active}
                  className={onOpen ? 'vtable-row clickable' : 'vtable-row'}
                  style={{ gridTemplateColumns: template, blockSize: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    setActive(item.index);
                    if (row && onOpen) onOpen(row);
                  }}
                >
                  {columns.map((column) => (
                    <div role="gridcell" key={column.id} className={column.numeric ? 'num' : undefined}>
                      {row ? column.render(row) : column === columns[0] ? t('common.loading') : ''}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {total === null ? <Loading /> : count === 0 ? <Empty title={emptyTitle}>{emptyHint}</Empty> : null}
      <div className="table-foot">
        <span>{total === null ? t('common.loading') : t('table.rows', { count, n: f.number(count) })}</span>
        <span>{t('table.keyboardHint')}</span>
      </div>
    </div>
  );
}
