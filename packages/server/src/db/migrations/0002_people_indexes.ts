/**
 * People list: each sortable column has an index that also carries the tie-breakers, so a page
 * is an index walk with LIMIT instead of a sort of every person in scope.
 */
export const up = `
CREATE INDEX people_post_sort_idx ON people (post, name, id);
CREATE INDEX people_org_sort_idx ON people (org_path, sort_order, name, id);
`;
