export * from './roles.ts';
export * from './org.ts';
export * from './people.ts';
export * from './password.ts';
export * from './api.ts';
export * from './messages/index.ts';
export * from './validation.ts';
export * from './lists.ts';
