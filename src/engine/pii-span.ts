/** The kinds of likely identifying data findPii() reports, and the span the finders collect. */

export type PiiKind =
  | 'naam'
  | 'bsn'
  | 'telefoon'
  | 'email'
  | 'geboortedatum'
  | 'postcode-huisnummer'
  | 'sociale-media'
  | 'leerlingnummer';

export interface PiiHit {
  kind: PiiKind;
  /** the matched text, for telling the user what was found */
  match: string;
}

export interface Span {
  kind: PiiKind;
  start: number;
  end: number;
}

