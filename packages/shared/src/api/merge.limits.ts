// Without zod, so that a page can read the limits without loading the schemas.

export const MERGE_MIN_RECORDS = 2
export const MERGE_MAX_RECORDS = 5
/** An unmerge is possible for this many days after the merge. */
export const UNMERGE_DAYS = 30
