// Customers of the open business: the catalogue screen given the customers' fields, columns and calls.
import { useTranslation } from 'react-i18next';
import { call } from '../../app/backend.js';
import { useFormat } from '../../i18n/format.js';
import { gstStateLabel } from '../../i18n/gst-state-names.js';
import type { CustomerView } from '../../../src-shared/ipc/models.js';
import { filled, type EntityField } from '../hand/EntityForm.js';
import { allFields, CatalogueScreen, type Catalogue } from './CatalogueScreen.js';

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

/** A customer's country named in the UI language ("البحرين", not "BH"); the code when the runtime cannot name it. */
function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function CustomersScreen() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const catalogue: Catalogue<CustomerView> = {
    kind: 'customers',
    one: 'customer',
    text: {
      title: t('customers.title'), subtitle: t('customers.subtitle'), add: t('hand.addCustomer'), import: t('customers.import'), search: t('customers.search'),
      tableLabel: (name) => t('customers.tableLabel', { name }), empty: t('customers.empty'), emptyHint: t('customers.emptyHint'),
    },
    fields: CUSTOMER_FIELDS(t),
    columns: [
      { id: 'name', header: t('customers.name'), width: 'minmax(180px, 2fr)', sortKey: 'name', render: (c) => <bdi>{c.name}</bdi> },
      { id: 'taxId', header: t('customers.taxId'), width: 'minmax(140px, 1fr)', sortKey: 'taxId', render: (c) => <span className="mono" dir="ltr">{c.taxId ?? '—'}</span> },
      { id: 'state', header: t('customers.state'), width: 'minmax(120px, 1fr)', render: (c) => (c.stateCode ? <span title={c.stateCode}>{gstStateLabel(t, c.stateCode) ?? c.stateCode}</span> : c.countryCode ? <span title={c.countryCode}>{countryName(c.countryCode, i18n.language)}</span> : '—') },
      { id: 'email', header: t('customers.email'), width: 'minmax(160px, 1.4fr)', render: (c) => <span dir="ltr">{c.email ?? '—'}</span> },
      { id: 'phone', header: t('customers.phone'), width: 'minmax(120px, 1fr)', render: (c) => <span dir="ltr">{c.phone ?? '—'}</span> },
      { id: 'createdAt', header: t('customers.added'), width: '130px', sortKey: 'createdAt', render: (c) => f.date(c.createdAt) },
    ],
    initialOf: (c) => ({
      name: c.name, taxId: c.taxId ?? '', state: c.stateCode ?? '', country: c.countryCode ?? '', address: c.address, email: c.email ?? '', phone: c.phone ?? '',
    }),
    list: (businessId, q) => call('customers.list', { businessId, ...q, sort: q.sort as CustomerSort | undefined }),
    create: (businessId, values) => call('customers.create', { businessId, customer: filled(values) as { name: string } }),
    update: (businessId, id, values) => call('customers.update', { businessId, customer: { ...allFields(catalogue.fields, values), id } }),
    archive: (businessId, id) => call('customers.update', { businessId, customer: { id, archived: true } }),
  };
  return <CatalogueScreen catalogue={catalogue} />;
}
