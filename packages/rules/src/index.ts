export * from './levels'; // R1
export * from './validity'; // R4 raw counts and their invariants
export * from './quorum'; // R3
export * from './base'; // R4
export * from './percent'; // R4 display
export * from './thresholds'; // R5
export * from './rulebooks'; // R6, R7, R11 data
export * from './assessment'; // R4–R7 together
export * from './binding-vote'; // R8
export * from './exclusions'; // R9
export * from './timing'; // R10
export * from './places'; // R11
