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

type CustomerSort = 'name' | 'taxId' | 'createdAt';

export function CustomersScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  const [search, setSearch] = useState('');
  const columns: Column<CustomerView>[] = [
    { id: 'name', header: t('customers.name'), width: 'minmax(180px, 2fr)', sortKey: 'name', render: (c) => c.name },
    { id: 'taxId', header: t('customers.taxId'), width: 'minmax(140px, 1fr)', sortKey: 'taxId', render: (c) => <span className="mono" dir="ltr">{c.taxId ?? '—'}</span> },
    { id: 'state', header: t('customers.state'), width: '90px', render: (c) => c.stateCode ?? c.countryCode ?? '—' },
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
        <button type="button" onClick={() => app.navigate('import', { kind: 'customers' })} title="Ctrl+I" aria-keyshortcuts="Control+I">
          {t('customers.import')} <kbd dir="ltr">Ctrl+I</kbd>
        </button>
      }
    >
      <WithBusiness>
        {(business) => (
          <>
            <div className="filters">
              <SearchBox id="customer-search" label={t('customers.search')} onSearch={setSearch} />
            </div>
            <VirtualTable<CustomerView>
              label={t('customers.tableLabel', { name: business.name })}
              columns={columns}
              queryKey={`${business.id}|${search}`}
              rowKey={(c) => c.id}
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
