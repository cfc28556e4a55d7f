export { enqueueForwarding, matchesTarget } from './enqueue';
export { backoffMs, claimDue, listDeadLetters, markDone, markFailed, MAX_ATTEMPTS, retryDeadLetters } from './outbox';
export { createTarget, deleteTarget, getTarget, listTargets, retryTarget, setTargetDisabled, updateTarget, type PublicTarget, type TargetInput } from './targets';
export { forwardDue, startForwardWorker, type ForwardWorker } from './worker';
