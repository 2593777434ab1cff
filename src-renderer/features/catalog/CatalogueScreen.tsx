// One catalogue screen for every list of master data (products, customers): server-side search,
// sort and paging in a virtualised table, a form to add or edit a row, archive, and a way to the
// import wizard. What differs between lists is data: a `Catalogue` gives the texts, the form's
// fields, the table's columns and the four contract calls.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { SearchBox } from '../../components/SearchBox.js';
import { VirtualTable, type Column, type PageResult } from '../../components/VirtualTable.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { EntityForm, type EntityField } from '../hand/EntityForm.js';

export interface CatalogueQuery {
  search: string | undefined;
  sort: string | undefined;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface Catalogue<Row extends { id: string; name: string }> {
  /** `products`: the screen's test id, the import wizard's kind. */
  kind: 'products' | 'customers';
  /** `product`: the form's test id and the search box's id prefix. */
  one: string;
  text: { title: string; subtitle: string; add: string; import: string; search: string; tableLabel: (business: string) => string; empty: string; emptyHint: string };
  fields: EntityField[];
  columns: Column<Row>[];
  initialOf: (row: Row) => Record<string, string>;
  list: (businessId: string, query: CatalogueQuery) => Promise<PageResult<Row>>;
  create: (businessId: string, values: Record<string, string>) => Promise<{ name: string }>;
  update: (businessId: string, id: string, values: Record<string, string>) => Promise<{ name: string }>;
  archive: (businessId: string, id: string) => Promise<unknown>;
}

/** Every field of the form, trimmed, empty ones included (an update clears what was emptied). */
export function allFields(fields: EntityField[], values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.key, values[f.key]?.trim() ?? '']));
}

export function CatalogueScreen<Row extends { id: string; name: string }>({ catalogue: c }: { catalogue: Catalogue<Row> }): ReactNode {
  const { t } = useTranslation();
  const app = useApp();
  // Another screen may open this one searching for a row (the command palette, the GST workspace's
  // "fix" link), or with its form open for a new one (the command palette's "New ...").
  const [search, setSearch] = useState(app.route.params?.search ?? '');
  const [editing, setEditing] = useState<Row | 'new' | undefined>(app.route.params?.mode === 'new' ? 'new' : undefined);
  const [version, setVersion] = useState(0);
  const { notify } = useAnnouncer();
  const done = () => {
    setEditing(undefined);
    setVersion((v) => v + 1);
  };
  return (
    <Screen
      testId={c.kind}
      title={c.text.title}
      subtitle={c.text.subtitle}
      actions={
        <>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {c.text.add}
          </button>
          <button type="button" onClick={() => app.navigate('import', { kind: c.kind })} title="Ctrl+I" aria-keyshortcuts="Control+I">
            {c.text.import} <kbd dir="ltr">Ctrl+I</kbd>
          </button>
        </>
      }
    >
      <WithBusiness>
        {(business) => (
          <>
            {editing ? (
              <EntityForm
                key={editing === 'new' ? 'new' : editing.id}
                testId={c.one}
                fields={c.fields}
                initial={editing === 'new' ? {} : c.initialOf(editing)}
                submitLabel={editing === 'new' ? c.text.add : t('hand.saveChanges')}
                onCancel={() => setEditing(undefined)}
                onSubmit={async (values) => {
                  const saved = editing === 'new' ? await c.create(business.id, values) : await c.update(business.id, editing.id, values);
                  notify(t('hand.saved', { name: saved.name }));
                  done();
                }}
                extra={editing !== 'new' ? (
                  <button type="button" onClick={() => void c.archive(business.id, editing.id).then(() => { notify(t('hand.archived', { name: editing.name })); done(); })}>
                    {t('hand.archive')}
                  </button>
                ) : null}
              />
            ) : null}
            <div className="filters">
              <SearchBox id={`${c.one}-search`} label={c.text.search} onSearch={setSearch} initial={app.route.params?.search} />
            </div>
            <VirtualTable<Row>
              label={c.text.tableLabel(business.name)}
              columns={c.columns}
              queryKey={`${business.id}|${search}|${version}`}
              rowKey={(row) => row.id}
              onOpen={(row) => setEditing(row)}
              initialSort={{ key: 'name', dir: 'asc' }}
              fetchPage={(offset, limit, sort, dir) => c.list(business.id, { search: search || undefined, sort, dir, offset, limit })}
              emptyTitle={search ? t('common.noMatches') : c.text.empty}
              emptyHint={search ? undefined : c.text.emptyHint}
            />
          </>
        )}
      </WithBusiness>
    </Screen>
  );
}
