// Sortable unique ids (UUIDv7) for every row that may sync, and trace ids for batches.
import { v7 as uuidv7 } from 'uuid';

export function newId(): string {
  return uuidv7();
}

/** A trace id follows one operation through log lines, database rows and the export manifest. */
export function newTraceId(): string {
  return uuidv7().replace(/-/g, '');
}
