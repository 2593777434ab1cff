// Row types of the tables the migrations create, as the repositories read them. Keep in step with the SQL;
// tests/integration/db/schema-types.test.ts checks every column named here exists.
//
// Money columns (`*_minor`, INTEGER minor units) are `bigint`: written with toMinorUnits and read
// with moneyRows/moneyRow (db/query.ts), so an amount never passes through a JS number.

export interface BusinessRow {
  id: string; name: string; legal_name: string | null; address: string; city: string | null; postal_code: string | null;
  state_code: string | null; country_code: string; tax_regime: string; tax_id: string | null; currency: string;
  fiscal_year_start_month: number; email: string | null; phone: string | null; logo: string | null; signature: string | null;
  signatory_name: string | null; tax_settings: string; sandbox: number; specimen_mark: number; default_series_id: string | null;
  /** The default series of bills of supply (migration 0008); null: they share the invoice series. */
  bill_of_supply_series_id?: string | null;
  created_at: string; updated_at: string;
  /** 0002_hand_entry */
  archived_at?: string | null; bank_details?: string | null;
}
export interface CustomerRow {
  id: string; business_id: string; name: string; name_key: string; tax_id: string | null; state_code: string | null;
  country_code: string | null; address: string; email: string | null; phone: string | null; created_at: string; updated_at: string;
  archived_at?: string | null;
}
export interface ProductRow {
  id: string; business_id: string; sku: string | null; name: string; name_key: string; description: string | null; hsn: string | null;
  unit: string | null; kind: 'goods' | 'services'; price_minor: bigint; currency: string; tax_rate: string; tax_category: string;
  cess_rate: string; created_at: string; updated_at: string;
  archived_at?: string | null;
}
export interface SeriesRow { id: string; business_id: string; code: string; format: string; document_kind: 'invoice' | 'credit_note' | 'debit_note'; created_at: string }
export interface SeriesCounterRow { business_id: string; series_id: string; fiscal_year: string; last_seq: number }
export type BatchStatus = 'running' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';
export interface BatchRow {
  id: string; business_id: string; source: 'orders' | 'simulation' | 'manual'; config: string; status: BatchStatus; trace_id: string;
  requested: number; created_count: number; failed_count: number; started_at: string; finished_at: string | null;
  duration_ms: number | null; error: string | null;
  /** The process running the batch (pid, host) and its last sign of life; a running batch whose owner is gone is stale. */
  owner_pid: number | null; owner_host: string | null; heartbeat_at: string | null;
  already_invoiced_count: number;
}
export type InvoiceStatus = 'draft' | 'issued' | 'void';
export interface InvoiceRow {
  id: string; business_id: string; kind: string; status: InvoiceStatus; series_id: string | null; fiscal_year: string | null;
  seq: number | null; number: string | null; issue_date: string; supply_date: string | null; customer_id: string | null;
  customer_snapshot: string; place_of_supply: string | null; supply_type: 'regular' | 'sez' | 'export'; reverse_charge: number;
  prices_include_tax: number; currency: string; taxable_minor: bigint; tax_minor: bigint; round_off_minor: bigint; total_minor: bigint;
  tax_result: string; original_invoice_id: string | null; batch_id: string | null; trace_id: string | null;
  generation_metadata: string | null; /** Delivery address JSON (migration 0008). */ ship_to?: string | null; retry_count: number; last_error: string | null; pdf_sha256: string | null;
  pdf_bytes: number | null; void_reason: string | null; voided_at: string | null; issued_at: string | null;
  created_at: string; updated_at: string;
}
export interface InvoiceLineRow {
  id: string; invoice_id: string; business_id: string; position: number; product_id: string | null; description: string;
  hsn: string | null; unit: string | null; quantity: string; unit_price: string; discount_minor: bigint; taxable_minor: bigint;
  tax_rate: string; tax_category: string; components: string; tax_minor: bigint; total_minor: bigint;
}
export interface BatchItemRow {
  id: string; batch_id: string; business_id: string; position: number; source_ref: string; status: 'pending' | 'issued' | 'failed';
  invoice_id: string | null; payload: string; retry_count: number; last_error: string | null; updated_at: string;
}
export interface ImportRow {
  id: string; business_id: string; kind: 'products' | 'customers' | 'orders'; file_name: string; file_sha256: string; sheet: string | null;
  mapping: string; rows_valid: number; rows_invalid: number; created_count: number; updated_count: number; created_at: string;
}
export interface OrderRow {
  id: string; business_id: string; import_id: string | null; row_number: number; order_ref: string | null; order_date: string;
  customer_name: string | null; customer_tax_id: string | null; customer_state: string | null; customer_country: string | null;
  customer_address: string | null; ship_to_name: string | null; ship_to_address: string | null; ship_to_state: string | null;
  product_ref: string; quantity: string; unit_price: string | null; status: 'pending' | 'invoiced';
  invoice_id: string | null; created_at: string;
}
export interface ExportRow {
  id: string; business_id: string; batch_id: string | null; path: string; sha256: string; bytes: number; invoice_count: number;
  trace_id: string | null; created_at: string;
}
export interface AuditRow {
  seq: number; id: string; at: string; business_id: string | null; actor: string; action: string; entity: string;
  entity_id: string | null; trace_id: string | null; details: string; prev_hash: string; hash: string;
}
export interface OutboxRow {
  seq: number; id: string; business_id: string | null; entity: string; entity_id: string; op: 'insert' | 'update' | 'delete';
  payload: string; created_at: string; attempts: number; last_error: string | null; synced_at: string | null;
  device_id: string | null; tx: number | null;
}
export interface SettingRow { key: string; value: string; updated_at: string }
/** The one invoice of an order id in a business (an order is invoiced at most once). */
export interface OrderInvoiceRow { business_id: string; order_id: string; invoice_id: string; batch_id: string | null; created_at: string }

