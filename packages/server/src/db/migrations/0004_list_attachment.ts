/** The work points issued together with the list (印发时附《工作要点》): marked on the source document. */
export const up = `
ALTER TABLE source_documents ADD COLUMN attached boolean NOT NULL DEFAULT false;
`;
