// Customers of the open business: server-side search, sort and paging in a virtualised table.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { SearchBox } from '../../components/SearchBox.js';
import { VirtualTable, type Column } from '../../components/VirtualTable.js';
import { useFormat } from '../../i18n/format.js';
import type { CustomerView } from '../../../src-shared/ipc/models.js';
import { EntityForm, filled, type EntityField } from '../hand/EntityForm.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';

export const CUSTOMER_FIELDS = (t: (key: string) => string): EntityField[] => [
  { key: 'name', label: t('customers.name'), required: true },
  { key: 'taxId', label: t('customers.taxId'), ltr: true },
  { key: 'state', label: t('customers.state') },
  { key: 'country', label: t('hand.country'), ltr: true },
  { key: 'address', label: t('hand.address'), multiline: true },
  { key: 'email', label: t('customers.email'), ltr: true, inputMode: 'email' },
  { key: 'phone', label: t('customers.phone'), ltr: true, inputMode: 'tel' },
];

type CustomerSort = 'name' | 'taxId' | 'createdAt';

export function CustomersScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  // Another screen may open this one searching for a customer (the GST workspace's "fix" link).
  const [search, setSearch] = useState(app.route.params?.search ?? '');
  // ...or with its form open for a new customer (the command palette's "New customer").
  const [editing, setEditing] = useState<CustomerView | 'new' | undefined>(app.route.params?.mode === 'new' ? 'new' : undefined);
  const [version, setVersion] = useState(0);
  const { notify } = useAnnouncer();
  const fields = CUSTOMER_FIELDS(t);
  const initialOf = (c: CustomerView | 'new'): Record<string, string> => (c === 'new' ? {} : {
    name: c.name, taxId: c.taxId ?? '', state: c.stateCode ?? '', country: c.countryCode ?? '', address: c.address, email: c.email ?? '', phone: c.phone ?? '',
  });
  const columns: Column<CustomerView>[] = [
    { id: 'name', header: t('customers.name'), width: 'minmax(180px, 2fr)', sortKey: 'name', render: (c) => <bdi>{c.name}</bdi> },
    { id: 'taxId', header: t('customers.taxId'), width: 'minmax(140px, 1fr)', sortKey: 'taxId', render: (c) => <span className="mono" dir="ltr">{c.taxId ?? '—'}</span> },
    { id: 'state', header: t('customers.state'), width: 'minmax(120px, 1fr)', render: (c) => (c.stateCode ? <span title={c.stateCode}>{gstStateLabel(t, c.stateCode) ?? c.stateCode}</span> : (c.countryCode ?? '—')) },
    { id: 'email', header: t('customers.email'), width: 'minmax(160px, 1.4fr)', render: (c) => <span dir="ltr">{c.email ?? '—'}</span> },
    { id: 'phone', header: t('customers.phone'), width: 'minmax(120px, 1fr)', render: (c) => <span dir="ltr">{c.phone ?? '—'}</span> },
    { id: 'createdAt', header: t('customers.added'), width: '130px', sortKey: 'createdAt', render: (c) => f.date(c.createdAt) },
  ];
  return (
    <Screen
      testId="customers"
      title={t('customers.title')}
      subtitle={t('customers.subtitle')}
      actions={
        <>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('hand.addCustomer')}
          </button>
          <button type="button" onClick={() => app.navigate('import', { kind: 'customers' })} title="Ctrl+I" aria-keyshortcuts="Control+I">
            {t('customers.import')} <kbd dir="ltr">Ctrl+I</kbd>
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
                testId="customer"
                fields={fields}
                initial={initialOf(editing)}
                submitLabel={editing === 'new' ? t('hand.addCustomer') : t('hand.saveChanges')}
                onCancel={() => setEditing(undefined)}
                onSubmit={async (values) => {
                  const saved = editing === 'new'
                    ? await call('customers.create', { businessId: business.id, customer: filled(values) as { name: string } })
                    : await call('customers.update', { businessId: business.id, customer: { ...Object.fromEntries(fields.map((f) => [f.key, values[f.key]?.trim() ?? ''])), id: editing.id } });
                  notify(t('hand.saved', { name: saved.name }));
                  setEditing(undefined);
                  setVersion((v) => v + 1);
                }}
                extra={editing !== 'new' ? (
                  <button type="button" onClick={() => void call('customers.update', { businessId: business.id, customer: { id: editing.id, archived: true } }).then(() => { notify(t('hand.archived', { name: editing.name })); setEditing(undefined); setVersion((v) => v + 1); })}>
                    {t('hand.archive')}
                  </button>
                ) : null}
              />
            ) : null}
            <div className="filters">
              <SearchBox id="customer-search" label={t('customers.search')} onSearch={setSearch} initial={app.route.params?.search} />
            </div>
            <VirtualTable<CustomerView>
              label={t('customers.tableLabel', { name: business.name })}
              columns={columns}
              queryKey={`${business.id}|${search}|${version}`}
              rowKey={(c) => c.id}
              onOpen={(c) => setEditing(c)}
              initialSort={{ key: 'name', dir: 'asc' }}
              fetchPage={(offset, limit, sort, dir) =>
                call('customers.list', { businessId: business.id, search: search || undefined, sort: sort as CustomerSort | undefined, dir, offset, limit })
              }
              emptyTitle={search ? t('common.noMatches') : t('customers.empty')}
              emptyHint={search ? undefined : t('customers.emptyHint')}
            />
          </>
        )}
      </WithBusiness>
    </Screen>
  );
}
