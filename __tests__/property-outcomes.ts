/**
 * Counts what the subject of a property accepted and what it refused. A property that only checks what
 * was accepted passes for a parser that refuses everything; `expectBoth` makes it fail then (and for one
 * that accepts everything), by asking for a share of each among the runs.
 */
export interface PropertyOutcomes {
  accepted(): void;
  refused(): void;
  /** Both kinds at least `minimumShare` of all runs (e.g. 0.05 for one in twenty). */
  expectBoth(minimumShare: number): void;
}

export function propertyOutcomes(): PropertyOutcomes {
  let accepted = 0;
  let refused = 0;
  return {
    accepted: () => void (accepted += 1),
    refused: () => void (refused += 1),
    expectBoth(minimumShare) {
      const total = accepted + refused;
      if (accepted < total * minimumShare || refused < total * minimumShare) {
        throw new Error(
          `expected at least ${minimumShare * 100}% of the runs accepted and as many refused; ` +
            `${accepted} accepted, ${refused} refused of ${total}`,
        );
      }
    },
  };
}