/** Numbers a series skipped on purpose (after a restore: taken on this machine after the backup). */
export interface NumberingSkipRow {
  id: string; business_id: string; series_id: string; fiscal_year: string; from_seq: number; to_seq: number; reason: string; created_at: string;
}
/** migrations/0003_sync.sql: this device's sync bookkeeping (one row). */
export interface SyncStateRow {
  id: number; device_id: string; seat_role: string | null; server: string | null; connected_at: string | null; pull_cursor: string; audit_cursor: number;
  last_attempt_at: string | null; last_success_at: string | null; last_error: string | null; last_error_at: string | null; consecutive_failures: number; next_attempt_at: string | null;
}
export interface SyncErrorRow { id: number; outbox_seq: number; business_id: string | null; entity: string; entity_id: string; op: string; code: string; reason: string; at: string }
export interface SyncConflictRow {
  id: number; business_id: string | null; entity: string; entity_id: string; losing_version: number; losing_device: string; losing_data: string;
  winning_version: number; winning_device: string; server_id: string | null; at: string;
}
export interface SyncVersionRow { entity: string; entity_id: string; version: number; device_id: string }
/** migrations/0006_business_pdf_settings.sql, table_tags 0013_pdf_table_tags.sql */
export interface BusinessPdfSettingsRow { business_id: string; template_path: string | null; template_checked_at: string | null; pdf_a: number; updated_at: string; table_tags: number }
/** migrations/0007_einvoice_irn.sql */
export interface EinvoiceRegistrationRow {
  invoice_id: string; business_id: string; irn: string; ack_no: string; ack_date: string; signed_qr_code: string; registered_at: string; cancelled_at: string | null; cancel_reason: string | null;
}

export interface DB {
  businesses: BusinessRow; customers: CustomerRow; products: ProductRow; series: SeriesRow; series_counters: SeriesCounterRow;
  batches: BatchRow; invoices: InvoiceRow; invoice_lines: InvoiceLineRow; batch_items: BatchItemRow; imports: ImportRow;
  orders: OrderRow; exports: ExportRow; audit_log: AuditRow; outbox: OutboxRow; settings: SettingRow;
  order_invoices: OrderInvoiceRow; numbering_skips: NumberingSkipRow; sync_state: SyncStateRow; sync_errors: SyncErrorRow;
  sync_conflicts: SyncConflictRow; sync_versions: SyncVersionRow; business_pdf_settings: BusinessPdfSettingsRow; einvoice_registrations: EinvoiceRegistrationRow;
}
