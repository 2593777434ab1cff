// Products of the open business: the catalogue screen given the products' fields, columns and calls.
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useFormat } from '../../i18n/format.js';
import { taxRateLabel } from '../../i18n/tax-category.js';
import type { ProductView } from '../../../src-shared/ipc/models.js';
import { filled } from '../hand/EntityForm.js';
import { allFields, CatalogueScreen, type Catalogue } from './CatalogueScreen.js';

type ProductSort = 'name' | 'sku' | 'price' | 'createdAt';

export function ProductsScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const catalogue: Catalogue<ProductView> = {
    kind: 'products',
    one: 'product',
    text: {
      title: t('products.title'), subtitle: t('products.subtitle'), add: t('hand.addProduct'), import: t('products.import'), search: t('products.search'),
      tableLabel: (name) => t('products.tableLabel', { name }), empty: t('products.empty'), emptyHint: t('products.emptyHint'),
    },
    fields: [
      { key: 'name', label: t('products.name'), required: true },
      { key: 'sku', label: t('products.sku'), ltr: true },
      { key: 'hsn', label: t('products.hsn'), ltr: true, inputMode: 'decimal' },
      { key: 'price', label: t('products.price'), ltr: true, inputMode: 'decimal', required: true },
      { key: 'taxRate', label: t('hand.taxRateOrCategory'), ltr: true },
      { key: 'unit', label: t('hand.unit') },
      { key: 'description', label: t('hand.description'), multiline: true },
    ],
    columns: [
      { id: 'sku', header: t('products.sku'), width: 'minmax(100px, 0.8fr)', sortKey: 'sku', render: (p) => <span className="mono" dir="ltr">{p.sku ?? '—'}</span> },
      { id: 'name', header: t('products.name'), width: 'minmax(200px, 2.4fr)', sortKey: 'name', render: (p) => <bdi>{p.name}</bdi> },
      { id: 'hsn', header: t('products.hsn'), width: '100px', render: (p) => <span className="mono" dir="ltr">{p.hsn ?? '—'}</span> },
      { id: 'kind', header: t('products.kind'), width: '100px', render: (p) => (p.kind === 'services' ? t('products.services') : t('products.goods')) },
      { id: 'rate', header: t('products.taxRate'), width: '130px', numeric: true, render: (p) => taxRateLabel(t, f.rate, p) },
      { id: 'price', header: t('products.price'), width: 'minmax(120px, 1fr)', numeric: true, sortKey: 'price', render: (p) => f.money(p.price, p.currency) },
    ],
    initialOf: (p) => ({
      name: p.name, sku: p.sku ?? '', hsn: p.hsn ?? '', price: p.price, taxRate: p.taxCategory === 'standard' ? p.taxRate : p.taxCategory, unit: p.unit ?? '', description: p.description ?? '',
    }),
    list: (businessId, q) => call('products.list', { businessId, ...q, sort: q.sort as ProductSort | undefined }),
    create: (businessId, values) => call('products.create', { businessId, product: filled(values) as { name: string; price: string } }),
    update: (businessId, id, values) => call('products.update', { businessId, product: { ...allFields(catalogue.fields, values), id } }),
    archive: (businessId, id) => call('products.update', { businessId, product: { id, archived: true } }),
  };
  return <CatalogueScreen catalogue={catalogue} />;
}
