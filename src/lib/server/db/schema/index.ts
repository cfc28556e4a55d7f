export * from './orgs';
export * from './auth';
export * from './audit';
export * from './settings';
export * from './mail';
export * from './tokens';
export * from './invitations';
