/** What the log documents say about a table row's place in its chain. */
export type Claim =
  /** The documents hold this very entry (same hash), not claimed by another row before. */
  | 'found'
  /** The documents hold no entry at that place: the row was added to the table. */
  | 'absent'
  /** The documents hold another entry there: the row was changed and its chain re-hashed. */
  | 'differs'
  /** Another row already claimed this entry: the table holds it twice. */
  | 'claimedTwice'
  /** The documents themselves hold two different entries at that place. */
  | 'conflict';
