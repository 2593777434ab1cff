// Products of the open business: server-side search, sort and paging in a virtualised table.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context.js';
import { call } from '../../app/backend.js';
import { Screen, WithBusiness } from '../../components/Screen.js';
import { SearchBox } from '../../components/SearchBox.js';
import { VirtualTable, type Column } from '../../components/VirtualTable.js';
import { useFormat } from '../../i18n/format.js';
import type { ProductView } from '../../../src-shared/ipc/models.js';
import { EntityForm, filled, type EntityField } from '../hand/EntityForm.js';
import { useAnnouncer } from '../../components/Announcer.js';
import { taxRateLabel } from '../../i18n/tax-category.js';

type ProductSort = 'name' | 'sku' | 'price' | 'createdAt';

export function ProductsScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const app = useApp();
  // The command palette opens this screen searching for a product, or with the new-product form.
  const [search, setSearch] = useState(app.route.params?.search ?? '');
  const [editing, setEditing] = useState<ProductView | 'new' | undefined>(app.route.params?.mode === 'new' ? 'new' : undefined);
  const [version, setVersion] = useState(0);
  const { notify } = useAnnouncer();
  const fields: EntityField[] = [
    { key: 'name', label: t('products.name'), required: true },
    { key: 'sku', label: t('products.sku'), ltr: true },
    { key: 'hsn', label: t('products.hsn'), ltr: true, inputMode: 'decimal' },
    { key: 'price', label: t('products.price'), ltr: true, inputMode: 'decimal', required: true },
    { key: 'taxRate', label: t('hand.taxRateOrCategory'), ltr: true },
    { key: 'unit', label: t('hand.unit') },
    { key: 'description', label: t('hand.description'), multiline: true },
  ];
  const initialOf = (p: ProductView | 'new'): Record<string, string> => (p === 'new' ? {} : {
    name: p.name, sku: p.sku ?? '', hsn: p.hsn ?? '', price: p.price, taxRate: p.taxCategory === 'standard' ? p.taxRate : p.taxCategory, unit: p.unit ?? '', description: p.description ?? '',
  });
  const columns: Column<ProductView>[] = [
    { id: 'sku', header: t('products.sku'), width: 'minmax(100px, 0.8fr)', sortKey: 'sku', render: (p) => <span className="mono" dir="ltr">{p.sku ?? '—'}</span> },
    { id: 'name', header: t('products.name'), width: 'minmax(200px, 2.4fr)', sortKey: 'name', render: (p) => <bdi>{p.name}</bdi> },
    { id: 'hsn', header: t('products.hsn'), width: '100px', render: (p) => <span className="mono" dir="ltr">{p.hsn ?? '—'}</span> },
    { id: 'kind', header: t('products.kind'), width: '100px', render: (p) => (p.kind === 'services' ? t('products.services') : t('products.goods')) },
    { id: 'rate', header: t('products.taxRate'), width: '90px', numeric: true, render: (p) => taxRateLabel(t, f.rate, p) },
    { id: 'price', header: t('products.price'), width: 'minmax(120px, 1fr)', numeric: true, sortKey: 'price', render: (p) => f.money(p.price, p.currency) },
  ];
  return (
    <Screen
      testId="products"
      title={t('products.title')}
      subtitle={t('products.subtitle')}
      actions={
        <>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('hand.addProduct')}
          </button>
          <button type="button" onClick={() => app.navigate('import', { kind: 'products' })} title="Ctrl+I" aria-keyshortcuts="Control+I">
            {t('products.import')} <kbd dir="ltr">Ctrl+I</kbd>
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
                testId="product"
                fields={fields}
                initial={initialOf(editing)}
                submitLabel={editing === 'new' ? t('hand.addProduct') : t('hand.saveChanges')}
                onCancel={() => setEditing(undefined)}
                onSubmit={async (values) => {
                  const product = filled(values);
                  const saved = editing === 'new'
                    ? await call('products.create', { businessId: business.id, product: product as { name: string; price: string } })
                    : await call('products.update', { businessId: business.id, product: { ...Object.fromEntries(fields.map((f) => [f.key, values[f.key]?.trim() ?? ''])), id: editing.id } });
                  notify(t('hand.saved', { name: saved.name }));
                  setEditing(undefined);
                  setVersion((v) => v + 1);
                }}
                extra={editing !== 'new' ? (
                  <button type="button" onClick={() => void call('products.update', { businessId: business.id, product: { id: editing.id, archived: true } }).then(() => { notify(t('hand.archived', { name: editing.name })); setEditing(undefined); setVersion((v) => v + 1); })}>
                    {t('hand.archive')}
                  </button>
                ) : null}
              />
            ) : null}
            <div className="filters">
              <SearchBox id="product-search" label={t('products.search')} onSearch={setSearch} initial={app.route.params?.search} />
            </div>
            <VirtualTable<ProductView>
              label={t('products.tableLabel', { name: business.name })}
              columns={columns}
              queryKey={`${business.id}|${search}|${version}`}
              rowKey={(p) => p.id}
              onOpen={(p) => setEditing(p)}
              initialSort={{ key: 'name', dir: 'asc' }}
              fetchPage={(offset, limit, sort, dir) =>
                call('products.list', { businessId: business.id, search: search || undefined, sort: sort as ProductSort | undefined, dir, offset, limit })
              }
              emptyTitle={search ? t('common.noMatches') : t('products.empty')}
              emptyHint={search ? undefined : t('products.emptyHint')}
            />
          </>
        )}
      </WithBusiness>
    </Screen>
  );
}
