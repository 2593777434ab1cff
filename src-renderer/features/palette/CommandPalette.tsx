// The command palette (Ctrl+K): one field that finds any invoice (by number or customer), customer,
// product or screen, and starts "new invoice", "new customer", "import". Keyboard only: arrows move,
// Enter opens, Esc closes. A combobox over a listbox (WAI-ARIA 1.2), focus stays in the field and
// aria-activedescendant names the active option. Searches go through the list handlers the
// screens already use (invoices.list, customers.list, products.list): no second search in the UI.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { useFormat } from '../../i18n/format.js';
import { k } from '../../i18n/keys.js';
import { foundEntries, staticEntries, type EntryKind, type Found, type PaletteEntry } from './entries.js';

const EMPTY: Found = { invoices: [], customers: [], products: [] };
const KIND_LABEL: Record<EntryKind, string> = {
  action: k('palette.kindAction'), screen: k('palette.kindScreen'), invoice: k('palette.kindInvoice'), customer: k('palette.kindCustomer'), product: k('palette.kindProduct'),
};

/** Invoices whose number holds the query, plus the invoices of the first customers it names. */
async function search(businessId: string, query: string): Promise<Found> {
  const [byNumber, customers, products] = await Promise.all([
    call('invoices.list', { businessId, number: query, sort: 'issueDate', dir: 'desc', limit: 5 }),
    call('customers.list', { businessId, search: query, limit: 5 }),
    call('products.list', { businessId, search: query, limit: 5 }),
  ]);
  const ofCustomers = await Promise.all(
    customers.items.slice(0, 2).map((c) => call('invoices.list', { businessId, customerId: c.id, sort: 'issueDate', dir: 'desc', limit: 3 })),
  );
  return { invoices: [...byNumber.items, ...ofCustomers.flatMap((p) => p.items)], customers: customers.items, products: products.items };
}

function useFound(businessId: string | undefined, query: string): Found {
  const [found, setFound] = useState<Found>(EMPTY);
  useEffect(() => {
    const q = query.trim();
    if (!businessId || !q) {
      setFound(EMPTY);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      search(businessId, q).then((f) => live && setFound(f), () => live && setFound(EMPTY));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [businessId, query]);
  return found;
}

/**
 * `openRequest` counts the times the palette was asked to open (Ctrl+K, the toolbar button): a
 * count, not a boolean, because the dialog can close on its own (Esc) while the app still holds
 * "open", and the next request must open it again.
 */
export function CommandPalette({ openRequest }: { openRequest: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const ref = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = useFound(open ? app.business?.id : undefined, query);
  const entries = useMemo<PaletteEntry[]>(
    () => [...staticEntries(query, t), ...foundEntries(found, f.money, t('palette.draft'), f.date)],
    [query, t, found, f.money, f.date],
  );

  // A layout effect: its state updates render before the browser handles the next key, so keys
  // typed right after Ctrl+K land in the emptied field, not after the last query ("zzzzimport").
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!openRequest || !dialog || dialog.open) return;
    setQuery('');
    setActive(0);
    dialog.showModal();
    setOpen(true);
  }, [openRequest]);
  const close = () => {
    setOpen(false);
    if (ref.current?.open) ref.current.close();
  };
  // The close event is queued after the dialog closes, and input can run before it: if the palette
  // was opened again meanwhile, the event is stale and must not shut it.
  const onDialogClose = () => {
    if (!ref.current?.open) setOpen(false);
  };
  useEffect(() => setActive(0), [query, found]);
  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const choose = (entry: PaletteEntry | undefined) => {
    if (!entry) return;
    close();
    app.navigate(entry.screen, entry.params);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const last = entries.length - 1;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && last >= 0) {
      e.preventDefault();
      if (e.key === 'ArrowDown') setActive(active >= last ? 0 : active + 1);
      else setActive(active <= 0 ? last : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(entries[active]);
    }
  };

  const status = query.trim() && entries.length === 0 ? t('palette.nothing') : '';
  return (
    <dialog ref={ref} className="palette" aria-label={t('palette.title')} onClose={onDialogClose} data-testid="palette">
      <input
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={entries.length ? `${listId}-${active}` : undefined}
        aria-label={t('palette.title')}
        placeholder={t('palette.placeholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
        spellCheck={false}
        autoComplete="off"
        data-testid="palette-input"
      />
      <ul id={listId} role="listbox" aria-label={t('palette.results')} className="palette-list">
        {entries.map((entry, i) => (
          <li
            key={entry.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className="palette-option"
            data-kind={entry.kind}
            onMouseMove={() => setActive(i)}
            onClick={() => choose(entry)}
          >
            <span className="palette-kind">{t(KIND_LABEL[entry.kind])}</span>
            <span className="palette-label">
              <bdi>{entry.label}</bdi>
              {entry.detail ? <span className="palette-detail"><bdi>{entry.detail}</bdi></span> : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="palette-status" role="status">{status}</p>
      <p className="hint palette-keys">{t('palette.keys')}</p>
    </dialog>
  );
}
