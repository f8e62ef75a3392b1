import { z } from 'zod';
import { ROLES } from './roles.ts';

export const POSTS = ['书记', '副书记', '班子成员', '委员', '组织委员', '宣传委员', '纪检委员', '联络员', '工作人员', '党员'] as const;

export const personCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'codeFormat' });

export const personInputSchema = z.object({
  orgId: z.number().int().positive(),
  code: personCodeSchema,
  name: z.string().trim().min(1).max(50),
  post: z.string().trim().min(1).max(30),
  phone: z.string().trim().max(30).default(''),
  sortOrder: z.number().int().min(0).max(1_000_000).default(0),
});
export type PersonInput = z.infer<typeof personInputSchema>;

export const grantInputSchema = z.object({
  role: z.enum(ROLES),
  orgId: z.number().int().positive(),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'usernameFormat' });

export const personUpdateSchema = personInputSchema.extend({ version: z.number().int().positive() });
export type PersonUpdate = z.infer<typeof personUpdateSchema>;

export const accountCreateSchema = z.object({
  personId: z.number().int().positive(),
  username: usernameSchema,
  password: z.string().min(1).max(200),
});
export type AccountCreate = z.infer<typeof accountCreateSchema>;

export const PEOPLE_SORTS = ['name', 'code', 'post', 'org'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export const ACCOUNT_STATUSES = ['active', 'locked', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** A person as lists and detail views show them. */
export const personSchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgPath: z.string(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  post: z.string(),
  phone: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  accountId: z.number().int().nullable(),
  username: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
});
export type Person = z.infer<typeof personSchema>;

/** A person with their account, if they have one (GET /api/people/:id and the answers of its changes). */
export const personDetailSchema = personSchema.extend({
  account: z
    .object({ id: z.number(), username: z.string(), active: z.boolean(), locked: z.boolean(), mustChangePassword: z.boolean(), lastLoginAt: z.string().nullable() })
    .nullable(),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;
/** The fields of a person as a form sends them (POST /api/people; PUT adds `version`). */
export type PersonFields = z.input<typeof personInputSchema>;

export const grantSchema = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  orgPath: z.string(),
  createdAt: z.string(),
});
export type Grant = z.infer<typeof grantSchema>;

/** An account as the account list shows it. Never carries the password hash. */
export const accountSchema = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  personCode: z.string(),
  personActive: z.boolean(),
  orgName: z.string(),
  unitName: z.string().nullable(),
  username: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
});
export type Account = z.infer<typeof accountSchema>;
