/** The work points issued together with the list (印发时附《工作要点》). */
export const up = `
ALTER TABLE responsibility_lists ADD COLUMN attached_document_id integer REFERENCES source_documents(id);
`;
