import { Initial1795420800000 } from './1795420800000-initial';

/** In order; never rewrite one that has landed, add a new one. */
export const MIGRATIONS = [Initial1795420800000];
