// What the GST workspace's methods return: the GSTR-1 summary of a return period beside the sales
// register's totals, the documents the IRP would refuse and why, the files written, and the outcome
// of bringing the IRP's answer back. Amounts are decimal strings with 2 decimals (rupees).
import { Type, type Static } from '@sinclair/typebox';

const Amount = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });

/** A return period as the GSTN writes it: MMYYYY. */
export const ReturnPeriod = Type.String({ pattern: '^(0[1-9]|1[0-2])\\d{4}$', title: 'Return period (MMYYYY)' });

export const Gstr1Section = Type.Union(['b2b', 'b2cl', 'b2cs', 'exp', 'cdnr', 'cdnur', 'nil'].map((s) => Type.Literal(s)));

export const Gstr1SectionView = Type.Object({
  section: Gstr1Section,
  documents: Type.Integer({ minimum: 0 }),
  taxable: Amount,
  igst: Amount,
  cgst: Amount,
  sgst: Amount,
  cess: Amount,
  exempt: Type.Optional(Amount),
  nilRated: Type.Optional(Amount),
  nonGst: Type.Optional(Amount),
}, { additionalProperties: false });

export const GstWorkspaceView = Type.Object({
  gstin: Type.String(),
  period: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  sections: Type.Array(Gstr1SectionView),
  /** GSTR-1's own totals, net of credit notes, voided documents left out. */
  totals: Type.Object({ documents: Type.Integer(), voided: Type.Integer(), taxable: Amount, nonTaxable: Amount, tax: Amount, invoiceValue: Amount }, { additionalProperties: false }),
  /** The sales register's totals for the same dates (register.xlsx's counting). */
  register: Type.Object({ documents: Type.Integer(), voided: Type.Integer(), creditNotes: Type.Integer(), taxable: Amount, nonTaxable: Amount, tax: Amount, invoiceValue: Amount }, { additionalProperties: false }),
  checks: Type.Array(Type.Object({
    name: Type.Union([Type.Literal('documents'), Type.Literal('voided'), Type.Literal('taxable'), Type.Literal('nonTaxable'), Type.Literal('tax'), Type.Literal('invoiceValue')]),
    gstr1: Type.String(),
    register: Type.String(),
    equal: Type.Boolean(),
  }, { additionalProperties: false })),
  einvoice: Type.Object({
    ready: Type.Integer({ minimum: 0 }),
    notApplicable: Type.Integer({ minimum: 0 }),
    /** Already registered on the IRP (an IRN attached, not cancelled). */
    registered: Type.Integer({ minimum: 0 }),
    blocked: Type.Array(Type.Object({
      id: Type.String(),
      number: Type.String(),
      customerId: Type.Union([Type.String(), Type.Null()]),
      customerName: Type.String(),
      /** The e-invoice fields missing, each "Field.Path (what to fill)". */
      missing: Type.Array(Type.String()),
      reason: Type.String(),
    }, { additionalProperties: false })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });
export type GstWorkspaceView = Static<typeof GstWorkspaceView>;

/** A filing file written: where, its size and hash; its bytes only over the browser preview. */
export const GstFileView = Type.Object({
  path: Type.String(),
  fileName: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** Documents in the file (e-invoice: those ready; GSTR-1: those reported). */
  documents: Type.Integer({ minimum: 0 }),
  /** e-invoice: documents left out because a mandatory field is missing. */
  refused: Type.Integer({ minimum: 0 }),
  base64: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type GstFileView = Static<typeof GstFileView>;

export const IrnImportView = Type.Object({
  entries: Type.Integer({ minimum: 0 }),
  attached: Type.Array(Type.Object({ invoiceId: Type.String(), number: Type.String(), irn: Type.String() }, { additionalProperties: false })),
  alreadyAttached: Type.Array(Type.Object({ number: Type.String(), irn: Type.String() }, { additionalProperties: false })),
  refused: Type.Array(Type.Object({ entry: Type.Integer({ minimum: 1 }), number: Type.Optional(Type.String()), reason: Type.String() }, { additionalProperties: false })),
}, { additionalProperties: false });
export type IrnImportView = Static<typeof IrnImportView>;
