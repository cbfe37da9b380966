/**
 * How a figure stands to the published one, in one field (`mark`) of the chart data's records, so that the
 * picture, the deck chart, the export columns and the narrative mark it the same way: '' for a figure as
 * published; otherwise words every view prints after the figure.
 */

/** The marks of the category charts' figures. */
export const FIGURE_MARK = {
  /** Computed by the tool (e.g. a published total minus the categories reported), not published as such. */
  derived: 'derived',
  /** A sum of the categories reported where the release publishes no port total: not the port total. */
  partialSum: 'partial sum',
  /** Published as approximate (rounded) or as a bound. */
  approximate: 'approximate',
  lowerBound: 'lower bound',
  upperBound: 'upper bound',
} as const;

export type FigureMark = '' | (typeof FIGURE_MARK)[keyof typeof FIGURE_MARK];

/** The mark of a published figure from its qualifier (exact, approximate, lower_bound, upper_bound). */
export function qualifierMark(qualifier: string): FigureMark {
  if (qualifier === 'approximate') return FIGURE_MARK.approximate;
  if (qualifier === 'lower_bound') return FIGURE_MARK.lowerBound;
  if (qualifier === 'upper_bound') return FIGURE_MARK.upperBound;
  return '';
}

/** The one marking every view uses: the figure's text followed by its mark in brackets ("73 (partial sum)"). */
export function markedText(text: string, mark: string): string {
  return mark === '' ? text : `${text} (${mark})`;
}

/** Code and label of the part of a published total its categories do not make up. */
export const REMAINDER = { code: 'not_broken_down', label: 'not broken down' } as const;
