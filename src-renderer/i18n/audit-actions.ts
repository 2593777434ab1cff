// Audit log actions ("invoice.void", "customers.update") said in the UI language: the thing and
// what happened to it. A code this list does not know is shown as it is, never hidden.
import type { TFunction } from 'i18next';
import { k } from './keys.js';

const SUBJECTS: Record<string, string> = {
  business: k('audit.subjects.business'), customer: k('audit.subjects.customer'), product: k('audit.subjects.product'), invoice: k('audit.subjects.invoice'),
  batch: k('audit.subjects.batch'), backup: k('audit.subjects.backup'), export: k('audit.subjects.export'), series: k('audit.subjects.series'),
  settings: k('audit.subjects.settings'), sync: k('audit.subjects.sync'), pdf: k('audit.subjects.pdf'), catalogue: k('audit.subjects.catalogue'),
  numbering: k('audit.subjects.numbering'), import: k('audit.subjects.import'), credit_note: k('audit.subjects.creditNote'),
};

const VERBS: Record<string, string> = {
  create: k('audit.verbs.create'), update: k('audit.verbs.update'), archive: k('audit.verbs.archive'), issue: k('audit.verbs.issue'), void: k('audit.verbs.void'),
  credit_note: k('audit.verbs.creditNote'), draft_save: k('audit.verbs.draftSave'), draft_create: k('audit.verbs.draftSave'), draft_update: k('audit.verbs.draftUpdate'), draft_discard: k('audit.verbs.draftDiscard'), irn: k('audit.verbs.irn'),
  pdf: k('audit.verbs.pdf'), start: k('audit.verbs.start'), finish: k('audit.verbs.finish'), resume: k('audit.verbs.resume'), retry: k('audit.verbs.retry'),
  restore: k('audit.verbs.restore'), seed: k('audit.verbs.seed'), skip: k('audit.verbs.skip'), lease: k('audit.verbs.lease'), connect: k('audit.verbs.connect'),
  pull: k('audit.verbs.pull'), push: k('audit.verbs.push'), set: k('audit.verbs.set'), reset: k('audit.verbs.reset'), commit: k('audit.verbs.commit'),
};

function subjectKey(raw: string): string | undefined {
  return SUBJECTS[raw] ?? SUBJECTS[raw.replace(/s$/, '')] ?? SUBJECTS[raw.replace(/es$/, '')];
}

/** The kind of record an entry is about ("invoice", "customer") in the UI language. */
export function auditEntityLabel(t: TFunction, entity: string): string {
  const key = subjectKey(entity);
  return key ? t(key) : entity;
}

export function auditActionLabel(t: TFunction, code: string): string {
  const [rawSubject = '', ...rest] = code.split('.');
  // "customers.update" (IPC method names) and "customer.update" are the same thing.
  const subject = subjectKey(rawSubject);
  const verb = VERBS[rest[rest.length - 1] ?? ''];
  return subject && verb ? t(k('audit.actionLabel'), { subject: t(subject), verb: t(verb) }) : code;
}
