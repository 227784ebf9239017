/** One item: the sample aggregate the generator starts a service with. */
export interface Item {
  id: string;
  owner_id: string;
  title: string;
  created_at: Date;
}

export interface NewItem {
  id: string;
  owner_id: string;
  title: string;
}

export const MAX_TITLE_LENGTH = 200;

/** A title as stored: trimmed, inner runs of white space folded to one space. */
export function normaliseTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ');
}
