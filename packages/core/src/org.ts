import { z } from 'zod';

/** Kinds of organisation node. The committee is the single root. */
export const ORG_KINDS = [
  'committee',
  'department',
  'unit',
  'partyGroup',
  'organCommittee',
  'generalBranch',
  'branch',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  committee: { zh: '工委', en: 'Work committee' },
  department: { zh: '工委部门', en: 'Department' },
  unit: { zh: '单位', en: 'Unit' },
  partyGroup: { zh: '党组(党委)', en: 'Party group' },
  organCommittee: { zh: '机关党委', en: 'Organ party committee' },
  generalBranch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Party branch' },
};

/** Which kinds may sit directly under which. */
export const ALLOWED_PARENTS: Record<OrgKind, readonly OrgKind[]> = {
  committee: [],
  department: ['committee'],
  unit: ['committee'],
  partyGroup: ['unit'],
  organCommittee: ['unit'],
  generalBranch: ['unit', 'organCommittee'],
  branch: ['unit', 'organCommittee', 'generalBranch'],
};

export function canBeChildOf(kind: OrgKind, parentKind: OrgKind): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

/** Kinds that live inside a unit (their unit_id is the unit's id). */
export function isWithinUnit(kind: OrgKind): boolean {
  return kind !== 'committee' && kind !== 'department';
}

export const orgCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'codeFormat' });

export const orgInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  shortName: z.string().trim().max(40).default(''),
  code: orgCodeSchema,
  kind: z.enum(ORG_KINDS),
  levelCode: z.string().trim().max(20).nullable().default(null),
  parentId: z.number().int().positive(),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export type OrgInput = z.infer<typeof orgInputSchema>;

export const orgUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  shortName: z.string().trim().max(40),
  code: orgCodeSchema,
  levelCode: z.string().trim().max(20).nullable(),
  sortOrder: z.number().int().min(0).max(1_000_000),
  version: z.number().int(),
});
export type OrgUpdate = z.infer<typeof orgUpdateSchema>;

export const orgSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  unitId: z.number().int().nullable(),
  kind: z.enum(ORG_KINDS),
  levelCode: z.string().nullable(),
  name: z.string(),
  shortName: z.string(),
  code: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  path: z.string(),
  depth: z.number().int(),
  childCount: z.number().int(),
  version: z.number().int(),
});
export type Org = z.infer<typeof orgSchema>;

/** An organisation with its ancestors' names below the committee root, e.g. "省教育厅 / 机关党委" (search results). */
export const orgWithPathSchema = orgSchema.extend({ pathNames: z.string() });
export type OrgWithPath = z.infer<typeof orgWithPathSchema>;

/** GET /api/orgs/:id: with its ancestors, each saying whether it lies in the caller's scope. */
export const orgDetailSchema = orgWithPathSchema.extend({
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(ORG_KINDS), inScope: z.boolean() })),
});
export type OrgDetail = z.infer<typeof orgDetailSchema>;

/** A responsibility level (责任层级) and the organisation kinds that hold it (GET /api/levels). */
export const levelSchema = z.object({
  code: z.string(),
  scheme: z.string(),
  name: z.string(),
  nameEn: z.string(),
  sortOrder: z.number().int(),
  kinds: z.array(z.enum(ORG_KINDS)),
});
export type Level = z.infer<typeof levelSchema>;

/** The fields of an organisation as its form sends them (the create adds parent and kind; the edit, version). */
export type OrgFields = Pick<OrgUpdate, 'name' | 'shortName' | 'code' | 'levelCode' | 'sortOrder'>;

/** The default responsibility-level scheme: three levels. Stored as data; other schemes are rows. */
export const DEFAULT_LEVELS = [
  { code: 'L1', name: '党组(党委)', nameEn: 'Party group', sortOrder: 1, kinds: ['partyGroup'] },
  { code: 'L2', name: '机关党委', nameEn: 'Organ party committee', sortOrder: 2, kinds: ['organCommittee', 'generalBranch'] },
  { code: 'L3', name: '党支部', nameEn: 'Party branch', sortOrder: 3, kinds: ['branch'] },
] as const;
