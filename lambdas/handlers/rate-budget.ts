/**
 * The OAuth client's request budget, split among the batches that run at once. Each ExportBatch Lambda
 * logs in with its own token, and the pacer of each sees only its own token's limit; Genesys Cloud also
 * limits what one OAuth client sends across its tokens, and says so only with 429s. The state machine
 * tells Plan the budget and the Map's concurrency; every round's batches carry their share.
 */
import type { BatchDescriptor } from '../engine/model.ts';

export interface RateBudget {
  /** Requests per minute the OAuth client may send, all its tokens together. */
  readonly clientRequestsPerMinute: number;
  /** Batches the Map runs at once (its MaxConcurrency). */
  readonly parallelBatches: number;
}

/**
 * Of the budget, what the batches share: the rest leaves room for the pacer's burst of up to two
 * requests per batch and for windows that do not line up with the server's.
 */
export const BUDGET_USED = 0.95;

/** Requests per minute each of `batchCount` batches may send, or undefined without a budget. */
export function batchShare(budget: RateBudget | undefined, batchCount: number): number | undefined {
  if (!budget || batchCount <= 0) return undefined;
  const atOnce = Math.max(1, Math.min(budget.parallelBatches, batchCount));
  return Math.max(1, Math.floor((budget.clientRequestsPerMinute * BUDGET_USED) / atOnce));
}

/** The round's batches, each with its share of the budget (unchanged without one). */
export function withShares(batches: BatchDescriptor[], budget: RateBudget | undefined): BatchDescriptor[] {
  const share = batchShare(budget, batches.length);
  return share === undefined ? batches : batches.map((b) => ({ ...b, requestsPerMinute: share }));
}
