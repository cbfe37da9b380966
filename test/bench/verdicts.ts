/**
 * The bench's verdict on each target: met, or not met with the measured reason and the next lever, printed
 * beside the figures so a run says by itself where the tool stands (issue: speed against the peers).
 */

/** A target line: "target ... : met" or "target ... : NOT MET (reason) -> next lever: ...". */
export function verdictLine(target: string, met: boolean, reason: string, nextLever: string): string {
  return met ? `  target ${target}: met` : `  target ${target}: NOT MET. Measured reason: ${reason}. Next lever: ${nextLever}.`;
}
