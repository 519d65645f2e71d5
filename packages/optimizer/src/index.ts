/** @wf/optimizer: the public API. */
export type { Candidate } from './selection/Candidate.js';
export { protocolCandidates } from './selection/protocolCandidates.js';
export { EmptySpaceError } from './selection/EmptySpaceError.js';
export { objectiveValue, isBetterObjective } from './selection/objectiveValue.js';
export { selectOnSegment } from './selection/selectOnSegment.js';
export type { SegmentSelection, SelectOnSegmentOptions } from './selection/selectOnSegment.js';
