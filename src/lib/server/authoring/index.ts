export * from './access';
export * from './drafts';
export * from './lessons';
export * from './publish';
export { diffFolders, withContext, type FileDiff } from './diff';
export { previewDraft, type Preview } from './preview';
