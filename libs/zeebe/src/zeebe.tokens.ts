export const ZEEBE_CLIENT = Symbol('ZEEBE_CLIENT');
